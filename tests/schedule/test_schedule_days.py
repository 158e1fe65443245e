"""Wall-clock resolution across DST, and why a day is off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sched_helpers import CHICAGO, FALL_BACK, SPRING_FORWARD, chicago, leave

from bot.schedule import MemberCalendar, is_day_off, leave_until, local_datetime, to_utc


def test_ordinary_time_is_unchanged() -> None:
    got = local_datetime(date(2026, 6, 1), time(8, 0), CHICAGO)
    assert got == datetime(2026, 6, 1, 13, 0, tzinfo=UTC)
    assert (got.hour, got.minute) == (8, 0)


def test_nonexistent_time_moves_forward_by_the_gap() -> None:
    got = local_datetime(SPRING_FORWARD, time(2, 30), CHICAGO)
    assert got.astimezone(UTC) == datetime(2026, 3, 8, 8, 30, tzinfo=UTC)
    assert (got.hour, got.minute) == (3, 30)
    assert got.tzname() == "CDT"


def test_gap_start_and_just_after() -> None:
    assert local_datetime(SPRING_FORWARD, time(2, 0), CHICAGO).hour == 3
    assert local_datetime(SPRING_FORWARD, time(3, 0), CHICAGO).astimezone(UTC).hour == 8


def test_ambiguous_time_is_the_first_occurrence() -> None:
    got = local_datetime(FALL_BACK, time(1, 30), CHICAGO)
    assert got.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert got.tzname() == "CDT"
    assert got.fold == 0


def test_accepts_a_zone_name_and_ignores_fold_on_input() -> None:
    got = local_datetime(FALL_BACK, time(1, 30, fold=1), "America/Chicago")
    assert got.tzname() == "CDT"


def test_to_utc_rejects_naive() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        to_utc(datetime(2026, 1, 1))  # noqa: DTZ001 - the point of the test


def test_observed_federal_holiday(office: MemberCalendar) -> None:
    assert is_day_off(office, date(2026, 7, 3)) == "holiday:Independence Day (observed)"
    assert is_day_off(office, date(2026, 7, 4)) == "holiday:Independence Day"
    assert is_day_off(office, date(2026, 7, 2)) is None


def test_observed_new_year_lands_in_the_previous_year(office: MemberCalendar) -> None:
    assert is_day_off(office, date(2027, 12, 31)) == "holiday:New Year's Day (observed)"


def test_state_holidays_differ_from_federal() -> None:
    california = chicago("mon-fri 08:00-17:00", holiday_country="US", holiday_subdiv="CA")
    assert is_day_off(california, date(2026, 3, 31)) == "holiday:Cesar Chavez Day"
    assert is_day_off(california, date(2026, 10, 12)) is None  # no Columbus Day in CA


def test_canadian_province_with_observed_boxing_day() -> None:
    ontario = chicago("mon-fri 08:00-17:00", holiday_country="CA", holiday_subdiv="ON")
    assert is_day_off(ontario, date(2026, 2, 16)) == "holiday:Family Day"
    assert is_day_off(ontario, date(2026, 12, 28)) == "holiday:Boxing Day (observed)"


def test_no_country_means_no_holidays() -> None:
    assert is_day_off(chicago("mon-fri 08:00-17:00"), date(2026, 12, 25)) is None


def test_leave_beats_closure_beats_holiday() -> None:
    christmas = date(2026, 12, 25)
    cal = chicago(
        "mon-fri 08:00-17:00",
        holiday_country="US",
        closed_days=[christmas, date(2026, 12, 24)],
        time_off=[leave(christmas, christmas)],
    )
    assert is_day_off(cal, christmas) == "time_off"
    assert is_day_off(cal, date(2026, 12, 24)) == "closed"
    assert is_day_off(cal, date(2026, 12, 26)) is None  # Saturday, no holiday: not "off" here


def test_time_off_is_inclusive() -> None:
    cal = chicago("mon-fri 08:00-17:00", time_off=[leave(date(2026, 5, 4), date(2026, 5, 8))])
    assert is_day_off(cal, date(2026, 5, 3)) is None
    assert is_day_off(cal, date(2026, 5, 4)) == "time_off"
    assert is_day_off(cal, date(2026, 5, 8)) == "time_off"
    assert is_day_off(cal, date(2026, 5, 9)) is None


def test_leave_until_follows_back_to_back_leaves() -> None:
    cal = chicago(
        "mon-fri 08:00-17:00",
        time_off=[
            leave(date(2026, 5, 11), date(2026, 5, 15)),
            leave(date(2026, 5, 4), date(2026, 5, 10)),
            leave(date(2026, 6, 1), date(2026, 6, 2)),
        ],
    )
    assert leave_until(cal, date(2026, 5, 6)) == date(2026, 5, 15)
    assert leave_until(cal, date(2026, 5, 20)) is None
    assert leave_until(cal, date(2026, 6, 2)) == date(2026, 6, 2)
