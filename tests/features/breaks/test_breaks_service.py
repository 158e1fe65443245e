"""Pure break-nudge rules: keys, planning windows across DST, what a gate still wants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.features.breaks import service
from bot.features.breaks.jobs import dnd_until
from bot.features.breaks.service import NudgeRef, parse_key
from bot.schedule import (
    BreakPrefs,
    GrammarError,
    MemberCalendar,
    ShiftRule,
    TimeOff,
    WeeklySchedule,
    slot_name,
)

VALIDITY = timedelta(minutes=15)
CHICAGO = ZoneInfo("America/Chicago")


def chicago(*rules: ShiftRule, time_off: tuple[TimeOff, ...] = ()) -> MemberCalendar:
    return MemberCalendar(
        tz="America/Chicago", schedule=WeeklySchedule(rules=rules), time_off=time_off
    )


def weekdays(start: time, end: time) -> tuple[ShiftRule, ...]:
    return tuple(ShiftRule(weekday=d, start=start, end=end) for d in range(5))


def _local(moment: datetime) -> str:
    return f"{moment.astimezone(CHICAGO):%H:%M}"


def test_keys_round_trip_and_snoozes_chain() -> None:
    ref = NudgeRef("T1", "U1", date(2026, 11, 30), "break-20261130T160312Z")
    assert ref.key == "nudge:T1:U1:2026-11-30:break-20261130T160312Z"
    assert parse_key(ref.key) == ref
    again = ref.snoozed(10).snoozed(15)
    assert again.key == "nudge:T1:U1:2026-11-30:break-20261130T160312Z:snooze10:snooze15"
    assert parse_key(again.key) == again
    lunch = NudgeRef("T1", "U1", date(2026, 1, 1), "lunch-20260101T180000Z")
    assert (ref.kind, lunch.kind) == ("nudge", "lunch")


@pytest.mark.parametrize(
    "key",
    ["", "nudge", "tip:T:U:2026-11-30:x", "nudge:T:U:2026-13-40:x", "nudge:T:U:2026-11-30:x:zz"],
)
def test_foreign_keys_are_refused(key: str) -> None:
    assert parse_key(key) is None


def test_due_nudges_window_skips_end_of_shift_and_staggers_breaks_only() -> None:
    cal = chicago(*weekdays(time(8), time(17)))
    prefs = BreakPrefs(lunch=time(12, 30))
    monday_8 = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 08:00 Chicago
    found = service.due_nudges(
        cal,
        prefs,
        team_id="T",
        user_id="U",
        now=monday_8,
        validity=VALIDITY,
        ahead=timedelta(hours=10),
    )
    slots = [d.ref.slot for d in found]
    assert not [s for s in slots if s.startswith("end")]
    assert "lunch-20261130T183000Z" in slots
    breaks = [_local(d.due_at) for d in found if d.ref.kind == "nudge"]
    # 09:30, 11:00, (12:30 is lunch), 14:00, 15:30: each a few minutes later (the stagger).
    assert [b[:4] for b in breaks] == ["09:3", "11:0", "14:0", "15:3"]
    assert all(d.ref.slot == slot_name("break", d.due_at) for d in found if d.ref.kind == "nudge")
    lunch = next(d for d in found if d.ref.kind == "lunch")
    assert lunch.due_at == datetime(2026, 11, 30, 18, 30, tzinfo=UTC)
    first = found[0]
    offset = first.due_at - datetime(2026, 11, 30, 15, 30, tzinfo=UTC)
    assert timedelta(0) <= offset < timedelta(minutes=5)
    assert all(d.expires_at - d.due_at == VALIDITY for d in found)


def test_breaks_off_or_no_shifts_plan_nothing() -> None:
    now = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    cal = chicago(*weekdays(time(8), time(17)))
    off = BreakPrefs(enabled=False)
    assert service.due_nudges(cal, off, team_id="T", user_id="U", now=now, validity=VALIDITY) == []
    empty = chicago()
    assert (
        service.due_nudges(
            empty, BreakPrefs(), team_id="T", user_id="U", now=now, validity=VALIDITY
        )
        == []
    )


def test_time_off_plans_nothing() -> None:
    now = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    away = (TimeOff(start=date(2026, 11, 30), end=date(2026, 12, 2)),)
    cal = chicago(*weekdays(time(8), time(17)), time_off=away)
    assert (
        service.due_nudges(
            cal,
            BreakPrefs(),
            team_id="T",
            user_id="U",
            now=now,
            validity=VALIDITY,
            ahead=timedelta(hours=12),
        )
        == []
    )


def _night_slots(cal: MemberCalendar, start: datetime, hours: int) -> dict[str, datetime]:
    """Every nudge a planner ticking every 5 minutes would queue: slot → planned UTC time."""
    seen: dict[str, datetime] = {}
    now = start
    while now < start + timedelta(hours=hours):
        for due in service.due_nudges(
            cal, BreakPrefs(), team_id="T", user_id="U", now=now, validity=VALIDITY
        ):
            seen.setdefault(due.ref.key, due.due_at)
        now += timedelta(minutes=5)
    return seen


def _stagger() -> timedelta:
    return service.member_stagger("T", "U")


def test_spring_forward_night_shift_chicago() -> None:
    # Sat 2026-03-07 22:00 CST → Sun 06:00 CDT: 7 real hours, breaks every 90 real minutes.
    cal = chicago(ShiftRule(weekday=5, start=time(22), end=time(6)))
    seen = _night_slots(cal, datetime(2026, 3, 8, 2, 0, tzinfo=UTC), hours=12)
    assert all(":2026-03-07:" in key for key in seen)
    hours = ((5, 30), (7, 0), (8, 30), (10, 0))
    expected = [datetime(2026, 3, 8, h, m, tzinfo=UTC) + _stagger() for h, m in hours]
    assert sorted(seen.values()) == expected
    assert sorted(seen) == [f"nudge:T:U:2026-03-07:{slot_name('break', at)}" for at in expected]


def test_fall_back_night_shift_chicago_fires_each_nudge_once() -> None:
    # Sat 2026-10-31 22:00 CDT → Sun 06:00 CST: 9 real hours; 01:00-02:00 happens twice.
    cal = chicago(ShiftRule(weekday=5, start=time(22), end=time(6)))
    seen = _night_slots(cal, datetime(2026, 11, 1, 1, 0, tzinfo=UTC), hours=14)
    assert len(seen) == 5
    times = sorted(seen.values())
    assert all(b - a == timedelta(minutes=90) for a, b in zip(times, times[1:], strict=False))


def test_day_shift_on_both_dst_sundays_keeps_wall_clock_times() -> None:
    for day in (date(2026, 3, 8), date(2026, 11, 1)):
        cal = chicago(ShiftRule(weekday=6, start=time(8), end=time(17)))
        start = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
        seen = _night_slots(cal, start, hours=12)
        first = min(seen.values())
        local = first.astimezone(cal.zone)
        assert (local.hour, local.minute // 10) == (9, 3)  # 09:30 + stagger


def test_still_wanted_follows_current_settings() -> None:
    cal = chicago(*weekdays(time(8), time(17)))
    eleven = datetime(2026, 11, 30, 17, 0, tzinfo=UTC) + _stagger()  # 11:00 Chicago
    ref = NudgeRef("T", "U", date(2026, 11, 30), slot_name("break", eleven))
    assert service.still_wanted(cal, BreakPrefs(), ref)
    assert not service.still_wanted(cal, BreakPrefs(enabled=False), ref)
    assert not service.still_wanted(chicago(), BreakPrefs(), ref)
    # The nudge moved (every 60 min: 09:00, 10:00, 11:00 stay; every 120: 10:00, 12:00…).
    assert service.still_wanted(cal, BreakPrefs(cadence_minutes=60), ref)
    assert not service.still_wanted(cal, BreakPrefs(cadence_minutes=120), ref)
    assert not service.still_wanted(cal, BreakPrefs(lunch=time(10, 45)), ref)  # lunch + gap
    unstaggered = NudgeRef("T", "U", date(2026, 11, 30), slot_name("break", eleven - _stagger()))
    assert not service.still_wanted(cal, BreakPrefs(), unstaggered) or _stagger() == timedelta(0)
    assert not service.still_wanted(cal, BreakPrefs(), NudgeRef("T", "U", ref.local_date, "x"))
    assert service.still_wanted(chicago(), BreakPrefs(), ref.snoozed(10))
    away = chicago(
        *weekdays(time(8), time(17)),
        time_off=(TimeOff(start=date(2026, 11, 30), end=date(2026, 11, 30)),),
    )
    assert not service.still_wanted(away, BreakPrefs(), ref.snoozed(10))


def test_dnd_until() -> None:
    now = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    ts = now.timestamp()
    assert dnd_until({"dnd_enabled": False}, now) is None
    assert (
        dnd_until(
            {"dnd_enabled": True, "next_dnd_start_ts": ts + 60, "next_dnd_end_ts": ts + 120}, now
        )
        is None
    )
    assert dnd_until(
        {"dnd_enabled": True, "next_dnd_start_ts": ts - 60, "next_dnd_end_ts": ts + 600}, now
    ) == now + timedelta(minutes=10)
    assert dnd_until({"snooze_enabled": True, "snooze_endtime": ts + 300}, now) == now + timedelta(
        minutes=5
    )


def test_week_bounds_and_today_plan() -> None:
    assert service.week_bounds(date(2026, 12, 3)) == (date(2026, 11, 30), date(2026, 12, 6))
    cal = chicago(*weekdays(time(8), time(17)))
    plan = service.today_plan(
        cal, BreakPrefs(lunch=time(12, 30)), datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    )
    assert plan.next_nudge is not None and _local(plan.next_nudge.at) == "09:30"
    assert plan.lunch is not None and plan.lunch.at == datetime(2026, 11, 30, 18, 30, tzinfo=UTC)
    assert plan.shift_end == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)


def test_command_rules_raise_grammar_errors() -> None:
    with pytest.raises(GrammarError):
        service.new_schedule("mon-fri 8-late", WeeklySchedule())
    with pytest.raises(GrammarError):
        service.new_prefs("every 5m", BreakPrefs())
    with pytest.raises(GrammarError):
        service.new_zone("Mars/Olympus")
    with pytest.raises(GrammarError):
        service.new_time_off("until 2020-01-01", today=date(2026, 11, 30))
    assert service.new_zone("america/chicago").zone == "America/Chicago"


def _status(cal: MemberCalendar, prefs: BreakPrefs, day: date, hhmm: str) -> tuple[str, ...]:
    hour, minute = (int(part) for part in hhmm.split(":"))
    now = datetime.combine(day, time(hour, minute), tzinfo=CHICAGO)
    plan = service.today_plan(cal, prefs, now)
    return (
        _local(plan.next_nudge.at) if plan.next_nudge else "none",
        _local(plan.lunch.at) if plan.lunch else "none",
        _local(plan.shift_end) if plan.shift_end else "none",
    )


@pytest.mark.parametrize(
    ("day", "hhmm", "expected"),
    [
        # Monday evening before the 22:00-06:00 shift: tonight's plan.
        (date(2026, 11, 30), "21:00", ("23:30", "02:00", "none")),
        (date(2026, 11, 30), "22:00", ("23:30", "02:00", "06:00")),
        (date(2026, 11, 30), "23:45", ("01:00", "02:00", "06:00")),
        # After midnight the shift that started on Monday is still the one that counts.
        (date(2026, 12, 1), "00:00", ("01:00", "02:00", "06:00")),
        (date(2026, 12, 1), "01:00", ("01:00", "02:00", "06:00")),
        (date(2026, 12, 1), "01:30", ("02:00", "02:00", "06:00")),
        # Lunch 02:00-02:30 and 30 quiet minutes: the 02:30 break isn't sent. The next lunch
        # is in the shift starting tonight (Tuesday 22:00), later today.
        (date(2026, 12, 1), "02:10", ("04:00", "02:00", "06:00")),
        # Nothing left in this shift: the next one is tonight's, later today.
        (date(2026, 12, 1), "04:30", ("23:30", "02:00", "06:00")),
        (date(2026, 12, 1), "06:30", ("23:30", "02:00", "none")),
        # Friday night's shift ends Saturday; nothing else on Saturday.
        (date(2026, 12, 5), "03:00", ("04:00", "none", "06:00")),
        (date(2026, 12, 5), "05:00", ("none", "none", "06:00")),
        (date(2026, 12, 5), "07:00", ("none", "none", "none")),
    ],
)
def test_status_is_right_at_every_moment_of_an_overnight_shift(
    day: date, hhmm: str, expected: tuple[str, ...]
) -> None:
    cal = chicago(*weekdays(time(22), time(6)))
    prefs = BreakPrefs(lunch=time(2, 0))
    assert _status(cal, prefs, day, hhmm) == expected


def test_status_shows_the_staggered_time_the_nudge_really_comes() -> None:
    cal = chicago(*weekdays(time(8), time(17)))
    now = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 09:00 Chicago
    plan = service.today_plan(cal, BreakPrefs(), now, stagger=timedelta(minutes=4))
    assert plan.next_nudge is not None and _local(plan.next_nudge.at) == "09:34"
