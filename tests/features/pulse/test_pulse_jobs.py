"""The weekly planner and the small API on a real store: once per week (also with two replicas
planning at the same time), DST-correct, holidays skipped, and rounds closed even when their
close row could not run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import ManualClock
from bot.config import Settings
from bot.deps import Deps
from bot.features.pulse import api, jobs
from bot.jobs import JobRegistry
from bot.metrics import Metrics
from bot.store import Store
from bot.store.outbox import OutboxRow
from content import builtin_catalog

TEAM, CHANNEL = "T1", "C1"
START = datetime(2026, 10, 19, 15, 0, tzinfo=UTC)  # Monday, CDT


def make_deps(store: Store, clock: ManualClock) -> Deps:
    settings = Settings(_env_file=None, pulse_secret="jobs-test-secret-" + "y" * 32)  # type: ignore[call-arg]
    deps = Deps(
        settings=settings,
        store=store,
        clock=clock,
        catalog=builtin_catalog(),
        metrics=Metrics(),
        jobs=JobRegistry(),
    )
    jobs.register(deps)
    return deps


def rows(store: Store, prefix: str) -> list[OutboxRow]:
    from sqlalchemy import select

    from bot.store.tables import outbox

    with store.engine.connect() as conn:
        keys = [k for (k,) in conn.execute(select(outbox.c.dedupe_key)) if k.startswith(prefix)]
    return [r for r in (store.outbox.by_key(k) for k in sorted(keys)) if r is not None]


def test_one_round_a_week_at_the_local_time_across_the_dst_change(store: Store) -> None:
    clock = ManualClock(START)
    one, two = make_deps(store, clock), make_deps(store, clock)  # two replicas
    api.setup(one, team_id=TEAM, channel_id=CHANNEL, results_users=["U0MGR"], now=START)
    for friday in (datetime(2026, 10, 30, 19, tzinfo=UTC), datetime(2026, 11, 6, 20, tzinfo=UTC)):
        for at in (friday - timedelta(minutes=30), friday + timedelta(minutes=1)):
            jobs.plan(one, at)
            jobs.plan(two, at)
    posts = rows(store, "pulse:")
    assert [r.key.rsplit(":", 1)[-1] for r in posts] == ["2026-W44", "2026-W45"]
    # 14:00 in Chicago: 19:00 UTC in daylight time, 20:00 UTC after the clocks go back.
    assert [r.due_at.hour for r in posts] == [19, 20]
    assert len(rows(store, "pulse-remind:")) == 2 and len(rows(store, "pulse-close:")) == 2


def test_a_public_holiday_moves_the_round_to_the_next_workday(store: Store) -> None:
    clock = ManualClock(START)
    deps = make_deps(store, clock)
    api.setup(deps, team_id=TEAM, channel_id=CHANNEL, results_users=["U0MGR"], now=START)
    christmas = datetime(2026, 12, 25, 20, tzinfo=UTC)  # a Friday, a US federal holiday
    jobs.plan(deps, christmas + timedelta(minutes=1))
    assert store.pulse.round_for_week(TEAM, CHANNEL, "2026-W52") is None
    monday = christmas + timedelta(days=3)
    jobs.plan(deps, monday + timedelta(minutes=1))
    round_ = store.pulse.round_for_week(TEAM, CHANNEL, "2026-W52")
    assert round_ is not None and round_.opens_at == monday


def test_api_round_and_the_planner_safety_net(store: Store) -> None:
    clock = ManualClock(START)
    deps = make_deps(store, clock)
    config = api.setup(
        deps, team_id=TEAM, channel_id=CHANNEL, results_users=["U0MGR"], threshold=3, now=START
    )
    round_ = api.start_round(deps, config, now=START, eligible=["U1", "U2", "U3", "U0BOSS"])
    values = api.simple_values(
        {
            "workload-manageable": 4,
            "stress-coping": 2,
            "breaks-taken": 3,
            "after-hours-messages": 1,
            "next-week-better": "Mr. Lopez, DOB 3/4/1950, called again",
        }
    )
    problems = api.answer(
        deps, team_id=TEAM, user_id="U1", round_id=round_.id, values=values, now=START
    )
    assert isinstance(problems, list) and problems[0].key == "phi.refused_words"
    del values["q:next-week-better"]
    store.workspaces.update(TEAM, now=START, managers=["U0BOSS"])
    for user in ("U1", "U2", "U3"):
        assert (
            api.answer(
                deps, team_id=TEAM, user_id=user, round_id=round_.id, values=values, now=START
            )
            == "ok"
        )
    assert (
        api.answer(deps, team_id=TEAM, user_id="U1", round_id=round_.id, values=values, now=START)
        == "duplicate"
    )
    # Only the frozen set may answer, and nobody who reads the results (U0BOSS was named a
    # manager after the round opened: refused, whatever the modal said).
    assert (
        api.answer(deps, team_id=TEAM, user_id="U9", round_id=round_.id, values=values, now=START)
        == "not_eligible"
    )
    assert (
        api.answer(
            deps, team_id=TEAM, user_id="U0BOSS", round_id=round_.id, values=values, now=START
        )
        == "reader"
    )
    # Nobody ran the close row (the bot was down): the planner closes it an hour late.
    late = round_.closes_at + jobs.CLOSE_GRACE + timedelta(minutes=1)
    jobs.plan(deps, late)
    results = api.results(deps, round_.id, reader="U0MGR")
    assert results.eligible and results.responses == 3 and results.members == 4
    # U0BOSS was in the frozen set: the round's results are not for them.
    assert api.results(deps, round_.id, reader="U0BOSS").could_answer
    assert {r.channel for r in rows(store, "pulse-results:")} == {"U0MGR", "U0BOSS"}
    assert api.chart_png(deps, round_.id) is None  # one week is not a trend yet


def test_comments_are_deleted_when_their_retention_ends(store: Store) -> None:
    clock = ManualClock(START)
    deps = make_deps(store, clock)
    config = api.setup(
        deps, team_id=TEAM, channel_id=CHANNEL, results_users=["U0MGR"], threshold=3, now=START
    )
    round_ = api.start_round(deps, config, now=START, eligible=["U1", "U2", "U3"])
    for user in ("U1", "U2", "U3"):
        values = api.simple_values(
            {
                "workload-manageable": 3,
                "stress-coping": 3,
                "breaks-taken": 3,
                "after-hours-messages": 0,
                "next-week-better": f"note from someone ({user[-1]})",
            }
        )
        assert (
            api.answer(
                deps, team_id=TEAM, user_id=user, round_id=round_.id, values=values, now=START
            )
            == "ok"
        )
    assert api.close(deps, round_.id, now=START + timedelta(hours=1))
    assert len(api.results(deps, round_.id, reader="U0MGR").comments) == 3
    planner = next(p for name, p in deps.jobs.planners if name == "pulse.rounds")
    planner(START + timedelta(weeks=11))
    assert len(api.results(deps, round_.id, reader="U0MGR").comments) == 3
    planner(START + timedelta(weeks=12, hours=2))
    after = api.results(deps, round_.id, reader="U0MGR")
    assert after.comments == () and after.eligible and after.responses == 3  # totals stay
