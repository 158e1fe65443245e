"""An independent oracle for Balance Bot's break-nudge planner.

Written blind on 2026-12-01 from the rules only (DESIGN.md "Time and scheduling" and
"Feature rules", issue 15, reference/scale-reliability.md section 8, the user guide and
ORACLE_ENTRY.md) by a writer who has not seen the planner's code.

`oracle_plan` has the same contract as `bot.schedule.plan.plan_nudges` and returns a list of
`(at, kind, shift_date)` tuples, sorted by `at`, then `kind`.

Clarity beats speed: every rule is a few lines with the sentence it implements beside it.
Where the documents are silent, the choice is marked "ASSUMPTION A<n>" and listed in README.md.

Standard library and the `holidays` package only; nothing from `bot`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_package

KINDS = ("break", "lunch", "end_of_shift")


# --------------------------------------------------------------------------------------------
# Input checking
# ORACLE_ENTRY "Errors": "ValueError (with a message) for inputs the bot itself would refuse: an
# unknown zone, overlapping shifts, a shift that starts and ends at the same time, values out of
# the ranges above, naive datetimes, `end < start`, an unknown holiday country or subdivision."
# --------------------------------------------------------------------------------------------

_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def _parse_clock(value: str | time, what: str) -> time:
    """ORACLE_ENTRY: `start`/`end` are "HH:MM" (24-hour; a `datetime.time` is accepted too)."""
    if isinstance(value, time):
        return time(value.hour, value.minute)
    if not isinstance(value, str):
        raise ValueError(f"{what}: expected 'HH:MM', got {value!r}")
    match = _HHMM.match(value.strip())
    if not match:
        raise ValueError(f"{what}: expected 'HH:MM', got {value!r}")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"{what}: {value!r} is not a time of day")
    return time(hour, minute)


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")


def _check_aware(name: str, value: datetime) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")


@dataclass(frozen=True)
class WeeklyShift:
    weekday: int  # 0 = Monday ... 6 = Sunday, the day the shift starts
    start: time
    end: time

    @property
    def overnight(self) -> bool:
        # ORACLE_ENTRY: "`end <= start` means the shift ends the next day (overnight)."
        return self.end <= self.start

    def week_minutes(self) -> tuple[int, int]:
        """[first, last) minute of the week on the wall clock (may run past the week's end)."""
        first = self.weekday * 1440 + self.start.hour * 60 + self.start.minute
        length = (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)
        if length <= 0:
            length += 1440
        return first, first + length


def _parse_shifts(shifts: Iterable[tuple[int, str | time, str | time]]) -> list[WeeklyShift]:
    parsed: list[WeeklyShift] = []
    for item in shifts:
        weekday, start, end = item
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday!r}")
        shift = WeeklyShift(
            weekday, _parse_clock(start, "shift start"), _parse_clock(end, "shift end")
        )
        # ORACLE_ENTRY: "a shift that starts and ends at the same time" is refused.
        if shift.start == shift.end:
            raise ValueError(f"a shift cannot start and end at {start!r}")
        parsed.append(shift)
    # ORACLE_ENTRY: "shifts that overlap on the wall clock are refused". The week is a circle
    # (a Sunday night shift runs into Monday morning), so compare each pair also a week apart.
    # ASSUMPTION A14: shifts that only touch (one ends 12:00, the next starts 12:00) do not overlap.
    week = 7 * 1440
    for i, a in enumerate(parsed):
        for b in parsed[i + 1 :]:
            a0, a1 = a.week_minutes()
            b0, b1 = b.week_minutes()
            for shift_by in (-week, 0, week):
                if max(a0, b0 + shift_by) < min(a1, b1 + shift_by):
                    raise ValueError(f"shifts overlap: {a} and {b}")
    return parsed


def _holiday_calendar(country: str | None, subdiv: str | None):
    """ORACLE_ENTRY: `holidays.country_holidays(country, subdiv=…)`, observed days included."""
    if country is None:
        # ASSUMPTION A15: a subdivision without a country means no public holidays.
        return None
    try:
        # The package's defaults keep observed days ("Independence Day (observed)").
        return holidays_package.country_holidays(country, subdiv=subdiv)
    except (NotImplementedError, KeyError, ValueError) as error:
        raise ValueError(f"unknown holiday calendar {country!r}/{subdiv!r}: {error}") from error


# --------------------------------------------------------------------------------------------
# Wall clock -> instant
# DESIGN "Time and scheduling": "DST: a nonexistent local time moves forward, an ambiguous one
# fires once."  scale-reliability §8.2: "Policy: fire at the mapped instant (fold=0, i.e. shifted
# forward by the gap)" and "Fire once with fold=0".
# ASSUMPTION A2: a nonexistent time moves forward by the length of the gap (02:30 -> 03:30 in
#   Chicago), as zoneinfo does with fold=0 -- issue 15 bug 6 ("its 'time to disconnect' arrives 35
#   minutes into the next shift") only happens with this reading.
# ASSUMPTION A3: an ambiguous time means its first occurrence (fold=0), for shift starts, shift
#   ends and lunch alike.
# --------------------------------------------------------------------------------------------


def _instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock).replace(tzinfo=zone, fold=0).astimezone(UTC)


@dataclass
class ShiftOnADay:
    shift_date: date  # ORACLE_ENTRY: "the local date (in `zone`) on which its shift starts"
    wall_start: datetime  # naive local wall-clock start, used to order shifts as people see them
    start: datetime  # UTC instants
    end: datetime


def _is_day_off(day: date, leave: list[tuple[date, date]], closed: set[date], calendar) -> bool:
    # ORACLE_ENTRY: "`leave`: the member's time off, `(first_day, last_day)` local dates, both
    # included." DESIGN: "time off pauses everything for that member".
    if any(first <= day <= last for first, last in leave):
        return True
    # ORACLE_ENTRY: "`closed_days`: the practice's closed days (local dates)."
    if day in closed:
        return True
    # admin guide: "Observed days count: no nudges, no end-of-shift messages".
    return calendar is not None and day in calendar


def oracle_plan(
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
) -> list[tuple[datetime, str, date]]:
    # ---- inputs -----------------------------------------------------------------------------
    try:
        if not isinstance(zone, str) or not zone:
            raise ValueError
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as error:
        raise ValueError(f"unknown time zone {zone!r}") from error
    weekly = _parse_shifts(shifts)
    for name, value in (("start", start), ("end", end), ("now", now)):
        _check_aware(name, value)
    if end < start:
        raise ValueError("end is before start")
    lunch_clock = None if lunch is None else _parse_clock(lunch, "lunch")
    _check_range("lunch_minutes", lunch_minutes, 5, 120)
    _check_range("cadence_minutes", cadence_minutes, 30, 240)
    _check_range("margin_minutes", margin_minutes, 0, 120)
    _check_range("lunch_gap_minutes", lunch_gap_minutes, 0, 120)
    _check_range("end_delay_minutes", end_delay_minutes, 0, 60)
    _check_range("stagger_seconds", stagger_seconds, 0, 299)
    leave_ranges = [(first, last) for first, last in leave]
    closed = set(closed_days)
    calendar = _holiday_calendar(holidays_country, holidays_subdiv)

    cadence = timedelta(minutes=cadence_minutes)
    margin = timedelta(minutes=margin_minutes)
    stagger = timedelta(seconds=stagger_seconds)

    # ---- the shifts that happen -------------------------------------------------------------
    # ORACLE_ENTRY: "Nudges of a shift that began before `start` are included when their moment
    # is inside the window."  A shift lasts under a day of wall clock and its end-of-shift message
    # comes at most an hour later, so starting three days early (and ending two days late, to see
    # the next shift for the DST rule below) is plenty.
    first_day = start.astimezone(tz).date() - timedelta(days=3)
    last_day = end.astimezone(tz).date() + timedelta(days=2)
    worked: list[ShiftOnADay] = []
    day = first_day
    while day <= last_day:
        # ORACLE_ENTRY: "A shift belongs to the local date it starts on: when that date is a day
        # off (leave, closed day or public holiday) the whole shift, with its nudges, is skipped."
        # DESIGN "End of shift": "Never on days off."
        if not _is_day_off(day, leave_ranges, closed, calendar):
            for shift in weekly:
                if shift.weekday != day.weekday():
                    continue
                end_day = day + timedelta(days=1) if shift.overnight else day
                worked.append(
                    ShiftOnADay(
                        shift_date=day,
                        wall_start=datetime.combine(day, shift.start),
                        start=_instant(day, shift.start, tz),
                        end=_instant(end_day, shift.end, tz),
                    )
                )
        day += timedelta(days=1)

    # Issue 15: "the DST-gap overlap is resolved in favour of the next shift" (bug 6: "Shifts
    # meeting across a spring-forward gap overlap in real time: the first is stretched").  Shifts
    # never overlap on the wall clock, so only a moved-forward nonexistent end can run past the
    # start of a later shift; the earlier shift then ends when the later one starts.
    # ASSUMPTION A5: only shifts that are really worked count (a later shift skipped for a day off
    # does not cut the earlier one short).
    # ASSUMPTION A6: a shift left with no length (its start moved forward past its end, or past the
    # next shift's start) gets no break or lunch nudge, but still its end-of-shift message.
    worked.sort(key=lambda s: s.wall_start)
    for index, shift in enumerate(worked):
        for later in worked[index + 1 :]:
            if later.start < shift.end:
                shift.end = later.start
        if shift.start > shift.end:
            shift.start = shift.end

    # ---- lunch times ------------------------------------------------------------------------
    # DESIGN "Breaks": "a lunch reminder at the set time"; "none during lunch and none in the 30
    # min after lunch ends" (`lunch_gap_minutes`, ORACLE_ENTRY: "no break this long after lunch
    # ends").  ASSUMPTION A4: lunch is one wall-clock time each local day; its length and the gap
    # after it are elapsed minutes.
    lunches: list[datetime] = []
    if lunch_clock is not None:
        day = first_day - timedelta(days=1)
        while day <= last_day + timedelta(days=1):
            lunches.append(_instant(day, lunch_clock, tz))
            day += timedelta(days=1)

    def during_lunch_or_just_after(moment: datetime) -> bool:
        # ASSUMPTION A8: every lunch of the day keeps breaks away, whether or not its reminder is
        # sent (i.e. even when lunch starts outside the shift).
        # ASSUMPTION A9: half-open windows: lunch is [lunch, lunch + length), the gap is
        # [lunch end, lunch end + gap); a break exactly at lunch end + gap is allowed.
        for lunch_at in lunches:
            lunch_end = lunch_at + timedelta(minutes=lunch_minutes)
            if lunch_at <= moment < lunch_end + timedelta(minutes=lunch_gap_minutes):
                return True
        return False

    # ---- the nudges of each shift -----------------------------------------------------------
    planned: list[tuple[datetime, str, date]] = []
    for shift in worked:
        # ORACLE_ENTRY: "`breaks`: `False` = the member turned break nudges off (no break and no
        # lunch nudges; end-of-shift messages still come)."
        if breaks:
            # DESIGN "Breaks": "one nudge every 90 min of shift"; ORACLE_ENTRY `cadence_minutes`:
            # "a break every this many minutes of shift".
            # ASSUMPTION A1: minutes of shift are elapsed minutes (real time), also across a DST
            #   change, counted from the shift's (real) start; none at the start itself.
            # ASSUMPTION A7: the count restarts with each shift (each part of a split shift) and is
            #   not reset by lunch.
            k = 1
            while shift.start + k * cadence < shift.end:
                # ORACLE_ENTRY `stagger_seconds`: "the member's fixed delay ... It applies to
                # break nudges only."  DESIGN: "Any stagger is applied before these filters."
                at = shift.start + k * cadence + stagger
                k += 1
                # DESIGN "Breaks": "none in the first or last 30 min of a shift"
                # (ORACLE_ENTRY `margin_minutes`: "no break this close to a shift's start or
                # end").  ASSUMPTION A9: the first window is [start, start + margin) and the last
                # is [end - margin, end), so a break exactly `margin` after the start is allowed
                # and one exactly `margin` before the end is not.
                if at < shift.start + margin:
                    continue
                if at >= shift.end - margin:
                    continue
                # DESIGN "Breaks": "none during lunch and none in the 30 min after lunch ends".
                if during_lunch_or_just_after(at):
                    continue
                planned.append((at, "break", shift.shift_date))

            # DESIGN "Breaks": "a lunch reminder at the set time"; DESIGN "Break nudges — during
            # each person's own shift".  ASSUMPTION A10: the reminder comes when lunch starts
            # inside a shift, [shift start, shift end); that shift owns it (its shift_date) -- for
            # a night shift that is the lunch of the next calendar day.  No reminder when lunch
            # falls outside every shift (e.g. in the hole of a split shift); lunch is not moved
            # by the stagger or the margins.
            for lunch_at in lunches:
                if shift.start <= lunch_at < shift.end:
                    planned.append((lunch_at, "lunch", shift.shift_date))

        # DESIGN "End of shift": "a DM a few minutes after the shift ends"; ORACLE_ENTRY
        # `end_delay_minutes`: "how long after a shift ends the end-of-shift message is due";
        # `end_of_shift`: "`False` = the member turned end-of-shift messages off".
        # ASSUMPTION A11 (CHANGED after the blind run, see README.md "Changed after the blind
        #   run"): every shift gets its own message, each part of a split shift too, unless
        #   another worked shift has begun by the time it is due (it starts between the end and
        #   end + delay, both included): issue 15 bug 6 says the end-of-shift message is not
        #   sent inside the next shift. Blind reading: sent even then (03:05 for an end cut to
        #   03:00).
        # ASSUMPTION A13: the delay, like the margins, is elapsed minutes from the shift's real
        #   (moved, cut) end.
        # ORACLE_ENTRY `now`: "no end-of-shift message for a shift that had already ended before
        # `now`."  ASSUMPTION A12: a shift ending exactly at `now` has not ended before it.
        ended_before_now = shift.end < now
        due = shift.end + timedelta(minutes=end_delay_minutes)
        next_has_begun = any(
            other is not shift and shift.end <= other.start <= due for other in worked
        )
        if end_of_shift and not ended_before_now and not next_has_begun:
            planned.append((due, "end_of_shift", shift.shift_date))

    # ORACLE_ENTRY `now`: "Nothing due before `now` is returned" (ASSUMPTION A12: due exactly at
    # `now` is kept).  `start`, `end`: "a nudge is returned when `start <= at < end`".
    result = [item for item in planned if item[0] >= now and start <= item[0] < end]
    # ORACLE_ENTRY "Output": "sorted by `at` (then `kind`)".
    result.sort(key=lambda item: (item[0], item[1], item[2]))
    return result
