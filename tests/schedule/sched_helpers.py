"""Helpers for the schedule tests: America/Chicago, where 2026 has both DST transitions."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.schedule import MemberCalendar, TimeOff, WeeklySchedule, parse_shift

CHICAGO = ZoneInfo("America/Chicago")
SPRING_FORWARD = date(2026, 3, 8)  # 02:00 CST → 03:00 CDT
FALL_BACK = date(2026, 11, 1)  # 02:00 CDT → 01:00 CST


def week(*commands: str) -> WeeklySchedule:
    """Build a week the way members do, one `/balance shift …` command after another."""
    schedule = WeeklySchedule()
    for command in commands:
        schedule = parse_shift(command).apply(schedule)
    return schedule


def chicago(*commands: str, **extra: object) -> MemberCalendar:
    return MemberCalendar.model_validate(
        {"tz": "America/Chicago", "schedule": week(*commands), **extra}
    )


def at(day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    """A Chicago wall-clock instant (fold picks the second 01:xx on the fall-back night)."""
    return datetime.combine(day, time(hour, minute), tzinfo=CHICAGO).replace(fold=fold)


def leave(start: date, end: date) -> TimeOff:
    return TimeOff(start=start, end=end)
