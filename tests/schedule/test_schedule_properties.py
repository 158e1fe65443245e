"""Property tests: invariants of planning and resolution, and parsers that only say GrammarError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sched_helpers import CHICAGO, FALL_BACK, SPRING_FORWARD

from bot.schedule import (
    BreakPrefs,
    GrammarError,
    MemberCalendar,
    ShiftRule,
    WeeklySchedule,
    check_overlaps,
    from_json,
    local_datetime,
    parse_away,
    parse_breaks,
    parse_date,
    parse_days,
    parse_duration,
    parse_level,
    parse_shift,
    parse_time,
    parse_tz,
    plan_day,
    shifts_on,
    to_json,
)

ZONES = st.sampled_from(["America/Chicago", "Europe/Madrid", "Australia/Lord_Howe", "UTC"])
DST_DAYS = [SPRING_FORWARD, FALL_BACK, date(2026, 3, 7), date(2026, 10, 31), date(2026, 3, 29)]
DAYS = st.one_of(st.sampled_from(DST_DAYS), st.dates(date(2026, 1, 1), date(2027, 12, 31)))
TIMES = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))


@st.composite
def schedules(draw: st.DrawFn) -> WeeklySchedule:
    """A random week; candidate shifts that would overlap earlier ones are dropped."""
    kept: list[ShiftRule] = []
    for _ in range(draw(st.integers(0, 10))):
        start, end = draw(TIMES), draw(TIMES)
        if start == end:
            continue
        candidate = ShiftRule(weekday=draw(st.integers(0, 6)), start=start, end=end)
        try:
            check_overlaps((*kept, candidate))
        except ValueError:
            continue
        kept.append(candidate)
    return WeeklySchedule(rules=tuple(kept))


PREFS = st.builds(
    BreakPrefs,
    cadence_minutes=st.integers(30, 240),
    margin_minutes=st.integers(0, 120),
    lunch=st.none() | TIMES,
    lunch_minutes=st.integers(5, 120),
    end_delay_minutes=st.integers(0, 60),
)


@settings(max_examples=300, deadline=None)
@given(schedule=schedules(), prefs=PREFS, day=DAYS, tz=ZONES)
def test_planned_nudges_respect_shifts_margins_and_lunch(
    schedule: WeeklySchedule, prefs: BreakPrefs, day: date, tz: str
) -> None:
    cal = MemberCalendar(tz=tz, schedule=schedule)
    plan = plan_day(cal, prefs, day)
    shifts = shifts_on(cal, day)
    margin = timedelta(minutes=prefs.margin_minutes)
    for nudge in plan:
        assert nudge.at.utcoffset() is not None and nudge.local_date == day
        if nudge.kind == "end_of_shift":
            assert any(
                nudge.at == s.end + timedelta(minutes=prefs.end_delay_minutes) for s in shifts
            )
            continue
        (shift,) = [s for s in shifts if s.contains(nudge.at)]
        if nudge.kind == "break":
            assert shift.start + margin <= nudge.at < shift.end - margin
            lunches = [n.at for n in plan if n.kind == "lunch" and shift.contains(n.at)]
            lunch_len = timedelta(minutes=prefs.lunch_minutes)
            assert not any(lunch <= nudge.at < lunch + lunch_len for lunch in lunches)
    moments = [n.at for n in plan]
    assert moments == sorted(set(moments)), "strictly increasing"
    assert len({n.slot for n in plan}) == len(plan)


@settings(max_examples=300, deadline=None)
@given(day=DAYS, at=TIMES, tz=ZONES)
def test_local_datetime_is_never_earlier_and_at_most_a_gap_later(
    day: date, at: time, tz: str
) -> None:
    got = local_datetime(day, at, tz)
    wall = datetime.combine(day, at)
    shifted = got.replace(tzinfo=None) - wall
    assert timedelta(0) <= shifted <= timedelta(hours=1)
    assert got.astimezone(UTC).astimezone(got.tzinfo) == got  # a real, round-trippable instant


@settings(max_examples=200, deadline=None)
@given(day=st.sampled_from([SPRING_FORWARD, FALL_BACK]), minute=st.integers(0, 24 * 60 - 1))
def test_chicago_transition_days_resolve_every_minute(day: date, minute: int) -> None:
    got = local_datetime(day, time(minute // 60, minute % 60), CHICAGO)
    if day == SPRING_FORWARD and 120 <= minute < 180:
        assert got.hour == 3 and got.minute == minute % 60  # forward by the gap
    else:
        assert (got.hour, got.minute, got.fold) == (minute // 60, minute % 60, 0)


@settings(max_examples=100, deadline=None)
@given(schedule=schedules(), prefs=PREFS)
def test_json_round_trip(schedule: WeeklySchedule, prefs: BreakPrefs) -> None:
    assert from_json(WeeklySchedule, to_json(schedule)) == schedule
    assert from_json(BreakPrefs, to_json(prefs)) == prefs


TODAY = date(2026, 11, 27)
PARSERS: list[Callable[[str], Any]] = [
    parse_shift,
    parse_days,
    parse_time,
    parse_duration,
    parse_breaks,
    parse_tz,
    parse_level,
    lambda text: parse_date(text, today=TODAY),
    lambda text: parse_away(text, today=TODAY),
]
GRAMMARISH = st.text(
    alphabet=st.sampled_from(list("0123456789:-–, ampmhonffmonfrisatuewedéá/ ")), max_size=30
)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(max_size=40), GRAMMARISH), which=st.integers(0, len(PARSERS) - 1))
def test_parsers_only_raise_grammar_errors(text: str, which: int) -> None:
    with contextlib.suppress(GrammarError):
        PARSERS[which](text)


@settings(max_examples=200, deadline=None)
@given(text=GRAMMARISH)
def test_a_parsed_shift_always_applies_or_explains(text: str) -> None:
    try:
        update = parse_shift(text)
        update.apply(WeeklySchedule())
    except GrammarError as exc:
        assert str(exc).strip()
