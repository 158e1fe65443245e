"""Pure rules of the weekly pulse: when a round opens (DST-correct, closed days skipped), and
results that never show a group smaller than the threshold, nor a change against a round that
did not meet it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.schedule import local_datetime
from bot.store.pulse import PulseConfig, Round, RoundTallies, Signals, Tally

DEFAULT_WEEKDAY = 4  # Friday
DEFAULT_TIME = "14:00"
DEFAULT_OPEN_HOURS = 72
OPEN_HOURS_CHOICES = (24, 48, 72, 96, 120)
# Five by default (Viva Glint, Culture Amp, Qualtrics, Lattice): below that, two colleagues who
# compare their own answers can work out a third's. Never below three: with two answers, either
# person reads the other's by subtracting their own.
DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
MAX_THRESHOLD = 25
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
DEFAULT_QUESTIONS = ("workload-manageable", "stress-coping", "breaks-taken", "after-hours-messages")
DEFAULT_COMMENT = "next-week-better"
PLAN_AHEAD = timedelta(hours=1)  # a round (and its post) is planned an hour before it opens
TREND_ROUNDS = 8
# Scale questions whose fall two weeks running raises the alert line (workload and stress).
ALERT_FACTORS = ("administrative-overload", "workplace-stress")
ALERT_RUN = 3  # three results in a row, each worse than the one before


@dataclass(frozen=True)
class Window:
    week: str  # ISO week the round belongs to, "2026-W49"
    local_day: date  # the day it opens (a closed scheduled day moves to the next workday)
    opens_at: datetime  # UTC
    closes_at: datetime  # UTC


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_hhmm(value: str) -> time | None:
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return None


def window_for_week(
    config: PulseConfig, monday: date, is_off: Callable[[date], bool]
) -> Window | None:
    """The round of the ISO week starting `monday`: the configured day and time in the team's
    zone; a closed day or holiday moves it to the next workday (at most six days later)."""
    at = parse_hhmm(config.local_time) or time(14, 0)
    scheduled = monday + timedelta(days=config.weekday)
    for offset in range(7):
        day = scheduled + timedelta(days=offset)
        workday = day.weekday() < 5 or day.weekday() == config.weekday
        if workday and not is_off(day):
            opens = local_datetime(day, at, config.tz).astimezone(UTC)
            closes = opens + timedelta(hours=config.open_hours)
            return Window(iso_week(scheduled), day, opens, closes)
    return None


def due_window(config: PulseConfig, now: datetime, is_off: Callable[[date], bool]) -> Window | None:
    """The round to plan now, if any: one that opens within `PLAN_AHEAD` or is open already.

    A pulse set up after this week's moment starts next week rather than at once.
    """
    today = now.astimezone(ZoneInfo(config.tz)).date()
    this_monday = today - timedelta(days=today.weekday())
    for monday in (this_monday, this_monday - timedelta(days=7)):
        window = window_for_week(config, monday, is_off)
        if window is None or not (window.opens_at - PLAN_AHEAD <= now < window.closes_at):
            continue
        if config.created_at is not None and window.opens_at < config.created_at:
            continue
        return window
    return None


def reminder_at(opens_at: datetime, closes_at: datetime) -> datetime:
    """One reminder a day before the close, and never before half of the open time."""
    return max(closes_at - timedelta(hours=24), opens_at + (closes_at - opens_at) / 2)


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    id: str
    kind: str  # scale | yesno
    value: float  # scale: average 1–5 (1 decimal); yesno: percent answering yes (whole number)
    delta: float | None  # change against the previous round, when both met the threshold


@dataclass(frozen=True)
class TrendPoint:
    week: str
    eligible: bool
    values: Mapping[str, float]


@dataclass(frozen=True)
class Results:
    round: Round
    eligible: bool
    responses: int
    threshold: int
    members: int | None = None  # how many could answer (frozen at open), when known
    questions: tuple[QuestionResult, ...] = ()
    comments: tuple[str, ...] = ()
    trend: tuple[TrendPoint, ...] = ()
    alerts: tuple[str, ...] = ()  # question ids that worsened two weeks in a row
    signals: Signals | None = None
    kinds: Mapping[str, str] = field(default_factory=dict)
    note: str | None = None  # the round never ran: why (e.g. "members_unknown", "too_few")
    could_answer: bool = False  # the reader was in the round's frozen set: nothing for them

    @property
    def needed(self) -> int:
        return max(0, self.threshold - self.responses)

    @property
    def participation_percent(self) -> int | None:
        if not self.members:
            return None
        return min(100, round(100 * self.responses / self.members))


def effective_threshold(round_: Round, floor: int = MIN_THRESHOLD) -> int:
    return max(round_.threshold, floor, MIN_THRESHOLD)


def question_value(kind: str, tally: Tally) -> float | None:
    if tally.count <= 0:
        return None
    if kind == "scale":
        return round(tally.total / tally.count, 1)
    if kind == "yesno":
        return float(round(100 * tally.yes / tally.count))
    return None


def _values(round_: Round, tallies: RoundTallies, kinds: Mapping[str, str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for qid in round_.questions:
        kind = kinds.get(qid)
        value = question_value(kind or "", tallies.questions.get(qid, Tally()))
        if kind in ("scale", "yesno") and value is not None:
            out[qid] = value
    return out


def build_results(
    current: tuple[Round, RoundTallies],
    history: Sequence[tuple[Round, RoundTallies]],
    *,
    kinds: Mapping[str, str],
    factors: Mapping[str, str],
    threshold: int,
    members: int | None = None,
    signals: Signals | None = None,
    hidden: Collection[int] = (),
) -> Results:
    """Results of a closed round. `history` holds earlier closed rounds of the same channel,
    newest first. Only rounds at or above the threshold show numbers, in the trend too; a change
    is shown only between two rounds that both met it. Rounds in `hidden` (ids: the reader
    could answer them) count as not met."""
    round_, tallies = current
    floor = max(threshold, MIN_THRESHOLD)

    def met(r: Round, t: RoundTallies) -> bool:
        return r.id not in hidden and t.responses >= effective_threshold(r, floor)

    eligible = met(round_, tallies)
    base = Results(
        round=round_,
        eligible=eligible,
        responses=tallies.responses,
        threshold=effective_threshold(round_, floor),
        members=members,
        kinds=kinds,
        note=round_.note,
    )
    if not eligible:
        return base
    series = [current, *history[: TREND_ROUNDS - 1]][::-1]  # oldest first
    trend = tuple(
        TrendPoint(
            week=r.week, eligible=(ok := met(r, t)), values=_values(r, t, kinds) if ok else {}
        )
        for r, t in series
    )
    now_values = trend[-1].values
    before = trend[-2] if len(trend) >= 2 else None
    questions = tuple(
        QuestionResult(
            id=qid,
            kind=kinds[qid],
            value=value,
            delta=(
                round(value - before.values[qid], 1)
                if before is not None and before.eligible and qid in before.values
                else None
            ),
        )
        for qid, value in now_values.items()
    )
    return Results(
        round=round_,
        eligible=True,
        responses=tallies.responses,
        threshold=base.threshold,
        members=members,
        questions=questions,
        comments=tallies.comments,
        trend=trend,
        alerts=worsening(trend, kinds, factors),
        signals=signals,
        kinds=kinds,
    )


def worsening(
    trend: Sequence[TrendPoint], kinds: Mapping[str, str], factors: Mapping[str, str]
) -> tuple[str, ...]:
    """Workload or stress questions that got worse two weeks in a row (three eligible rounds
    in a row, each lower than the one before)."""
    last = list(trend[-ALERT_RUN:])
    if len(last) < ALERT_RUN or not all(p.eligible for p in last):
        return ()
    out = []
    for qid in last[-1].values:
        if kinds.get(qid) != "scale" or factors.get(qid) not in ALERT_FACTORS:
            continue
        series = [p.values.get(qid) for p in last]
        if None in series:
            continue
        if all(b < a for a, b in zip(series, series[1:], strict=False)):  # type: ignore[operator]
            out.append(qid)
    return tuple(out)


def team_signals(
    *,
    team_size: int,
    break_members: int,
    breaks_taken: int,
    break_outcomes: int,
    notices: int,
    threshold: int,
) -> Signals:
    """The team's behaviour over `team_size` people (those frozen at open who have a schedule),
    each figure withheld when fewer than `threshold` people make it: the whole figure needs the
    team to reach it, and the share of breaks also needs that many people with a nudge."""
    floor = max(threshold, MIN_THRESHOLD)
    if team_size < floor:
        return Signals(scheduled=team_size, breaks_taken_percent=None, notices=None)
    share = None
    if break_members >= floor and break_outcomes > 0:
        share = round(100 * breaks_taken / break_outcomes)
    return Signals(scheduled=team_size, breaks_taken_percent=share, notices=notices)
