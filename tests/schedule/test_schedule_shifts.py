"""Real shift instances, the current and next shift, and off-shift periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sched_helpers import FALL_BACK, SPRING_FORWARD, at, chicago, leave

from bot.schedule import (
    MemberCalendar,
    current_shift,
    next_shift,
    off_shift_status,
    shift_instances,
    shifts_on,
)

HOUR = timedelta(hours=1)
FRI, SAT, MON = date(2026, 5, 8), date(2026, 5, 9), date(2026, 5, 11)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_instances_are_utc_and_keep_their_rule(office: MemberCalendar) -> None:
    (shift,) = shifts_on(office, MON)
    assert shift.start == utc(2026, 5, 11, 13) and shift.end == utc(2026, 5, 11, 22)
    assert shift.start.tzinfo is UTC and shift.local_start.hour == 8
    assert shift.local_date == MON and shift.rule.weekday == 0


def test_overnight_shift_across_fall_back_lasts_nine_real_hours() -> None:
    (night,) = shifts_on(chicago("sat 22:00-06:00"), date(2026, 10, 31))
    assert night.start == utc(2026, 11, 1, 3)  # 22:00 CDT
    assert night.end == utc(2026, 11, 1, 12)  # 06:00 CST
    assert night.end - night.start == 9 * HOUR
    assert night.local_date == date(2026, 10, 31)


def test_overnight_shift_across_spring_forward_lasts_seven_real_hours() -> None:
    (night,) = shifts_on(chicago("sat 22:00-06:00"), date(2026, 3, 7))
    assert night.end - night.start == 7 * HOUR
    assert night.local_end.tzname() == "CDT"


def test_shift_starting_in_the_gap_starts_after_it() -> None:
    (shift,) = shifts_on(chicago("sun 02:30-10:00"), SPRING_FORWARD)
    assert (shift.local_start.hour, shift.local_start.minute) == (3, 30)
    assert shift.end - shift.start == timedelta(hours=6, minutes=30)


def test_shift_starting_in_the_fold_starts_once_at_the_first_one() -> None:
    cal = chicago("sun 01:30-09:00")
    (shift,) = shifts_on(cal, FALL_BACK)
    assert shift.start == utc(2026, 11, 1, 6, 30)
    assert shift.end - shift.start == timedelta(hours=8, minutes=30)
    window = shift_instances(cal, utc(2026, 10, 31), utc(2026, 11, 2))
    assert window == [shift]


def test_overnight_belongs_to_its_start_date_and_is_current_after_midnight() -> None:
    cal = chicago("sat 22:00-06:00")
    second_half_hour = at(FALL_BACK, 1, 30, fold=1)  # the second 01:30, in CST
    shift = current_shift(cal, second_half_hour)
    assert shift is not None and shift.local_date == date(2026, 10, 31)
    assert current_shift(cal, at(FALL_BACK, 5, 59)) == shift
    assert current_shift(cal, at(FALL_BACK, 6, 0)) is None
    assert shifts_on(cal, FALL_BACK) == []  # Sunday has no shift of its own


def test_current_shift_is_half_open(office: MemberCalendar) -> None:
    assert current_shift(office, at(MON, 8)) is not None
    assert current_shift(office, at(MON, 7, 59)) is None
    assert current_shift(office, at(MON, 17)) is None


def test_shift_instances_window_and_days_off(office: MemberCalendar) -> None:
    # The week of July 4th 2026: Friday the 3rd is the observed holiday.
    found = shift_instances(office, at(date(2026, 6, 29), 0), at(date(2026, 7, 6), 0))
    assert [s.local_date.day for s in found] == [29, 30, 1, 2]
    assert shift_instances(office, at(MON, 17), at(MON, 18)) == []  # end is exclusive
    assert len(shift_instances(office, at(MON, 16, 59), at(MON, 16, 59))) == 0
    assert len(shift_instances(office, at(MON, 16), at(MON, 16, 1))) == 1


def test_window_reaches_back_for_overnight_shifts() -> None:
    cal = chicago("fri 22:00-06:00")
    found = shift_instances(cal, at(SAT, 5), at(SAT, 7))
    assert [s.local_date for s in found] == [FRI]


def test_shift_is_skipped_by_its_start_date_only() -> None:
    cal = chicago("mon-fri 22:00-06:00", holiday_country="US")
    assert shifts_on(cal, date(2026, 7, 3)) == []  # starts on the observed holiday
    (thursday,) = shifts_on(cal, date(2026, 7, 2))  # ends on the holiday, still worked
    assert thursday.local_end.date() == date(2026, 7, 3)


def test_split_shifts(office: MemberCalendar) -> None:
    cal = chicago("mon 08:00-12:00 13:00-17:00")
    assert [s.local_start.hour for s in shifts_on(cal, MON)] == [8, 13]
    assert current_shift(cal, at(MON, 12, 30)) is None
    upcoming = next_shift(cal, at(MON, 12, 30))
    assert upcoming is not None and upcoming.local_start.hour == 13


def test_next_shift_across_the_weekend(office: MemberCalendar) -> None:
    upcoming = next_shift(office, at(FRI, 17, 30))
    assert upcoming is not None and upcoming.local_start == at(MON, 8)


def test_next_shift_is_strictly_after_now(office: MemberCalendar) -> None:
    upcoming = next_shift(office, at(MON, 8))
    assert upcoming is not None and upcoming.local_date == MON + timedelta(days=1)


def test_next_shift_across_the_observed_holiday(office: MemberCalendar) -> None:
    upcoming = next_shift(office, at(date(2026, 7, 2), 18))
    assert upcoming is not None and upcoming.local_date == date(2026, 7, 6)


def test_next_shift_across_weeks_of_leave() -> None:
    cal = chicago("mon-fri 08:00-17:00", time_off=[leave(date(2026, 5, 11), date(2026, 5, 25))])
    upcoming = next_shift(cal, at(FRI, 17, 30))
    assert upcoming is not None and upcoming.local_date == date(2026, 5, 26)


def test_next_shift_after_leave_longer_than_the_horizon() -> None:
    cal = chicago("mon-fri 08:00-17:00", time_off=[leave(date(2026, 5, 11), date(2026, 8, 14))])
    upcoming = next_shift(cal, at(FRI, 17, 30))
    assert upcoming is not None and upcoming.local_date == date(2026, 8, 17)


def test_next_shift_gives_up_beyond_the_horizon() -> None:
    assert next_shift(chicago(), at(MON, 9)) is None
    closed = [MON + timedelta(days=i) for i in range(60)]
    cal = chicago("mon-fri 08:00-17:00", closed_days=closed)
    assert next_shift(cal, at(MON, 0)) is None
    assert next_shift(cal, at(MON, 0), horizon_days=90) is not None


def test_on_shift_means_no_off_shift_status(office: MemberCalendar) -> None:
    assert off_shift_status(office, at(MON, 10)) is None


def test_off_shift_period_key_is_stable_within_a_period(office: MemberCalendar) -> None:
    moments = [at(FRI, 17), at(FRI, 23), at(SAT, 12), at(MON, 7, 59)]
    statuses = [off_shift_status(office, m) for m in moments]
    assert all(s is not None for s in statuses)
    assert {s.period_key for s in statuses if s} == {"back:2026-05-11T13:00Z"}
    assert {s.back_at for s in statuses if s} == {at(MON, 8)}
    assert [s.reason for s in statuses if s] == ["off_shift"] * 4


def test_off_shift_period_key_changes_between_periods(office: MemberCalendar) -> None:
    monday_evening = off_shift_status(office, at(MON, 18))
    tuesday_evening = off_shift_status(office, at(MON + timedelta(days=1), 18))
    friday_evening = off_shift_status(office, at(FRI, 18))
    keys = {s.period_key for s in (monday_evening, tuesday_evening, friday_evening) if s}
    assert len(keys) == 3


def test_off_shift_on_a_holiday(office: MemberCalendar) -> None:
    status = off_shift_status(office, at(date(2026, 7, 3), 10))
    assert status is not None and status.reason == "holiday"
    assert status.holiday == "Independence Day (observed)"
    assert status.back_at == at(date(2026, 7, 6), 8)
    assert status.period_key == off_shift_status(office, at(date(2026, 7, 2), 17)).period_key  # type: ignore[union-attr]


def test_off_shift_on_leave_and_on_a_closed_day() -> None:
    cal = chicago(
        "mon-fri 08:00-17:00",
        time_off=[leave(date(2026, 5, 11), date(2026, 5, 22))],
        closed_days=[date(2026, 5, 26)],
    )
    on_leave = off_shift_status(cal, at(date(2026, 5, 13), 10))
    assert on_leave is not None and on_leave.reason == "time_off"
    assert on_leave.leave_until == date(2026, 5, 22)
    assert on_leave.back_at == at(date(2026, 5, 25), 8)
    closed = off_shift_status(cal, at(date(2026, 5, 26), 10))
    assert closed is not None and closed.reason == "closed" and closed.leave_until is None


def test_off_shift_across_dst_night() -> None:
    cal = chicago("sat 22:00-06:00 sun 18:00-23:00")
    status = off_shift_status(cal, at(FALL_BACK, 7))
    assert status is not None and status.back_at == at(FALL_BACK, 18)


@pytest.mark.parametrize("hour", [3, 12, 20])
def test_without_shifts_we_say_nothing_on_ordinary_days(hour: int) -> None:
    assert off_shift_status(chicago(), at(MON, hour)) is None


def test_without_shifts_leave_still_counts() -> None:
    cal = chicago(time_off=[leave(MON, MON + timedelta(days=4))])
    status = off_shift_status(cal, at(MON, 10))
    assert status is not None and status.back_at is None
    assert status.reason == "time_off" and status.period_key == "time_off:2026-05-15"
    assert off_shift_status(cal, at(MON + timedelta(days=2), 9)) == status


# -- shifts meeting across the spring-forward gap: the next shift wins -------------------------

SAT_BEFORE = SPRING_FORWARD - timedelta(days=1)  # Chicago: Sunday 02:00 CST → 03:00 CDT


def test_a_shift_ending_in_the_gap_ends_when_the_next_one_starts() -> None:
    # 02:30 doesn't exist: it would move to 03:30 CDT, half an hour into the 03:00 shift.
    cal = chicago("sat 20:00-02:30", "sun 03:00-11:00")
    (night,) = shifts_on(cal, SAT_BEFORE)
    (morning,) = shifts_on(cal, SPRING_FORWARD)
    assert morning.start == at(SPRING_FORWARD, 3) == night.end
    assert shift_instances(cal, at(SAT_BEFORE, 12), at(SPRING_FORWARD, 12)) == [night, morning]
    assert current_shift(cal, at(SPRING_FORWARD, 3, 10)) == morning
    assert current_shift(cal, at(SPRING_FORWARD, 1, 59)) == night
    assert off_shift_status(cal, at(SPRING_FORWARD, 3)) is None


def test_a_shift_wholly_inside_the_gap_gives_way_to_the_next() -> None:
    cal = chicago("sun 02:15-02:45 03:00-11:00")  # 02:15-02:45 would be 03:15-03:45 CDT
    empty, morning = shifts_on(cal, SPRING_FORWARD)
    assert empty.start == empty.end == morning.start == at(SPRING_FORWARD, 3)  # no length left
    assert current_shift(cal, at(SPRING_FORWARD, 3, 20)) == morning
    assert next_shift(cal, at(SPRING_FORWARD, 1)) == morning


def test_a_shift_whose_start_moves_past_its_end_keeps_its_end() -> None:
    cal = chicago("sun 02:30-03:10")  # 02:30 moves to 03:30 CDT, after the 03:10 end
    (shift,) = shifts_on(cal, SPRING_FORWARD)
    assert shift.start == shift.end == at(SPRING_FORWARD, 3, 10)
    assert current_shift(cal, at(SPRING_FORWARD, 3, 5)) is None


def test_shifts_meeting_in_the_gap_without_overlap_are_untouched() -> None:
    cal = chicago("sat 20:00-02:00", "sun 02:00-10:00")  # both meet at 03:00 CDT
    (night,) = shifts_on(cal, SAT_BEFORE)
    (morning,) = shifts_on(cal, SPRING_FORWARD)
    assert night.end == morning.start == at(SPRING_FORWARD, 3)
    assert night.end - night.start == 6 * HOUR  # 20:00 CST to 03:00 CDT: six real hours


def test_on_an_ordinary_night_the_same_shifts_keep_their_times() -> None:
    cal = chicago("sat 20:00-02:30", "sun 03:00-11:00")
    (night,) = shifts_on(cal, SAT_BEFORE + timedelta(days=7))
    assert night.local_end.hour == 2 and night.local_end.minute == 30
