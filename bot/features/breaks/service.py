"""Rules for break nudges (pure: no Slack, no database; `now` is passed in).

A nudge is identified by its outbox key `nudge:{team}:{user}:{local_date}:{slot}`, where the
slot names the kind and the instant it is due (`break-20261130T160312Z`): a nudge that moves
when settings change gets a new key, one that stays keeps its key. A snoozed nudge appends
`:snooze{N}` to the key of the message that was snoozed, so each snooze is one new row and a
double click can never schedule two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from bot.schedule import (
    BreakPrefs,
    MemberCalendar,
    PlannedNudge,
    ShiftUpdate,
    TimeOff,
    WeeklySchedule,
    ZoneChoice,
    current_shift,
    leave_until,
    next_shift,
    parse_away,
    parse_breaks,
    parse_shift,
    parse_slot,
    parse_zone,
    plan_day,
    plan_shift,
    plan_window,
    shift_instances,
    shifts_on,
    since_change,
    stagger_offset,
    to_utc,
)
from bot.schedule.words import drop_courtesy, fold

SNOOZE_MINUTES = (10, 15, 30)
PLAN_AHEAD = timedelta(hours=2)
# When a member is planned again (see `next_planning_at`).
REPLAN_EVERY = timedelta(hours=1)  # while a shift is near; well inside PLAN_AHEAD
PLAN_LEAD = timedelta(minutes=15)  # the first planning before a shift starts
SHIFT_TAIL = timedelta(hours=1)  # the end-of-shift message comes up to an hour after the end
MAX_SLEEP = timedelta(hours=12)  # closures and holidays are not tracked per member
MIN_STEP = timedelta(minutes=1)
OutboxKind = Literal["nudge", "lunch"]
Outcome = Literal["took_it", "snoozed", "skipped", "natural"]


@dataclass(frozen=True)
class NudgeRef:
    """What a nudge's key says: whose, which local day and slot, and any snoozes on top."""

    team_id: str
    user_id: str
    local_date: date
    slot: str
    snoozes: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        base = f"nudge:{self.team_id}:{self.user_id}:{self.local_date.isoformat()}:{self.slot}"
        return base + "".join(f":snooze{n}" for n in self.snoozes)

    @property
    def kind(self) -> OutboxKind:
        return "lunch" if self.slot.startswith("lunch") else "nudge"

    def snoozed(self, minutes: int) -> NudgeRef:
        return NudgeRef(
            self.team_id, self.user_id, self.local_date, self.slot, (*self.snoozes, minutes)
        )


def parse_key(key: str) -> NudgeRef | None:
    """The reference in a key (or a button value); None when it isn't one of ours."""
    parts = key.split(":")
    if len(parts) < 5 or parts[0] != "nudge" or not all(parts[1:5]):
        return None
    try:
        local_date = date.fromisoformat(parts[3])
    except ValueError:
        return None
    snoozes: list[int] = []
    for extra in parts[5:]:
        minutes = extra.removeprefix("snooze")
        if extra == minutes or not minutes.isdigit():
            return None
        snoozes.append(int(minutes))
    return NudgeRef(parts[1], parts[2], local_date, parts[4], tuple(snoozes))


@dataclass(frozen=True)
class DueNudge:
    """A planned nudge ready for the outbox: when it is due and until when it is worth sending."""

    ref: NudgeRef
    due_at: datetime
    expires_at: datetime


def member_stagger(team_id: str, user_id: str) -> timedelta:
    """The member's fixed break delay (0-5 min) that keeps a front desk from emptying at once."""
    return stagger_offset(f"{team_id}:{user_id}")


def due_nudges(
    cal: MemberCalendar,
    prefs: BreakPrefs,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    validity: timedelta,
    ahead: timedelta = PLAN_AHEAD,
    since: datetime | None = None,
) -> list[DueNudge]:
    """Break and lunch nudges planned in [now - validity, now + ahead), none due before the
    member's last change of settings (`since`).

    Looking back by `validity` means a nudge planned a moment ago (the bot was restarting, a
    backlog of members) still goes out while it is useful; the dispatcher drops it after. But a
    nudge the new settings put before the moment they were saved is not sent late.
    """
    if not prefs.enabled or not cal.schedule.rules:
        return []
    stagger = member_stagger(team_id, user_id)
    out: list[DueNudge] = []
    planned = plan_window(cal, prefs, now - validity, now + ahead, stagger=stagger)
    for nudge in since_change(planned, since):
        if nudge.kind == "end_of_shift":
            continue  # the end-of-shift feature plans its own message
        ref = NudgeRef(team_id, user_id, nudge.local_date, nudge.slot)
        out.append(DueNudge(ref, nudge.at, nudge.at + validity))
    return out


def still_wanted(cal: MemberCalendar, prefs: BreakPrefs, ref: NudgeRef) -> bool:
    """Whether a queued nudge is still in the member's plan (checked just before sending).

    Shifts, zone, breaks on/off, cadence, lunch, time off and closed days may have changed since
    it was planned; its slot names the instant it is due, so it is wanted exactly when the
    current plan still holds that kind at that instant. A snoozed nudge was asked for by the
    member, so only "breaks off" and time off cancel it.
    """
    if not prefs.enabled or leave_until(cal, ref.local_date) is not None:
        return False
    if ref.snoozes:
        return True
    if parse_slot(ref.slot) is None:
        return False  # a slot name from before instants named slots: planned again instead
    stagger = member_stagger(ref.team_id, ref.user_id)
    return any(n.slot == ref.slot for n in plan_day(cal, prefs, ref.local_date, stagger=stagger))


def next_planning_at(cal: MemberCalendar, now: datetime) -> datetime | None:
    """When a member planned at `now` next needs planning (None: no shifts, never).

    Planning at `now` queues what falls in [now - validity, now + PLAN_AHEAD) (breaks, lunch,
    the end-of-shift message). From PLAN_LEAD before a shift starts until SHIFT_TAIL after it
    ends, the member is planned every REPLAN_EVERY, so those windows overlap; between shifts,
    next at the next shift's start - PLAN_LEAD, and at least every MAX_SLEEP.
    """
    if not cal.schedule.rules:
        return None
    now = to_utc(now)
    if shift_instances(cal, now - SHIFT_TAIL, now + PLAN_LEAD + MIN_STEP):
        return now + REPLAN_EVERY
    upcoming = next_shift(cal, now)
    latest = now + MAX_SLEEP
    if upcoming is None:
        return latest
    return min(max(upcoming.start - PLAN_LEAD, now + MIN_STEP), latest)


def local_today(cal: MemberCalendar, now: datetime) -> date:
    return to_utc(now).astimezone(cal.zone).date()


def week_bounds(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding `today`."""
    start = today - timedelta(days=today.weekday())
    return start, start + timedelta(days=6)


@dataclass(frozen=True)
class TodayPlan:
    """What `status` shows: the next nudge and lunch, and when the current shift ends."""

    next_nudge: PlannedNudge | None
    lunch: PlannedNudge | None
    shift_end: datetime | None


def today_plan(
    cal: MemberCalendar, prefs: BreakPrefs, now: datetime, *, stagger: timedelta = timedelta(0)
) -> TodayPlan:
    """The shift the member is on (an overnight one after midnight too) and the shifts still
    to start today: their next break or lunch nudge at or after `now`, and the current end."""
    now = to_utc(now)
    shift = current_shift(cal, now)
    shifts = [shift] if shift is not None else []
    shifts += [s for s in shifts_on(cal, local_today(cal, now)) if s.start > now]
    planned = [
        n
        for s in shifts
        for n in plan_shift(cal, s, prefs, stagger=stagger, end_of_shift=False)
        if n.at >= now
    ]
    planned.sort(key=lambda n: n.at)
    return TodayPlan(
        next_nudge=planned[0] if planned else None,
        lunch=next((n for n in planned if n.kind == "lunch"), None),
        shift_end=shift.end if shift else None,
    )


# -- command rules: each returns the new value or raises GrammarError with a helpful message --


def shift_update(text: str, *, lang: str = "en") -> ShiftUpdate:
    return parse_shift(text, lang=lang)


def new_schedule(text: str, current: WeeklySchedule, *, lang: str = "en") -> WeeklySchedule:
    return parse_shift(text, lang=lang).apply(current)


def new_prefs(text: str, current: BreakPrefs, schedule: WeeklySchedule | None = None) -> BreakPrefs:
    return parse_breaks(text, current, schedule=schedule)


def new_zone(text: str) -> ZoneChoice:
    return parse_zone(text)


def has_words(text: str) -> bool:
    """Whether `text` says more than courtesy ("back, ya volví!" says nothing more)."""
    return bool(drop_courtesy(fold(text)).strip(" .,;:-"))


def new_time_off(text: str, *, today: date, lang: str = "en") -> TimeOff:
    return parse_away(text, today=today, lang=lang)


def prefs_command(prefs: BreakPrefs) -> str:
    """The `breaks` text that sets every preference back to `prefs` (exact, 24-hour)."""
    lunch = f"lunch {prefs.lunch:%H:%M} {prefs.lunch_minutes}m" if prefs.lunch else "lunch off"
    state = "on" if prefs.enabled else "off"
    return f"breaks {state} every {prefs.cadence_minutes}m margin {prefs.margin_minutes}m {lunch}"


def away_command(start: date | None, end: date | None, today: date) -> str:
    """The command that puts time off back as it was (`back` when there was none left)."""
    if end is None or end < today:
        return "back"
    first = start if start is not None and start <= end else end
    return f"away {first.isoformat()} to {end.isoformat()}"
