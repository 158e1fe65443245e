"""Break, lunch and end-of-shift planning, across DST, and team staggering."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sched_helpers import CHICAGO, FALL_BACK, SPRING_FORWARD, at, chicago

from bot.schedule import (
    BreakPrefs,
    MemberCalendar,
    PlannedNudge,
    parse_slot,
    plan_day,
    plan_window,
    slot_name,
    stagger,
    stagger_offset,
)

MON, FRI = date(2026, 5, 11), date(2026, 5, 8)


def local_times(nudges: list[PlannedNudge], kind: str = "break") -> list[str]:
    return [f"{n.at.astimezone(CHICAGO):%H:%M}" for n in nudges if n.kind == kind]


def utc_hours(nudges: list[PlannedNudge], kind: str = "break") -> list[str]:
    return [f"{n.at:%H:%M}" for n in nudges if n.kind == kind]


def test_default_day(office: MemberCalendar) -> None:
    plan = plan_day(office, BreakPrefs(), MON)
    assert local_times(plan) == ["09:30", "11:00", "12:30", "14:00", "15:30"]
    assert local_times(plan, "end_of_shift") == ["17:05"]
    # A slot names the kind and the UTC instant due (Chicago is UTC-5 in May).
    assert [n.slot for n in plan] == [
        "break-20260511T143000Z", "break-20260511T160000Z", "break-20260511T173000Z",
        "break-20260511T190000Z", "break-20260511T203000Z", "end-20260511T220500Z",
    ]  # fmt: skip
    assert all(n.at.tzinfo is UTC and n.local_date == MON for n in plan)
    assert all(parse_slot(n.slot) == (n.kind, n.at) for n in plan)
    assert {n.shift_end for n in plan} == {at(MON, 17)}


def test_a_slot_is_the_kind_and_the_instant() -> None:
    moment = datetime(2026, 11, 30, 16, 3, 12, tzinfo=UTC)
    assert slot_name("break", moment.astimezone(CHICAGO)) == "break-20261130T160312Z"
    assert parse_slot("break-20261130T160312Z") == ("break", moment)
    assert parse_slot("end-20261130T160312Z") == ("end_of_shift", moment)
    for other in (
        "break-0800-2",
        "lunch-0800",
        "break-20261130T160312",
        "nap-20261130T160312Z",
        "break-20261399T160312Z",
        "",
    ):
        assert parse_slot(other) is None


def test_margins_are_half_open(office: MemberCalendar) -> None:
    plan = plan_day(office, BreakPrefs(cadence_minutes=30), MON)
    times = local_times(plan)
    assert times[0] == "08:30" and times[-1] == "16:00" and len(times) == 16


def test_bigger_margin() -> None:
    plan = plan_day(
        chicago("mon 08:00-12:00"), BreakPrefs(cadence_minutes=60, margin_minutes=90), MON
    )
    assert local_times(plan) == ["10:00"]


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [(30, 16), (90, 5), (240, ["12:00", "16:00"])],
)
def test_cadence_bounds(office: MemberCalendar, cadence: int, expected: int | list[str]) -> None:
    times = local_times(plan_day(office, BreakPrefs(cadence_minutes=cadence), MON))
    assert (len(times) if isinstance(expected, int) else times) == expected


def test_lunch_drops_breaks_inside_it_and_gets_a_reminder(office: MemberCalendar) -> None:
    plan = plan_day(office, BreakPrefs(lunch=time(12, 0), lunch_minutes=60), MON)
    assert local_times(plan) == ["09:30", "11:00", "14:00", "15:30"]
    assert local_times(plan, "lunch") == ["12:00"]
    assert [n.slot for n in plan if n.kind == "lunch"] == ["lunch-20260511T170000Z"]


def test_no_break_within_the_gap_after_lunch(office: MemberCalendar) -> None:
    # The defaults: 08:00-17:00, lunch 12:00 for 30 min, every 90 min. The 12:30 break would
    # come the minute lunch ends; the gap (30 min by default) drops it.
    right_after = plan_day(office, BreakPrefs(lunch=time(12, 0), lunch_minutes=30), MON)
    assert local_times(right_after) == ["09:30", "11:00", "14:00", "15:30"]
    no_gap = BreakPrefs(lunch=time(12, 0), lunch_minutes=30, lunch_gap_minutes=0)
    assert "12:30" in local_times(plan_day(office, no_gap, MON))  # lunch itself is half-open
    longer = BreakPrefs(lunch=time(10, 0), lunch_minutes=30, lunch_gap_minutes=60)
    assert local_times(plan_day(office, longer, MON)) == ["09:30", "12:30", "14:00", "15:30"]
    just_before = plan_day(office, BreakPrefs(lunch=time(12, 45)), MON)
    assert "12:30" in local_times(just_before)
    # The gap ends half-open too: 12:00 + 30 + 30 = 13:00 is allowed again.
    on_the_edge = BreakPrefs(cadence_minutes=60, lunch=time(12, 0))
    assert local_times(plan_day(office, on_the_edge, MON)) == [
        "09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00",
    ]  # fmt: skip


def test_stagger_is_applied_before_the_filters(office: MemberCalendar) -> None:
    prefs = BreakPrefs(cadence_minutes=60, lunch=time(12, 0))  # quiet from 12:00 to 13:00
    four = timedelta(minutes=4)
    assert local_times(plan_day(office, prefs, MON)) == [
        "09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00",
    ]  # fmt: skip
    assert local_times(plan_day(office, prefs, MON, stagger=four)) == [
        "09:04", "10:04", "11:04", "13:04", "14:04", "15:04", "16:04",
    ]  # fmt: skip
    # 11:58 is before lunch, but staggered it is 12:02: inside lunch, so it is not sent.
    late_start = chicago("mon 08:58-17:00")
    assert "11:58" in local_times(plan_day(late_start, prefs, MON))
    assert local_times(plan_day(late_start, prefs, MON, stagger=four))[:3] == [
        "10:02", "11:02", "13:02",
    ]  # fmt: skip
    # 16:00 is before the last 30 minutes of a 16:32 end; staggered, 16:04 is inside them.
    early_end = chicago("mon 08:00-16:32")
    assert local_times(plan_day(early_end, prefs, MON))[-1] == "16:00"
    assert local_times(plan_day(early_end, prefs, MON, stagger=four))[-1] == "15:04"
    # Lunch and the end-of-shift message are not staggered.
    others = [n for n in plan_day(office, prefs, MON, stagger=four) if n.kind != "break"]
    assert [f"{n.at.astimezone(CHICAGO):%H:%M}" for n in others] == ["12:00", "17:05"]


def test_lunch_outside_the_shift_is_not_sent(office: MemberCalendar) -> None:
    plan = plan_day(office, BreakPrefs(lunch=time(19, 0)), MON)
    assert local_times(plan, "lunch") == [] and len(local_times(plan)) == 5


def test_overnight_lunch_on_the_next_calendar_day() -> None:
    plan = plan_day(chicago("mon 22:00-06:00"), BreakPrefs(lunch=time(2, 0)), MON)
    (lunch,) = [n for n in plan if n.kind == "lunch"]
    assert lunch.at.astimezone(CHICAGO) == at(MON + timedelta(days=1), 2)
    assert lunch.local_date == MON


def test_breaks_off_keeps_the_end_of_shift_message(office: MemberCalendar) -> None:
    plan = plan_day(office, BreakPrefs(enabled=False, lunch=time(12, 0)), MON)
    assert [n.kind for n in plan] == ["end_of_shift"]
    assert plan_day(office, BreakPrefs(), MON, end_of_shift=False)[-1].kind == "break"


def test_nothing_on_days_off(office: MemberCalendar) -> None:
    assert plan_day(office, BreakPrefs(), date(2026, 7, 3)) == []  # observed holiday
    assert plan_day(office, BreakPrefs(), date(2026, 5, 9)) == []  # Saturday


def test_split_shift_has_distinct_slots() -> None:
    plan = plan_day(chicago("mon 08:00-12:00 13:00-17:00"), BreakPrefs(), MON)
    assert [(n.kind, f"{n.at.astimezone(CHICAGO):%H:%M}") for n in plan] == [
        ("break", "09:30"), ("break", "11:00"), ("end_of_shift", "12:05"),
        ("break", "14:30"), ("break", "16:00"), ("end_of_shift", "17:05"),
    ]  # fmt: skip
    assert len({n.slot for n in plan}) == len(plan)


@pytest.mark.parametrize(
    ("second_start", "first_end_sent"),
    [("12:00", False), ("12:03", False), ("12:05", False), ("12:10", True)],
)
def test_no_end_of_shift_message_when_the_next_shift_starts_first(
    second_start: str, first_end_sent: bool
) -> None:
    plan = plan_day(chicago(f"mon 08:00-12:00 {second_start}-17:00"), BreakPrefs(), MON)
    first_end = [n for n in plan if n.kind == "end_of_shift" and n.shift_end == at(MON, 12)]
    assert bool(first_end) is first_end_sent


def test_back_to_back_across_midnight() -> None:
    plan = plan_day(chicago("mon 22:00-06:00 tue 06:00-14:00"), BreakPrefs(), MON)
    assert all(n.kind == "break" for n in plan)


def test_overnight_shift_across_fall_back_uses_real_time() -> None:
    plan = plan_day(chicago("sat 22:00-06:00"), BreakPrefs(), date(2026, 10, 31))
    # 22:00 CDT → 06:00 CST is nine real hours: breaks every 90 real minutes.
    assert utc_hours(plan) == ["04:30", "06:00", "07:30", "09:00", "10:30"]
    assert local_times(plan) == ["23:30", "01:00", "01:30", "03:00", "04:30"]
    assert local_times(plan, "end_of_shift") == ["06:05"]
    assert [n.at for n in plan] == sorted({n.at for n in plan})


def test_overnight_shift_across_spring_forward_uses_real_time() -> None:
    plan = plan_day(chicago("sat 22:00-06:00"), BreakPrefs(), date(2026, 3, 7))
    assert local_times(plan) == ["23:30", "01:00", "03:30", "05:00"]
    assert utc_hours(plan, "end_of_shift") == ["11:05"]


def test_ambiguous_lunch_fires_once() -> None:
    plan = plan_day(chicago("sun 00:00-04:00"), BreakPrefs(lunch=time(1, 30)), FALL_BACK)
    lunches = [n for n in plan if n.kind == "lunch"]
    assert [n.at for n in lunches] == [datetime(2026, 11, 1, 6, 30, tzinfo=UTC)]  # 01:30 CDT


def test_lunch_in_the_gap_moves_forward() -> None:
    plan = plan_day(chicago("sun 00:00-06:00"), BreakPrefs(lunch=time(2, 30)), SPRING_FORWARD)
    assert local_times(plan, "lunch") == ["03:30"]


def test_plan_window(office: MemberCalendar) -> None:
    due = plan_window(office, BreakPrefs(), at(FRI, 17), at(MON, 10))
    assert [(n.local_date, n.kind) for n in due] == [(FRI, "end_of_shift"), (MON, "break")]
    assert plan_window(office, BreakPrefs(), at(MON, 9, 30), at(MON, 9, 30)) == []


def test_stagger_spreads_a_team_evenly_and_deterministically() -> None:
    team = ["U01", "U02", "U03", "U04", "U05"]
    offsets = stagger(team, key=str)
    assert sorted(o.total_seconds() for o in offsets) == [0, 60, 120, 180, 240]
    assert stagger(team, key=str) == offsets
    reordered = dict(zip(reversed(team), stagger(list(reversed(team)), key=str), strict=True))
    assert reordered == dict(zip(team, offsets, strict=True))


def test_stagger_edges() -> None:
    assert stagger([], key=str) == []
    assert stagger(["U01"], key=str) == [timedelta(0)]
    assert stagger(["U01", "U02"], key=str, spread_minutes=0) == [timedelta(0)] * 2
    big = stagger([f"U{i:03}" for i in range(40)], key=str, spread_minutes=5)
    assert max(big) < timedelta(minutes=5) and len(set(big)) == 40


def test_stagger_offset_is_stable_and_bounded() -> None:
    offset = stagger_offset("T1:U01")
    assert offset == stagger_offset("T1:U01")
    assert timedelta(0) <= offset < timedelta(minutes=5)
    assert stagger_offset("T1:U01", spread_minutes=0) == timedelta(0)


def test_the_end_of_shift_message_never_lands_inside_the_next_shift() -> None:
    # Issue 15: a shift ending at 02:30 on the spring-forward night was stretched to 03:30 CDT
    # and its "time to disconnect" came 35 minutes into the 03:00 shift.
    cal = chicago("sat 20:00-02:30", "sun 03:00-11:00")
    night = plan_window(cal, BreakPrefs(), at(SPRING_FORWARD - timedelta(days=1), 12),
                        at(SPRING_FORWARD, 12))  # fmt: skip
    assert local_times(night, "end_of_shift") == ["11:05"]  # only the morning shift's
    # Its breaks stop 30 minutes before 03:00 CDT (02:30 CDT doesn't exist: 01:30 CST is the
    # last half hour before the change), and the morning shift's start after 03:00.
    assert local_times(night) == ["21:30", "23:00", "00:30", "04:30", "06:00", "07:30", "09:00"]
    # A week later the same rules give the night shift its own message at 02:35.
    later = plan_day(cal, BreakPrefs(), SPRING_FORWARD + timedelta(days=6))
    assert local_times(later, "end_of_shift") == ["02:35"]
