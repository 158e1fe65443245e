"""Validation and JSON round trips of the schedule models."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sched_helpers import chicago, leave, week

from bot.schedule import (
    BreakPrefs,
    MemberCalendar,
    ShiftRule,
    TimeOff,
    WeeklySchedule,
    check_cadence,
    from_json,
    to_json,
)


def rule(weekday: int, start: str, end: str) -> ShiftRule:
    return ShiftRule(weekday=weekday, start=time.fromisoformat(start), end=time.fromisoformat(end))


def test_split_shift_on_one_day_is_fine() -> None:
    schedule = WeeklySchedule(rules=(rule(0, "08:00", "12:00"), rule(0, "13:00", "17:00")))
    assert [r.start for r in schedule.on_weekday(0)] == [time(8), time(13)]


def test_back_to_back_shifts_do_not_overlap() -> None:
    schedule = WeeklySchedule(rules=(rule(0, "12:00", "17:00"), rule(0, "08:00", "12:00")))
    assert [(r.start, r.end) for r in schedule.on_weekday(0)] == [
        (time(8), time(12)),
        (time(12), time(17)),
    ]
    assert sum(r.duration_minutes for r in schedule.on_weekday(0)) == 540


def test_overlapping_shifts_on_one_day_are_rejected() -> None:
    with pytest.raises(ValidationError, match="Your shifts overlap: mon 08:00-12:00 and mon 11:00"):
        WeeklySchedule(rules=(rule(0, "08:00", "12:00"), rule(0, "11:00", "15:00")))


def test_overnight_shift_overlapping_next_morning_is_rejected() -> None:
    with pytest.raises(ValidationError, match="tue 22:00-06:00"):
        WeeklySchedule(rules=(rule(1, "22:00", "06:00"), rule(2, "05:00", "09:00")))


def test_sunday_night_meets_monday_morning_across_the_week_end() -> None:
    with pytest.raises(ValidationError, match="overlap"):
        WeeklySchedule(rules=(rule(6, "22:00", "06:00"), rule(0, "05:30", "09:00")))
    touching = WeeklySchedule(rules=(rule(6, "22:00", "06:00"), rule(0, "06:00", "09:00")))
    assert sorted((r.weekday, r.start) for r in touching.rules) == [(0, time(6)), (6, time(22))]


def test_overnight_flags_and_lengths() -> None:
    night = rule(1, "22:00", "06:00")
    assert night.overnight and night.duration_minutes == 480
    midnight_end = rule(1, "18:00", "00:00")
    assert midnight_end.overnight and midnight_end.duration_minutes == 360
    assert not rule(1, "08:00", "17:00").overnight


def test_empty_shift_is_rejected() -> None:
    with pytest.raises(ValidationError, match="can't start and end at the same time"):
        rule(0, "08:00", "08:00")


def test_weekday_range() -> None:
    with pytest.raises(ValidationError):
        rule(7, "08:00", "09:00")


def test_seconds_are_dropped() -> None:
    assert rule(0, "08:00:59", "09:00").start == time(8)


def test_time_off_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="can't end"):
        TimeOff(start=date(2026, 5, 2), end=date(2026, 5, 1))
    assert TimeOff(start=date(2026, 5, 1), end=date(2026, 5, 1)).covers(date(2026, 5, 1))


@pytest.mark.parametrize("minutes", [30, 90, 240])
def test_cadence_bounds_accepted(minutes: int) -> None:
    assert BreakPrefs(cadence_minutes=minutes).cadence_minutes == minutes
    assert check_cadence(minutes) == minutes


@pytest.mark.parametrize("minutes", [29, 241, 0, -5])
def test_cadence_out_of_bounds(minutes: int) -> None:
    message = (
        f"Break nudges can come every 30m to every 240m (4h); {minutes}m is out of range. "
        "Try `breaks every 90m`."
    )
    with pytest.raises(ValueError) as caught:
        check_cadence(minutes)
    assert str(caught.value) == message
    with pytest.raises(ValidationError, match="out of range"):
        BreakPrefs(cadence_minutes=minutes)


def test_defaults_follow_the_design() -> None:
    prefs = BreakPrefs()
    assert (prefs.cadence_minutes, prefs.margin_minutes, prefs.lunch_minutes) == (90, 30, 30)
    assert prefs.enabled and prefs.lunch is None and prefs.end_delay_minutes == 5


def test_zone_validation() -> None:
    assert MemberCalendar(tz="America/Chicago").zone == ZoneInfo("America/Chicago")
    assert MemberCalendar.model_validate({"tz": ZoneInfo("Europe/Madrid")}).tz == "Europe/Madrid"
    with pytest.raises(ValidationError, match="Unknown time zone"):
        MemberCalendar(tz="America/Chicgo")


def test_holiday_region_validation() -> None:
    with pytest.raises(ValidationError, match="No holiday calendar"):
        MemberCalendar(holiday_country="XX")
    with pytest.raises(ValidationError, match="US has no subdivision 'ZZ'"):
        MemberCalendar(holiday_country="US", holiday_subdiv="ZZ")
    with pytest.raises(ValidationError, match="needs a country"):
        MemberCalendar(holiday_subdiv="CA")


def test_models_are_frozen() -> None:
    with pytest.raises(ValidationError):
        BreakPrefs().cadence_minutes = 60  # type: ignore[misc]


def test_calendar_json_round_trip() -> None:
    cal = chicago(
        "mon-fri 08:00-12:00 13:00-17:00",
        "sat 22:00-06:00",
        time_off=[leave(date(2026, 12, 1), date(2026, 12, 2))],
        closed_days=[date(2026, 12, 24)],
        holiday_country="US",
        holiday_subdiv="CA",
    )
    text = to_json(cal)
    assert isinstance(text, str) and '"America/Chicago"' in text
    assert from_json(MemberCalendar, text) == cal


def test_prefs_and_week_json_round_trip() -> None:
    prefs = BreakPrefs(cadence_minutes=60, lunch=time(12, 30), lunch_minutes=45, enabled=False)
    assert from_json(BreakPrefs, to_json(prefs)) == prefs
    schedule = week("mon-fri 8am-5pm")
    assert from_json(WeeklySchedule, to_json(schedule)) == schedule


def test_json_rejects_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        from_json(BreakPrefs, '{"cadence": 90}')


def test_json_is_deterministic() -> None:
    days = [date(2026, 12, d) for d in (31, 24, 26, 1)]
    text = to_json(MemberCalendar(closed_days=frozenset(days)))
    assert '"closed_days":["2026-12-01","2026-12-24","2026-12-26","2026-12-31"]' in text
