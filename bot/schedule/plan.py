"""A stable public entry point to the planner, from plain inputs.

`plan_nudges` answers "what will Balance Bot send this member, and when?" with the same code
the bot runs (`plan_window`, `since_change`), without a database, Slack or a clock. It exists
so that a planner written independently from the rules in DESIGN.md (an oracle) can be compared
with ours, and for anyone scripting "what if" questions. Its signature is documented in
docs/architecture.md and kept stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from pydantic import ValidationError

from bot.schedule.days import to_utc
from bot.schedule.models import BreakPrefs, MemberCalendar, ShiftRule, TimeOff, WeeklySchedule
from bot.schedule.nudges import plan_window, since_change

STAGGER_MAX_SECONDS = 299  # the bot spreads a team's breaks over 5 minutes


class Nudge(NamedTuple):
    """One planned message: when it is due (UTC), what it is, and its shift's local date."""

    at: datetime
    kind: str  # "break" | "lunch" | "end_of_shift"
    shift_date: date


def _time(value: str | time) -> time:
    if isinstance(value, time):
        return value
    hours, sep, minutes = str(value).strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"times are 'HH:MM' (24-hour), got {value!r}")
    return time(int(hours), int(minutes))


def plan_nudges(
    zone: str,
    shifts: Iterable[tuple[int, str | time, str | time]],
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    lunch: str | time | None = None,
    lunch_minutes: int = 30,
    cadence_minutes: int = 90,
    margin_minutes: int = 30,
    lunch_gap_minutes: int = 30,
    end_delay_minutes: int = 5,
    stagger_seconds: int = 0,
    breaks: bool = True,
    end_of_shift: bool = True,
    leave: Iterable[tuple[date, date]] = (),
    closed_days: Iterable[date] = (),
    holidays_country: str | None = None,
    holidays_subdiv: str | None = None,
) -> list[Nudge]:
    """Every break, lunch and end-of-shift message due in [start, end), sorted by time.

    `zone` is an IANA name; `shifts` are `(weekday 0=Mon…6=Sun, "HH:MM", "HH:MM")` wall-clock
    times in it (end <= start: the shift ends the next day). `now` is when these settings were
    saved: nothing due before it, and no end-of-shift message for a shift that had ended by
    then. `leave` holds `(first_day, last_day)` local dates, both included; a shift on a day off
    (leave, `closed_days`, a public holiday of `holidays_country`/`holidays_subdiv`) is skipped
    whole. `stagger_seconds` (0-299) delays break nudges only. Raises ValueError for anything the
    bot itself would refuse. See docs/architecture.md, "Planning", for every input.
    """
    if not 0 <= stagger_seconds <= STAGGER_MAX_SECONDS:
        raise ValueError(f"stagger_seconds is 0 to {STAGGER_MAX_SECONDS}, got {stagger_seconds}")
    start, end, now = to_utc(start), to_utc(end), to_utc(now)
    if end < start:
        raise ValueError("the window ends before it starts")
    try:
        rules = tuple(
            ShiftRule(weekday=day, start=_time(begin), end=_time(finish))
            for day, begin, finish in shifts
        )
        cal = MemberCalendar(
            tz=zone,
            schedule=WeeklySchedule(rules=rules),
            time_off=tuple(TimeOff(start=first, end=last) for first, last in leave),
            closed_days=frozenset(closed_days),
            holiday_country=holidays_country,
            holiday_subdiv=holidays_subdiv,
        )
        prefs = BreakPrefs(
            cadence_minutes=cadence_minutes,
            margin_minutes=margin_minutes,
            lunch=_time(lunch) if lunch is not None else None,
            lunch_minutes=lunch_minutes,
            lunch_gap_minutes=lunch_gap_minutes,
            end_delay_minutes=end_delay_minutes,
            enabled=breaks,
        )
    except ValidationError as exc:
        raise ValueError(str(exc)) from None
    planned = plan_window(cal, prefs, start, end, stagger=timedelta(seconds=stagger_seconds))
    return sorted(
        (
            Nudge(n.at, n.kind, n.local_date)
            for n in since_change(planned, now)
            if end_of_shift or n.kind != "end_of_shift"
        ),
        key=lambda n: (n.at, n.kind),
    )
