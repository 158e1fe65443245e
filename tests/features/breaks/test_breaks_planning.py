"""The member planning pass: only members whose `next_plan_at` has come are loaded, a settings
change replans at the next tick, and a week of ticks plans exactly what planning everyone at
every tick would have planned (breaks, lunch, end-of-shift; split, overnight and short shifts,
time off, the DST change) — while looking at a small fraction of the members."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

import bot.store.members as members_module
from bot.calendars import member_calendar, member_prefs
from bot.clock import ManualClock
from bot.config import Settings
from bot.deps import Deps
from bot.features.breaks import jobs, service
from bot.features.breaks.planning import MemberPlanning, member_planning
from bot.features.breaks.service import NudgeRef
from bot.features.quiet import jobs as quiet_jobs
from bot.features.quiet import service as quiet_service
from bot.jobs import JobRegistry
from bot.metrics import Metrics
from bot.schedule import (
    BreakPrefs,
    MemberCalendar,
    ShiftRule,
    TimeOff,
    WeeklySchedule,
    parse_shift,
    plan_window,
    slot_name,
    to_json,
)
from bot.store import Store
from bot.store.tables import members, outbox
from content import builtin_catalog

TEAM = "T0SANDBOX"
MONDAY_8 = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 08:00 in Chicago


def make_deps(store: Store, clock: ManualClock, *, quiet: bool = True) -> Deps:
    deps = Deps(
        settings=Settings(_env_file=None),
        store=store,
        clock=clock,
        catalog=builtin_catalog(),
        metrics=Metrics(),
        jobs=JobRegistry(),
    )
    jobs.register_jobs(deps)
    if quiet:
        quiet_jobs.register(deps)
    return deps


def week(text: str) -> str:
    return to_json(parse_shift(text).apply(WeeklySchedule()))


def add(store: Store, user: str, shifts: str, *, now: datetime, **more: Any) -> None:
    values: dict[str, Any] = {"tz": "America/Chicago", "lang": "en", "schedule": week(shifts)}
    store.members.update(team_id=TEAM, user_id=user, now=now, **{**values, **more})


def chicago(*rules: ShiftRule, time_off: tuple[TimeOff, ...] = ()) -> MemberCalendar:
    return MemberCalendar(
        tz="America/Chicago", schedule=WeeklySchedule(rules=rules), time_off=time_off
    )


def at(hour: int, minute: int = 0, *, days: int = 0) -> datetime:
    """A Chicago wall-clock time on Monday 2026-11-30 (+ `days`), in UTC."""
    local = datetime(2026, 11, 30, hour, minute, tzinfo=ZoneInfo("America/Chicago"))
    return (local + timedelta(days=days)).astimezone(UTC)


# -- when a member is next planned (pure) --------------------------------------------------------


def test_next_planning_follows_the_shifts() -> None:
    cal = chicago(*(ShiftRule(weekday=d, start=time(8), end=time(17)) for d in range(5)))
    assert service.next_planning_at(chicago(), at(9)) is None  # no shifts: never
    # Before a shift: 15 minutes before it starts.
    assert service.next_planning_at(cal, at(6)) == at(7, 45)
    # From 15 minutes before the start to an hour after the end: every hour.
    for moment in (at(7, 45), at(8), at(12), at(16, 59), at(17, 30)):
        assert service.next_planning_at(cal, moment) == moment + timedelta(hours=1)
    # In the evening, the next morning (within 12 hours).
    assert service.next_planning_at(cal, at(20)) == at(7, 45, days=1)
    # Friday evening: the weekend is slept through 12 hours at a time.
    friday_night = at(19, days=4)
    assert service.next_planning_at(cal, friday_night) == friday_night + service.MAX_SLEEP
    # Time off moves the next planning past it (capped the same way).
    away = chicago(
        *cal.schedule.rules, time_off=(TimeOff(start=date(2026, 12, 1), end=date(2026, 12, 4)),)
    )
    assert service.next_planning_at(away, at(20)) == at(20) + service.MAX_SLEEP


def test_a_gate_drops_a_queued_nudge_whose_time_moved() -> None:
    cal = chicago(*(ShiftRule(weekday=d, start=time(8), end=time(17)) for d in range(5)))
    queued = service.due_nudges(
        cal, BreakPrefs(), team_id="T", user_id="U", now=at(10), validity=timedelta(0)
    )
    eleven = next(d for d in queued if d.due_at - at(11) < timedelta(minutes=5))
    assert service.still_wanted(cal, BreakPrefs(), eleven.ref)
    # Every 120 minutes: 10:00, 12:00…: nothing at 11:00 any more, so that row is not sent.
    assert not service.still_wanted(cal, BreakPrefs(cadence_minutes=120), eleven.ref)
    # Every 60 minutes: 11:00 is still a break, at the same instant: the same row goes out.
    assert service.still_wanted(cal, BreakPrefs(cadence_minutes=60), eleven.ref)
    replanned = service.due_nudges(
        cal,
        BreakPrefs(cadence_minutes=60),
        team_id="T",
        user_id="U",
        now=at(10),
        validity=timedelta(0),
    )
    assert eleven.ref in [d.ref for d in replanned]  # same key: never queued twice


# -- the pass on a real database -------------------------------------------------------------------


def test_members_not_due_are_never_loaded(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    deps = make_deps(store, ManualClock(MONDAY_8))
    for n in range(200):
        add(store, f"U{n:03}", "mon-fri 08:00-17:00", now=MONDAY_8 - timedelta(days=1))
    for n in range(50):  # members without shifts are never due
        store.members.update(team_id=TEAM, user_id=f"N{n:03}", now=MONDAY_8, level="mid")
    # Everyone was planned yesterday; three are due now.
    later = MONDAY_8 + timedelta(hours=5)
    with store.engine.begin() as conn:
        conn.execute(members.update().values(next_plan_at=later))
        conn.execute(
            members.update()
            .where(members.c.user_id.in_(["U007", "U100", "U199"]))
            .values(next_plan_at=MONDAY_8 - timedelta(minutes=1))
        )
    loaded: list[str] = []
    real = members_module._to_member

    def spy(row: Any) -> Any:
        loaded.append(str(row["user_id"]))
        return real(row)

    monkeypatch.setattr(members_module, "_to_member", spy)
    report = member_planning(deps).run(MONDAY_8)
    assert sorted(loaded) == ["U007", "U100", "U199"]
    assert report.members == 3 and report.added == 3  # each one's 09:30 break
    loaded.clear()
    assert member_planning(deps).run(MONDAY_8 + timedelta(minutes=1)).members == 0
    assert loaded == []


def test_the_due_query_uses_the_index(sqlite_store: Store) -> None:
    store = sqlite_store
    query = (
        select(members)
        .where(members.c.next_plan_at <= MONDAY_8)
        .order_by(members.c.next_plan_at)
        .limit(1000)
    )
    compiled = query.compile(store.engine, compile_kwargs={"literal_binds": True})
    with store.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "ix_members_next_plan_at" in plan and "SCAN members" not in plan.replace(
        "USING INDEX", ""
    )


def test_a_settings_change_replans_at_the_next_tick(store: Store) -> None:
    deps = make_deps(store, ManualClock(MONDAY_8))
    add(store, "U0ANA", "mon-fri 08:00-17:00", now=MONDAY_8)
    planning = member_planning(deps)
    assert planning.run(MONDAY_8).members == 1
    member = store.members.get(team_id=TEAM, user_id="U0ANA")
    assert member is not None and member.next_plan_at == MONDAY_8 + service.REPLAN_EVERY
    soon = MONDAY_8 + timedelta(minutes=5)
    # A change planning doesn't read leaves the planning time alone...
    store.members.update(team_id=TEAM, user_id="U0ANA", now=soon, level="senior")
    assert planning.run(soon).members == 0
    # ...one it reads (cadence, shifts, zone, time off, end-of-shift) makes it due now.
    prefs = to_json(BreakPrefs(cadence_minutes=60))
    store.members.update(team_id=TEAM, user_id="U0ANA", now=soon, break_prefs=prefs)
    report = planning.run(soon)
    assert report.members == 1
    # 09:00 is new (its key names 09:00, not the 09:30 break queued before the change, which
    # the gate drops later).
    nine = at(9) + service.member_stagger(TEAM, "U0ANA")
    assert store.outbox.by_key(f"nudge:{TEAM}:U0ANA:2026-11-30:{slot_name('break', nine)}")
    # Clearing the shifts clears the planning time: never loaded again.
    store.members.update(team_id=TEAM, user_id="U0ANA", now=soon, schedule=None)
    cleared = store.members.get(team_id=TEAM, user_id="U0ANA")
    assert cleared is not None and cleared.next_plan_at is None


def test_a_change_during_planning_wins_over_the_planned_time(store: Store) -> None:
    add(store, "U0ANA", "mon-fri 08:00-17:00", now=MONDAY_8)
    [claimed] = store.members.claim_due_for_planning(
        now=MONDAY_8, limit=10, lease=timedelta(minutes=5)
    )
    # Another replica sees nothing while the claim holds.
    assert store.members.claim_due_for_planning(now=MONDAY_8, limit=10, lease=timedelta(1)) == []
    store.members.update(team_id=TEAM, user_id="U0ANA", now=MONDAY_8, tz="America/Denver")
    assert store.members.set_next_plan([(claimed, MONDAY_8 + timedelta(hours=1))]) == 0
    member = store.members.get(team_id=TEAM, user_id="U0ANA")
    assert member is not None and member.next_plan_at == MONDAY_8  # still "plan me now"


def test_members_stored_without_a_planning_time_are_planned(store: Store) -> None:
    deps = make_deps(store, ManualClock(MONDAY_8))
    add(store, "U0ANA", "mon-fri 08:00-17:00", now=MONDAY_8, next_plan_at=None)
    assert member_planning(deps).run(MONDAY_8).members == 1


def test_breaks_and_end_of_shift_share_one_pass(store: Store) -> None:
    deps = make_deps(store, ManualClock(MONDAY_8))
    assert [name for name, _ in deps.jobs.planners] == ["members"]
    add(store, "U0ANA", "mon-fri 08:00-17:00", now=MONDAY_8)
    evening = at(16, 10)  # the end-of-shift DM (17:05) is in the window
    planning = member_planning(deps)
    planning.run(evening)
    assert store.outbox.by_key(f"eos:{TEAM}:U0ANA:2026-11-30:end-20261130T230500Z") is not None
    with pytest.raises(ValueError):
        planning.add("breaks", lambda member, cal, now: [])
    assert isinstance(planning, MemberPlanning)


def _expected_keys(deps: Deps, user: str, start: datetime, end: datetime) -> set[str]:
    """What planning everyone at every tick would queue for [start, end)."""
    member = deps.store.members.get(team_id=TEAM, user_id=user)
    assert member is not None
    cal = member_calendar(member, deps.store.workspaces.get(TEAM), deps.settings)
    prefs = member_prefs(member)
    keys = set()
    stagger = service.member_stagger(TEAM, user)
    for nudge in plan_window(cal, prefs, start, end, stagger=stagger):
        if nudge.kind == "end_of_shift":
            if member.end_of_shift:
                keys.add(
                    quiet_service.eos_key(
                        team_id=TEAM, user_id=user, local_date=nudge.local_date, slot=nudge.slot
                    )
                )
        elif prefs.enabled:
            keys.add(NudgeRef(TEAM, user, nudge.local_date, nudge.slot).key)
    return keys


def test_a_week_of_ticks_plans_what_planning_everyone_every_tick_would(
    sqlite_store: Store,
) -> None:
    store = sqlite_store
    # The week of the autumn DST change (Sunday 2026-11-01), ticking every 10 minutes.
    start = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
    end = start + timedelta(days=7)
    clock = ManualClock(start)
    deps = make_deps(store, clock)
    lunch = to_json(BreakPrefs(lunch=time(12, 30), cadence_minutes=75))
    add(store, "A", "mon-fri 08:00-17:00", now=start, break_prefs=lunch)
    add(store, "B", "mon,wed 08:00-12:00 13:00-17:00 sat 22:00-06:00", now=start)
    add(store, "C", "tue-thu 09:00-09:40 sun 01:00-03:00", now=start)  # short; the doubled hour
    add(
        store,
        "D",
        "daily 06:00-14:00",
        now=start,
        tz="America/New_York",
        away_from=date(2026, 11, 4),
        away_until=date(2026, 11, 4),
    )
    add(
        store,
        "E",
        "mon-fri 08:00-17:00",
        now=start,
        end_of_shift=False,
        break_prefs=to_json(BreakPrefs(enabled=False)),
    )
    planning = member_planning(deps)
    loads = ticks = 0
    while clock.now() < end:
        loads += planning.run(clock.now()).members
        ticks += 1
        clock.advance(timedelta(minutes=10))
    with store.engine.connect() as conn:
        planned = {str(k) for (k,) in conn.execute(select(outbox.c.dedupe_key))}
    for user in "ABCDE":
        inside = _expected_keys(deps, user, start + timedelta(minutes=1), end)
        around = _expected_keys(deps, user, start - timedelta(hours=1), end + timedelta(hours=3))
        mine = {k for k in planned if f":{user}:" in k}
        assert inside <= mine, (user, sorted(inside - mine))
        assert mine <= around, (user, sorted(mine - around))
    assert any(":E:" in k for k in planned) is False  # nothing wanted, nothing queued
    # Planning everyone at every tick would have loaded 5 members 1,008 times.
    assert loads < 0.1 * ticks * 5, loads
