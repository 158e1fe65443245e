"""When a non-urgent DM may reach a member: inside their shift, else the working hours; never
at night, on days off, on leave or on closed days; across New York's 2026 DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sched_helpers import leave, week

from bot.config import Settings
from bot.schedule import MemberCalendar, deliver_at, is_quiet, working_hours

NY = ZoneInfo("America/New_York")
HOURS = working_hours()  # mon-fri 09:00-17:00


def ny(day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NY).replace(fold=fold)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def cal(*commands: str, **extra: object) -> MemberCalendar:
    return MemberCalendar.model_validate(
        {"tz": "America/New_York", "schedule": week(*commands), **extra}
    )


# A night shift Wednesday to Saturday nights; Sunday, Monday and Tuesday are days off.
NIGHTS = cal("shift wed-sat 22:00-06:00")
AFTERNOONS = cal("shift mon-fri 14:00-22:00")


def test_inside_the_shift_it_goes_now() -> None:
    now = ny(date(2026, 6, 3), 15, 30)  # Wednesday
    assert deliver_at(AFTERNOONS, now, hours=HOURS) == now
    assert not is_quiet(AFTERNOONS, now, hours=HOURS)


def test_before_the_shift_it_waits_for_the_shift_not_the_morning() -> None:
    morning = ny(date(2026, 6, 3), 9, 0)
    assert deliver_at(AFTERNOONS, morning, hours=HOURS) == ny(date(2026, 6, 3), 14)
    assert is_quiet(AFTERNOONS, morning, hours=HOURS)


def test_friday_night_waits_for_monday() -> None:
    friday_night = ny(date(2026, 6, 5), 22, 30)
    assert deliver_at(AFTERNOONS, friday_night, hours=HOURS) == ny(date(2026, 6, 8), 14)


def test_a_night_shift_is_a_place_to_deliver_and_days_off_are_skipped() -> None:
    thursday_2am = ny(date(2026, 6, 4), 2, 0)  # inside Wednesday's night shift
    assert deliver_at(NIGHTS, thursday_2am, hours=HOURS) == thursday_2am
    sunday_noon = ny(date(2026, 6, 7), 12, 0)  # after Saturday night's shift: days off begin
    assert deliver_at(NIGHTS, sunday_noon, hours=HOURS) == ny(date(2026, 6, 10), 22)
    # Working hours are not used when the member has shifts: Monday 10:00 is their day off.
    assert deliver_at(NIGHTS, ny(date(2026, 6, 8), 10), hours=HOURS) == ny(date(2026, 6, 10), 22)


def test_no_shifts_means_the_working_hours_in_their_own_zone() -> None:
    nobody = cal()
    saturday = ny(date(2026, 6, 6), 11)
    assert deliver_at(nobody, saturday, hours=HOURS) == ny(date(2026, 6, 8), 9)
    tuesday_night = ny(date(2026, 6, 9), 20)
    assert deliver_at(nobody, tuesday_night, hours=HOURS) == ny(date(2026, 6, 10), 9)
    noon = ny(date(2026, 6, 10), 12)
    assert deliver_at(nobody, noon, hours=HOURS) == noon


def test_spring_forward_the_morning_comes_an_hour_earlier_in_utc() -> None:
    nobody = cal()
    # Saturday 2026-03-07 in EST; Monday 09:00 is in EDT (13:00 UTC, not 14:00).
    assert deliver_at(nobody, ny(date(2026, 3, 7), 18), hours=HOURS) == utc(2026, 3, 9, 13)
    # Saturday night's shift runs 22:00 EST → 06:00 EDT: seven real hours, all deliverable.
    saturday_night = cal("shift sat 22:00-06:00")
    late = ny(date(2026, 3, 8), 5, 30)
    assert deliver_at(saturday_night, late, hours=HOURS) == late
    after = ny(date(2026, 3, 8), 6, 0)  # the shift ended: the next is a week later
    assert deliver_at(saturday_night, after, hours=HOURS) == ny(date(2026, 3, 14), 22)


def test_fall_back_the_night_shift_holds_its_extra_hour() -> None:
    saturday_night = cal("shift sat 22:00-06:00")
    second_one_am = ny(date(2026, 11, 1), 1, 30, fold=1)  # 01:30 EST, the repeated hour
    # (PEP 495: an instant in the fold never equals one in another zone; compare in UTC.)
    assert deliver_at(saturday_night, second_one_am, hours=HOURS) == utc(2026, 11, 1, 6, 30)
    # 05:30 EST is 10:30 UTC, still inside (the shift ends 06:00 EST = 11:00 UTC).
    assert deliver_at(saturday_night, utc(2026, 11, 1, 10, 30), hours=HOURS) == utc(
        2026, 11, 1, 10, 30
    )
    nobody = cal()
    # Sunday after the change: Monday 09:00 EST is 14:00 UTC.
    assert deliver_at(nobody, ny(date(2026, 11, 1), 12), hours=HOURS) == utc(2026, 11, 2, 14)


def test_leave_and_closed_days_are_skipped() -> None:
    away = cal("shift mon-fri 14:00-22:00", time_off=[leave(date(2026, 6, 8), date(2026, 6, 9))])
    assert deliver_at(away, ny(date(2026, 6, 6), 12), hours=HOURS) == ny(date(2026, 6, 10), 14)
    closed = cal(closed_days=[date(2026, 6, 8)])
    assert deliver_at(closed, ny(date(2026, 6, 8), 10), hours=HOURS) == ny(date(2026, 6, 9), 9)
    gone = cal("shift mon-fri 14:00-22:00", time_off=[leave(date(2026, 6, 1), date.max)])
    assert deliver_at(gone, ny(date(2026, 6, 3), 15), hours=HOURS) is None


def test_a_reminder_that_cannot_land_before_the_close_is_dropped() -> None:
    saturday = ny(date(2026, 6, 6), 11)
    closes_sunday = ny(date(2026, 6, 7), 20)
    assert deliver_at(AFTERNOONS, saturday, hours=HOURS, not_after=closes_sunday) is None
    closes_monday = ny(date(2026, 6, 8), 20)
    assert deliver_at(AFTERNOONS, saturday, hours=HOURS, not_after=closes_monday) == ny(
        date(2026, 6, 8), 14
    )
    # Exactly at the limit is too late.
    at_14 = ny(date(2026, 6, 8), 14)
    assert deliver_at(AFTERNOONS, saturday, hours=HOURS, not_after=at_14) is None


def test_working_hours_are_written_like_a_shift() -> None:
    custom = working_hours("mon-sat 08:00-12:00")
    nobody = cal()
    assert deliver_at(nobody, ny(date(2026, 6, 6), 7), hours=custom) == ny(date(2026, 6, 6), 8)
    assert deliver_at(nobody, ny(date(2026, 6, 6), 13), hours=custom) == ny(date(2026, 6, 8), 8)


def test_the_working_hours_setting_is_checked_at_start_up() -> None:
    assert Settings(_env_file=None, working_hours="mon-sat 8-12").working_hours  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="mon-fri 09:00-17:00"):
        Settings(_env_file=None, working_hours="whenever")  # type: ignore[call-arg]
