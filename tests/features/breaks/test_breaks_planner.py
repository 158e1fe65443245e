"""The planner and the gate on a real SQLite store with an injected `now`; a restart (a second
planner and dispatcher on the same database) still delivers each nudge exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery import Dispatcher
from bot.deps import Deps
from bot.features.breaks import jobs, service, views
from bot.jobs import JobRegistry
from bot.metrics import Metrics
from bot.sandbox import SlackSandbox
from bot.schedule import WeeklySchedule, parse_shift, slot_name, to_json
from bot.store import Store, create_store
from content import builtin_catalog

TEAM = "T0SANDBOX"
START = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # Monday 08:00 in Chicago
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def sandbox() -> Iterator[SlackSandbox]:
    with SlackSandbox() as sb:
        sb.add_user("U0ANA", name="ana", tz="America/Chicago", locale="en-US")
        yield sb


def make_deps(store: Store, clock: ManualClock) -> Deps:
    deps = Deps(
        settings=Settings(_env_file=None),
        store=store,
        clock=clock,
        catalog=builtin_catalog(),
        metrics=Metrics(),
        jobs=JobRegistry(),
    )
    jobs.register_jobs(deps)
    return deps


def make_dispatcher(deps: Deps, sandbox: SlackSandbox, name: str) -> Dispatcher:
    client = WebClient(base_url=sandbox.api_url, token=sandbox.bot_token)
    dispatcher = Dispatcher(
        outbox=deps.store.outbox,
        clients=lambda _team: client,
        clock=deps.clock,
        metrics=deps.metrics,
        worker_id=name,
        channel_spacing=0,
    )
    for kind, gate in deps.jobs.gates.items():
        dispatcher.add_gate(kind, gate)
    return dispatcher


def add_member(store: Store, shift: str = "mon-fri 08:00-17:00") -> None:
    schedule = parse_shift(shift).apply(WeeklySchedule())
    store.members.update(
        team_id=TEAM,
        user_id="U0ANA",
        now=START,
        tz="America/Chicago",
        lang="en",
        schedule=to_json(schedule),
    )


def break_key(local_hhmm: str, day: str = "2026-11-30", user: str = "U0ANA") -> str:
    """The outbox key of the member's break planned at `local_hhmm` Chicago time (staggered)."""
    hour, minute = (int(part) for part in local_hhmm.split(":"))
    nominal = datetime.combine(date.fromisoformat(day), time(hour, minute), tzinfo=CHICAGO)
    slot = slot_name("break", nominal + service.member_stagger(TEAM, user))
    return f"nudge:{TEAM}:{user}:{day}:{slot}"


def run(deps: Deps, dispatcher: Dispatcher, until: datetime, step: timedelta) -> None:
    clock = deps.clock
    assert isinstance(clock, ManualClock)
    while clock.now() < until:
        for _, planner in deps.jobs.planners:
            planner(clock.now())
        dispatcher.tick()
        clock.advance(step)


def test_planner_is_idempotent_and_proportional_to_scheduled_members(
    sqlite_store: Store,
) -> None:
    clock = ManualClock(START)
    deps = make_deps(sqlite_store, clock)
    for user in ("U1", "U2", "U3"):  # members without shifts are never looked at
        sqlite_store.members.update(team_id=TEAM, user_id=user, now=START, tz="America/Chicago")
    add_member(sqlite_store)
    assert jobs.plan_nudges(deps, START) == 1  # 09:30 only: [now - 15 min, now + 2 h)
    assert jobs.plan_nudges(deps, START) == 0
    assert jobs.plan_nudges(deps, START + timedelta(minutes=1)) == 0
    assert jobs.plan_nudges(deps, START + timedelta(hours=1, minutes=5)) == 1  # 11:00
    row = sqlite_store.outbox.by_key(break_key("09:30"))
    assert row is not None
    assert (row.kind, row.channel, row.user_id) == ("nudge", "U0ANA", "U0ANA")
    assert row.expires_at is not None and row.expires_at - row.due_at == timedelta(minutes=15)
    assert [b["action_id"] for b in row.payload["blocks"][1]["elements"]] == [
        views.TOOK_IT_ACTION,
        "breaks.snooze.10",
        "breaks.snooze.15",
        "breaks.snooze.30",
        views.SKIP_ACTION,
    ]


def test_a_whole_day_then_a_restart_delivers_each_nudge_once(
    sqlite_store: Store, sandbox: SlackSandbox, tmp_path: Path
) -> None:
    clock = ManualClock(START - timedelta(minutes=30))
    add_member(sqlite_store)
    first = make_deps(sqlite_store, clock)
    # Morning in the first process: 09:30 and 11:00 go out.
    run(
        first,
        make_dispatcher(first, sandbox, "a"),
        START + timedelta(hours=3, minutes=10),
        timedelta(minutes=1),
    )
    assert len(sandbox.messages("U0ANA")) == 2
    # "Restart": a new store, planner and dispatcher on the same database, same moment.
    store2 = create_store(f"sqlite:///{tmp_path}/balance.db")
    try:
        second = make_deps(store2, clock)
        run(
            second,
            make_dispatcher(second, sandbox, "b"),
            START + timedelta(hours=10),
            timedelta(minutes=1),
        )
    finally:
        store2.close()
    keys = [m["metadata"]["event_payload"]["delivery_id"] for m in sandbox.messages("U0ANA")]
    # 08:00-17:00: 09:30, 11:00, 12:30, 14:00, 15:30 (16:30 is inside the last 30 minutes).
    hours = ("09:30", "11:00", "12:30", "14:00", "15:30")
    assert keys == [break_key(hhmm) for hhmm in hours]


def test_two_planners_on_one_database_never_duplicate(
    sqlite_store: Store, sandbox: SlackSandbox, tmp_path: Path
) -> None:
    clock = ManualClock(START)
    add_member(sqlite_store)
    store2 = create_store(f"sqlite:///{tmp_path}/balance.db")
    try:
        a, b = make_deps(sqlite_store, clock), make_deps(store2, clock)
        da, db = make_dispatcher(a, sandbox, "a"), make_dispatcher(b, sandbox, "b")
        while clock.now() < START + timedelta(hours=4):
            jobs.plan_nudges(a, clock.now())
            jobs.plan_nudges(b, clock.now())
            da.tick()
            db.tick()
            clock.advance(timedelta(minutes=2))
    finally:
        store2.close()
    keys = [m["metadata"]["event_payload"]["delivery_id"] for m in sandbox.messages("U0ANA")]
    assert len(keys) == len(set(keys)) == 2


def test_gate_defers_for_dnd_and_skips_away_as_natural(
    sqlite_store: Store, sandbox: SlackSandbox
) -> None:
    clock = ManualClock(START)
    add_member(sqlite_store)
    deps = make_deps(sqlite_store, clock)
    jobs.plan_nudges(deps, START)
    row = sqlite_store.outbox.by_key(break_key("09:30"))
    assert row is not None
    client = WebClient(base_url=sandbox.api_url, token=sandbox.bot_token)
    gate = deps.jobs.gates["nudge"]
    at = row.due_at
    sandbox.set_dnd(
        "U0ANA",
        True,
        next_dnd_start_ts=int(at.timestamp()) - 60,
        next_dnd_end_ts=int(at.timestamp()) + 300,
    )
    decision = gate(row, client, at)
    assert (decision.action, decision.until) == (
        "defer",
        datetime.fromtimestamp(int(at.timestamp()) + 300, UTC),
    )
    sandbox.set_dnd("U0ANA", False)
    assert gate(row, client, at).action == "send"
    sandbox.set_presence("U0ANA", "away")
    decision = gate(row, client, at)
    assert (decision.action, decision.reason) == ("skip", "natural_break")
    assert (
        sqlite_store.nudges.counts(
            team_id=TEAM, user_id="U0ANA", start=date(2026, 11, 30), end=date(2026, 12, 6)
        )["natural"]
        == 1
    )


def test_week_counts_keep_the_latest_choice_per_slot(sqlite_store: Store) -> None:
    deps = make_deps(sqlite_store, ManualClock(START))
    add_member(sqlite_store)
    log = sqlite_store.nudges
    day = date(2026, 11, 30)
    log.record(
        team_id=TEAM, user_id="U0ANA", local_date=day, slot="b1", outcome="snoozed", now=START
    )
    log.record(
        team_id=TEAM, user_id="U0ANA", local_date=day, slot="b1", outcome="took_it", now=START
    )
    log.record(
        team_id=TEAM, user_id="U0ANA", local_date=day, slot="b2", outcome="skipped", now=START
    )
    log.record(
        team_id=TEAM,
        user_id="U0ANA",
        local_date=date(2026, 11, 29),
        slot="b1",
        outcome="took_it",
        now=START,
    )  # last week (Sunday)
    member = sqlite_store.members.get(team_id=TEAM, user_id="U0ANA")
    assert member is not None
    assert jobs.week_counts(deps, member, START) == {
        "took_it": 1,
        "snoozed": 0,
        "skipped": 1,
        "natural": 0,
    }
    blocks = views.week_summary_blocks(deps, member)
    assert "Breaks taken: *1*" in blocks[0]["text"]["text"]
