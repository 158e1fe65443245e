"""Break, lunch and end-of-shift nudges planned for a member's shifts.

Breaks come every `cadence` of *real* elapsed time from the DST-resolved shift start (computed in
UTC). On the fall-back night a 22:00-06:00 shift lasts nine real hours and gets the nudges nine
hours deserve; their wall-clock labels shift by the hour, which is what a body on shift needs.
Lunch is a wall-clock time, resolved like any other (gap → forward, fold → first occurrence).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar

from bot.schedule.days import local_datetime, to_utc
from bot.schedule.models import BreakPrefs, MemberCalendar
from bot.schedule.shifts import ShiftInstance, shift_instances, shifts_on

NudgeKind = Literal["break", "lunch", "end_of_shift"]
T = TypeVar("T")


@dataclass(frozen=True)
class PlannedNudge:
    """One message to send. `at` is UTC; `slot` is unique within `local_date` for a member.

    Slots name the shift by its start ("break-0800-2", "lunch-0800", "end-0800"), so a split
    shift gets distinct ids and adding a second shift doesn't renumber the first one's.
    """

    kind: NudgeKind
    at: datetime
    slot: str
    local_date: date


def _lunch_at(shift: ShiftInstance, lunch: time) -> datetime | None:
    # An overnight shift may meet its lunch time on the next calendar day.
    for day in (shift.local_date, shift.local_date + timedelta(days=1)):
        at = to_utc(local_datetime(day, lunch, shift.zone))
        if shift.contains(at):
            return at
    return None


def _breaks(
    shift: ShiftInstance, prefs: BreakPrefs, lunch: datetime | None
) -> list[tuple[int, datetime]]:
    cadence = timedelta(minutes=prefs.cadence_minutes)
    margin = timedelta(minutes=prefs.margin_minutes)
    lunch_end = lunch + timedelta(minutes=prefs.lunch_minutes) if lunch else None
    found = []
    k = 1
    while (at := shift.start + k * cadence) < shift.end - margin:
        in_lunch = lunch is not None and lunch_end is not None and lunch <= at < lunch_end
        if at >= shift.start + margin and not in_lunch:
            found.append((k, at))
        k += 1
    return found


def _back_to_back(cal: MemberCalendar, shift: ShiftInstance, delay: timedelta) -> bool:
    """True when another shift starts before the end-of-shift message would go out."""
    window_end = shift.end + delay + timedelta(seconds=1)
    return any(s.start >= shift.end for s in shift_instances(cal, shift.end, window_end))


def plan_shift(
    cal: MemberCalendar, shift: ShiftInstance, prefs: BreakPrefs, *, end_of_shift: bool = True
) -> list[PlannedNudge]:
    """Nudges for one shift, in time order.

    Breaks: every cadence from the start, none in [start, start+margin) or [end-margin, end),
    none inside lunch [lunch, lunch+lunch_minutes). One lunch reminder if lunch falls in the
    shift. The end-of-shift message `end_delay` after the end, unless the next shift starts
    by then. `prefs.enabled=False` silences breaks and lunch, not the end-of-shift message.
    """
    tag = f"{shift.rule.start:%H%M}"
    day = shift.local_date
    out: list[PlannedNudge] = []
    if prefs.enabled:
        lunch = _lunch_at(shift, prefs.lunch) if prefs.lunch is not None else None
        out += [
            PlannedNudge("break", at, f"break-{tag}-{k}", day)
            for k, at in _breaks(shift, prefs, lunch)
        ]
        if lunch is not None:
            out.append(PlannedNudge("lunch", lunch, f"lunch-{tag}", day))
    delay = timedelta(minutes=prefs.end_delay_minutes)
    if end_of_shift and not _back_to_back(cal, shift, delay):
        out.append(PlannedNudge("end_of_shift", shift.end + delay, f"end-{tag}", day))
    return sorted(out, key=lambda n: n.at)


def plan_day(
    cal: MemberCalendar, prefs: BreakPrefs, local_date: date, *, end_of_shift: bool = True
) -> list[PlannedNudge]:
    """Every nudge for the shifts starting on `local_date` (none on a day off), in time order."""
    out: list[PlannedNudge] = []
    for shift in shifts_on(cal, local_date):
        out += plan_shift(cal, shift, prefs, end_of_shift=end_of_shift)
    return sorted(out, key=lambda n: n.at)


def plan_window(
    cal: MemberCalendar, prefs: BreakPrefs, start: datetime, end: datetime
) -> list[PlannedNudge]:
    """Nudges due in [start, end), e.g. for a planning job or "next nudge" in `status`."""
    start, end = to_utc(start), to_utc(end)
    zone = cal.zone
    day = start.astimezone(zone).date() - timedelta(days=1)
    out: list[PlannedNudge] = []
    while day <= end.astimezone(zone).date():
        out += [n for n in plan_day(cal, prefs, day) if start <= n.at < end]
        day += timedelta(days=1)
    return out


def _rank_hash(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def stagger_offset(member_key: str, *, spread_minutes: int = 5) -> timedelta:
    """A stable per-member delay in [0, spread) seconds, for when the team isn't known."""
    if spread_minutes <= 0:
        return timedelta(0)
    seconds = int.from_bytes(_rank_hash(member_key)[:8], "big") % (spread_minutes * 60)
    return timedelta(seconds=seconds)


def stagger(
    items: Sequence[T], *, key: Callable[[T], str], spread_minutes: int = 5
) -> list[timedelta]:
    """Delays (aligned with `items`) that spread same-minute nudges across a team.

    The front desk shouldn't empty at once: members are ordered by a hash of `key` (a member
    id) and spaced evenly over `spread_minutes`. Deterministic, so a retry gives the same plan.
    """
    if not items or spread_minutes <= 0:
        return [timedelta(0)] * len(items)
    order = sorted(range(len(items)), key=lambda i: (_rank_hash(key(items[i])), i))
    step = spread_minutes * 60 / len(items)
    offsets = [timedelta(0)] * len(items)
    for rank, index in enumerate(order):
        offsets[index] = timedelta(seconds=int(rank * step))
    return offsets
