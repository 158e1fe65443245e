"""Local days: DST-safe wall-clock instants and whether a day is off for a member."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from bot.schedule.models import MemberCalendar


def local_datetime(day: date, at: time, tz: ZoneInfo | str) -> datetime:
    """The aware instant for wall-clock `at` on `day` in `tz`.

    A time in the spring-forward gap doesn't exist; it moves forward by the gap (02:30 on
    2026-03-08 in America/Chicago becomes 03:30 CDT), so a nudge is late rather than lost.
    A time in the fall-back fold happens twice; we take the first (fold=0), so it fires once.

    The result is in `tz` for display. Do arithmetic and comparisons in UTC: Python compares
    and subtracts datetimes sharing a tzinfo by wall clock, which is wrong across a fold.
    """
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    naive = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    # With fold=0 a gap time uses the offset from before the change; the round trip through
    # UTC then lands after the gap, which is exactly "forward by the gap".
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def to_utc(moment: datetime) -> datetime:
    """Check awareness and normalise to UTC so comparisons mean real time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Balance Bot needs timezone-aware datetimes, got {moment!r}.")
    return moment.astimezone(UTC)


@lru_cache(maxsize=512)
def _holiday_table(country: str, subdiv: str | None, year: int) -> dict[date, str]:
    # English names whatever the server locale (countries without them keep their own);
    # observed days such as "Independence Day (observed)" are included by default.
    table = holidays.country_holidays(country, subdiv=subdiv, years=year, language="en_US")
    return dict(table.items())


def holiday_name(cal: MemberCalendar, day: date) -> str | None:
    """The public holiday on `day` for the member's country/subdivision, if any."""
    if cal.holiday_country is None:
        return None
    return _holiday_table(cal.holiday_country, cal.holiday_subdiv, day.year).get(day)


def leave_until(cal: MemberCalendar, day: date) -> date | None:
    """The last day of the leave covering `day`, following back-to-back leaves; else None."""
    last = max((t.end for t in cal.time_off if t.covers(day)), default=None)
    if last is None:
        return None
    extended = True
    while extended:
        extended = False
        for leave in cal.time_off:
            # (leave.start - last) rather than last + 1 day: `last` may be date.max.
            if (leave.start - last).days <= 1 and leave.end > last:
                last, extended = leave.end, True
    return last


def is_day_off(cal: MemberCalendar, day: date) -> str | None:
    """Why `day` is off: "time_off", "closed", "holiday:<name>", or None for a working day.

    Leave wins over a closure, which wins over a public holiday, so notices say the most
    personal reason.
    """
    if any(leave.covers(day) for leave in cal.time_off):
        return "time_off"
    if day in cal.closed_days:
        return "closed"
    name = holiday_name(cal, day)
    return f"holiday:{name}" if name else None
