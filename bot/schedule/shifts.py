"""Real shift instances from a member's weekly rules, and whether a member is off shift now.

All instants returned here are UTC-aware: compare and subtract them freely. A shift belongs to
the local date it starts on; it is skipped when that date is a day off (leave, closure, holiday).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.schedule.days import is_day_off, leave_until, local_datetime, to_utc
from bot.schedule.models import MemberCalendar, ShiftRule

OffReason = Literal["off_shift", "time_off", "holiday", "closed"]
MAX_SEARCH_DAYS = 800  # a hard stop for schedules whose every day is off


@dataclass(frozen=True)
class ShiftInstance:
    """One real shift. `start`/`end` are UTC; `end - start` is the real length (DST included)."""

    start: datetime
    end: datetime
    local_date: date
    rule: ShiftRule
    zone: ZoneInfo

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.zone)

    def contains(self, moment: datetime) -> bool:
        return self.start <= to_utc(moment) < self.end


@dataclass(frozen=True)
class OffShift:
    """Why a member is not working now and when they are back.

    `period_key` is the same for every moment of one off-shift period (it is derived from
    `back_at`), so "one notice per sender, per colleague, per period" is a unique key on it.
    """

    reason: OffReason
    back_at: datetime | None
    period_key: str
    holiday: str | None = None
    leave_until: date | None = None


def _raw_shifts_on(cal: MemberCalendar, day: date) -> list[ShiftInstance]:
    if is_day_off(cal, day):
        return []
    zone = cal.zone
    out = []
    for rule in cal.schedule.on_weekday(day.weekday()):
        end_day = day + timedelta(days=1) if rule.overnight else day
        start = to_utc(local_datetime(day, rule.start, zone))
        end = to_utc(local_datetime(end_day, rule.end, zone))
        out.append(ShiftInstance(start=start, end=end, local_date=day, rule=rule, zone=zone))
    return out


class ShiftDays:
    """`shifts_on` for one calendar, remembering each day it worked out: planning a window
    asks about the same few days many times (each shift looks at the next ones)."""

    def __init__(self, cal: MemberCalendar) -> None:
        self.cal = cal
        self._raw: dict[date, list[ShiftInstance]] = {}
        self._done: dict[date, list[ShiftInstance]] = {}

    def _raw_on(self, day: date) -> list[ShiftInstance]:
        if day not in self._raw:
            self._raw[day] = _raw_shifts_on(self.cal, day)
        return self._raw[day]

    def __call__(self, day: date) -> list[ShiftInstance]:
        if day not in self._done:
            self._done[day] = self._resolve(day)
        return list(self._done[day])

    def _resolve(self, day: date) -> list[ShiftInstance]:
        raw = self._raw_on(day)
        if not raw:
            return raw
        ordered = raw + (self._raw_on(day + timedelta(days=1)) if day < date.max else [])
        out: list[ShiftInstance] = []
        for i, shift in enumerate(raw):
            end = min([shift.end, *(later.start for later in ordered[i + 1 :])])
            start = min(shift.start, end)
            same = (start, end) == (shift.start, shift.end)
            out.append(shift if same else replace(shift, start=start, end=end))
        return out


def shifts_on(cal: MemberCalendar, day: date) -> list[ShiftInstance]:
    """The shifts starting on local `day`, earliest first; none on a day off.

    Shifts that meet on the wall clock can overlap in real time when the meeting point falls
    in a spring-forward gap (a wall time in the gap moves forward, a time after it doesn't).
    The next shift wins: a shift ends when any later one (in wall-clock order, today's or
    tomorrow's) starts. A shift whose start moved past its end is left with no length: no
    break or lunch nudge, but its end still counts (the end-of-shift message).
    """
    return ShiftDays(cal)(day)


def _local_date(cal: MemberCalendar, moment: datetime) -> date:
    return to_utc(moment).astimezone(cal.zone).date()


def shift_instances(cal: MemberCalendar, start: datetime, end: datetime) -> list[ShiftInstance]:
    """Shifts overlapping the half-open window [start, end), earliest first (none if empty)."""
    start, end = to_utc(start), to_utc(end)
    if end < start:
        raise ValueError("shift_instances needs start <= end.")
    if end == start:
        return []
    # The day before may hold an overnight shift reaching into the window.
    day, last = _local_date(cal, start) - timedelta(days=1), _local_date(cal, end)
    found = []
    while day <= last:
        found += [s for s in shifts_on(cal, day) if s.start < end and s.end > start]
        day += timedelta(days=1)
    return found


def current_shift(cal: MemberCalendar, now: datetime) -> ShiftInstance | None:
    """The shift `now` falls in (start included, end excluded), if any."""
    today = _local_date(cal, now)
    for day in (today - timedelta(days=1), today):
        for shift in shifts_on(cal, day):
            if shift.contains(now):
                return shift
    return None


def next_shift(
    cal: MemberCalendar, now: datetime, *, horizon_days: int = 30
) -> ShiftInstance | None:
    """The first shift starting strictly after `now`.

    Looks `horizon_days` working days ahead; leave days are jumped over without counting, so a
    member away for two months still gets a "back at".
    """
    if not cal.schedule.rules:
        return None
    now = to_utc(now)
    day = _local_date(cal, now)  # yesterday's shifts all started before now
    counted = 0
    for _ in range(MAX_SEARCH_DAYS):
        if counted > horizon_days:
            break
        until = leave_until(cal, day)
        if until is not None:
            if until >= date.max:
                return None  # on leave for good: no shift to come back to
            day = until + timedelta(days=1)
            continue
        upcoming = [s for s in shifts_on(cal, day) if s.start > now and s.end > s.start]
        if upcoming:
            return upcoming[0]
        if day >= date.max:
            return None
        day, counted = day + timedelta(days=1), counted + 1
    return None


def _reason(day_off: str | None) -> OffReason:
    if day_off is None:
        return "off_shift"
    if day_off.startswith("holiday:"):
        return "holiday"
    return "time_off" if day_off == "time_off" else "closed"


def off_shift_status(cal: MemberCalendar, now: datetime) -> OffShift | None:
    """None while the member is on shift (or has no shifts and an ordinary day)."""
    if current_shift(cal, now) is not None:
        return None
    today = _local_date(cal, now)
    day_off = is_day_off(cal, today)
    if not cal.schedule.rules and day_off is None:
        return None  # no shifts set: we can't tell they're off, so say nothing
    reason = _reason(day_off)
    upcoming = next_shift(cal, now)
    back_at = upcoming.start if upcoming else None
    until = leave_until(cal, today)
    # back_at is the same all through one off period; without it, the leave or the day names it.
    key = f"back:{back_at:%Y-%m-%dT%H:%MZ}" if back_at else f"{reason}:{until or today}"
    return OffShift(
        reason=reason,
        back_at=back_at,
        period_key=key,
        holiday=day_off.removeprefix("holiday:") if reason == "holiday" and day_off else None,
        leave_until=until,
    )
