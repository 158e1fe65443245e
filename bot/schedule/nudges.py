"""Break, lunch and end-of-shift nudges planned for a member's shifts.

Breaks come every `cadence` of *real* elapsed time from the DST-resolved shift start (computed in
UTC). On the fall-back night a 22:00-06:00 shift lasts nine real hours and gets the nudges nine
hours deserve; their wall-clock labels shift by the hour, which is what a body on shift needs.
Lunch is a wall-clock time, resolved like any other (gap → forward, fold → first occurrence).

A planned nudge is named by its kind and the instant it is due (`PlannedNudge.slot`), so a plan
made again after any change of settings gives the same name to a nudge that didn't move and a
new name to one that did: the outbox key built on it can neither swallow a moved nudge nor
send an unmoved one twice (see docs/architecture.md, "Planning").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, TypeVar

from bot.schedule.days import local_datetime, to_utc
from bot.schedule.models import BreakPrefs, MemberCalendar
from bot.schedule.shifts import ShiftDays, ShiftInstance

NudgeKind = Literal["break", "lunch", "end_of_shift"]
T = TypeVar("T")

_PREFIX: dict[NudgeKind, str] = {"break": "break", "lunch": "lunch", "end_of_shift": "end"}
_KIND_OF = {prefix: kind for kind, prefix in _PREFIX.items()}
_SLOT_RE = re.compile(r"^(break|lunch|end)-(\d{8}T\d{6}Z)$")
_STAMP = "%Y%m%dT%H%M%SZ"


def slot_name(kind: NudgeKind, at: datetime) -> str:
    """`break-20261130T160312Z`: the kind and the UTC instant it is due (no `:`, key-safe)."""
    return f"{_PREFIX[kind]}-{to_utc(at):{_STAMP}}"


def parse_slot(slot: str) -> tuple[NudgeKind, datetime] | None:
    """The kind and instant a slot names; None for anything else (e.g. an older slot name)."""
    found = _SLOT_RE.match(slot)
    if found is None:
        return None
    try:
        at = datetime.strptime(found.group(2), _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None
    return _KIND_OF[found.group(1)], at


@dataclass(frozen=True)
class PlannedNudge:
    """One message to send. `at` is UTC, when it is due (a break's stagger included);
    `local_date` is the local date its shift starts on, `shift_end` when that shift ends."""

    kind: NudgeKind
    at: datetime
    local_date: date
    shift_end: datetime

    @property
    def slot(self) -> str:
        return slot_name(self.kind, self.at)


def _lunches(shift: ShiftInstance, lunch: time) -> list[datetime]:
    """The member's lunch on each local day that can touch this shift (an overnight shift
    meets the next day's; yesterday's can run into an early start), resolved like any wall
    time."""
    days = (shift.local_date + timedelta(days=n) for n in (-1, 0, 1))
    return [to_utc(local_datetime(day, lunch, shift.zone)) for day in days]


def _breaks(
    shift: ShiftInstance, prefs: BreakPrefs, lunches: list[datetime], stagger: timedelta
) -> list[datetime]:
    """Every cadence from the start, moved by the member's stagger *before* the filters, so a
    staggered break can't slip into lunch or the quiet margins. Lunch keeps breaks away whether
    or not its reminder falls in this shift."""
    cadence = timedelta(minutes=prefs.cadence_minutes)
    margin = timedelta(minutes=prefs.margin_minutes)
    quiet = timedelta(minutes=prefs.lunch_minutes + prefs.lunch_gap_minutes)
    found = []
    k = 1
    while (at := shift.start + k * cadence + stagger) < shift.end - margin:
        after_lunch = any(lunch <= at < lunch + quiet for lunch in lunches)
        if at >= shift.start + margin and not after_lunch:
            found.append(at)
        k += 1
    return found


def _back_to_back(days: ShiftDays, shift: ShiftInstance, delay: timedelta) -> bool:
    """True when another shift starts before the end-of-shift message would go out (or as it
    would): "time to disconnect" is never said inside the next shift."""
    latest = shift.end + delay
    return any(
        other != shift and shift.end <= other.start <= latest
        for n in (0, 1, 2)
        for other in days(shift.local_date + timedelta(days=n))
    )


def plan_shift(
    cal: MemberCalendar,
    shift: ShiftInstance,
    prefs: BreakPrefs,
    *,
    stagger: timedelta = timedelta(0),
    end_of_shift: bool = True,
    days: ShiftDays | None = None,
) -> list[PlannedNudge]:
    """Nudges for one shift, in time order (`days`: the calendar's shifts, if already at hand).

    Breaks: every cadence from the start plus `stagger`, none in [start, start+margin) or
    [end-margin, end), none from a lunch until `lunch_minutes + lunch_gap_minutes` after it.
    One lunch reminder if lunch falls in the shift. The end-of-shift message `end_delay` after
    the end, unless another shift starts by then. `prefs.enabled=False` silences breaks and lunch,
    not the end-of-shift message.
    """
    day, end = shift.local_date, shift.end
    out: list[PlannedNudge] = []
    if prefs.enabled:
        lunches = _lunches(shift, prefs.lunch) if prefs.lunch is not None else []
        out += [
            PlannedNudge("break", at, day, end) for at in _breaks(shift, prefs, lunches, stagger)
        ]
        out += [PlannedNudge("lunch", at, day, end) for at in lunches if shift.contains(at)]
    delay = timedelta(minutes=prefs.end_delay_minutes)
    if end_of_shift and not _back_to_back(days or ShiftDays(cal), shift, delay):
        out.append(PlannedNudge("end_of_shift", end + delay, day, end))
    return sorted(out, key=lambda n: n.at)


def plan_day(
    cal: MemberCalendar,
    prefs: BreakPrefs,
    local_date: date,
    *,
    stagger: timedelta = timedelta(0),
    end_of_shift: bool = True,
    days: ShiftDays | None = None,
) -> list[PlannedNudge]:
    """Every nudge for the shifts starting on `local_date` (none on a day off), in time order."""
    days = days or ShiftDays(cal)
    out: list[PlannedNudge] = []
    for shift in days(local_date):
        out += plan_shift(cal, shift, prefs, stagger=stagger, end_of_shift=end_of_shift, days=days)
    return sorted(out, key=lambda n: n.at)


def plan_window(
    cal: MemberCalendar,
    prefs: BreakPrefs,
    start: datetime,
    end: datetime,
    *,
    stagger: timedelta = timedelta(0),
) -> list[PlannedNudge]:
    """Nudges due in [start, end), e.g. for a planning job or "next nudge" in `status`."""
    start, end = to_utc(start), to_utc(end)
    if end <= start:
        return []
    zone = cal.zone
    days = ShiftDays(cal)
    # The day before may hold an overnight shift whose nudges fall in the window.
    day = start.astimezone(zone).date() - timedelta(days=1)
    out: list[PlannedNudge] = []
    while day <= end.astimezone(zone).date():
        planned = plan_day(cal, prefs, day, stagger=stagger, days=days)
        out += [n for n in planned if start <= n.at < end]
        day += timedelta(days=1)
    return out


def since_change(nudges: Iterable[PlannedNudge], since: datetime | None) -> list[PlannedNudge]:
    """What a plan made after a change of settings at `since` may add: nothing due before the
    change, and no end-of-shift message for a shift that had ended before it."""
    if since is None:
        return list(nudges)
    since = to_utc(since)
    return [
        n for n in nudges if n.at >= since and (n.kind != "end_of_shift" or n.shift_end >= since)
    ]


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
