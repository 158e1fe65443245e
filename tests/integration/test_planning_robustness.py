"""One member's bad data never stops anyone else's nudges: poisoned members planted among
healthy ones, through the real app, the real tick and the sandbox (issue 15, bug 1).

The poisons are rows as they can really be found in a database: leave until 9999-12-31
(accepted by the grammar before it had a horizon; it made the pass raise `OverflowError` for a
whole batch), shifts, preferences and a zone that no longer parse, and a workspace row whose
closed days aren't dates (`TypeError`). A feature planner with a bug and a row the database
refuses are checked too.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert

from bot.features.breaks.planning import member_planning, retry_after
from bot.schedule import WeeklySchedule, parse_shift, to_json
from bot.store.outbox import NewMessage
from bot.store.tables import workspaces
from tests.integration.conftest import Bot

TEAM = "T0SANDBOX"
POISONED_TEAM = "T0POISON"
# 10:00 in New York; the healthy members' first break is 11:00 (+ a stagger under 5 min).
AFTER_FIRST_BREAK = datetime(2026, 11, 30, 16, 6, tzinfo=UTC)
MARKER = "PATIENT-JANE-DOE-MARKER-93f1"  # stands for anything a member may have typed
HEALTHY = [f"UHEALTHY{n:02}" for n in range(12)]
WEEK = to_json(parse_shift("mon-fri 08:00-17:00").apply(WeeklySchedule()))


def _plant(bot: Bot, team: str, user: str, **row: Any) -> None:
    values: dict[str, Any] = {"tz": "America/New_York", "lang": "en", "schedule": WEEK}
    bot.store.members.update(team_id=team, user_id=user, now=bot.clock.now(), **{**values, **row})


def _poison(bot: Bot) -> dict[str, str]:
    """Poisoned members, interleaved with healthy ones so they share every batch."""
    poisons: dict[str, dict[str, Any]] = {
        # Stored before `away` had a horizon: now simply on leave for good, nothing to plan.
        "UFOREVER": {"away_from": date(2026, 11, 1), "away_until": date(9999, 12, 31)},
        "UBADWEEK": {"schedule": json.dumps({"rules": [{"weekday": 9, "start": MARKER}]})},
        "UBADJSON": {"schedule": f"{{{MARKER}"},
        "UBADPREF": {"break_prefs": json.dumps({"cadence_minutes": MARKER})},
        "U0ANA": {"tz": f"Mars/{MARKER}"},  # a real sandbox user, who fixes it below
    }
    for n, user in enumerate(HEALTHY):
        bot.slack.add_user(user, name=f"healthy{n}", tz="America/New_York")
        _plant(bot, TEAM, user)
        if n < len(poisons):
            name = list(poisons)[n]
            _plant(bot, TEAM, name, **poisons[name])
    # A workspace row whose closed days aren't dates: every member of that workspace fails
    # (a TypeError, not a ValueError); no other workspace notices.
    with bot.store.engine.begin() as conn:
        conn.execute(
            insert(workspaces).values(
                team_id=POISONED_TEAM, closed_days="[20261224]", managers="[]",
                created_at=bot.clock.now(), updated_at=bot.clock.now(),
            )
        )  # fmt: skip
    _plant(bot, POISONED_TEAM, "UOTHERTEAM")
    return {user: "poisoned" for user in poisons}


def _dm_count(bot: Bot, user: str) -> int:
    return len(bot.slack.messages(user))


def _metrics(bot: Bot) -> str:
    assert bot.server is not None
    with urllib.request.urlopen(f"{bot.server.url}/metrics", timeout=5) as response:
        return str(response.read().decode())


def test_poisoned_members_never_stop_the_healthy_ones(
    http_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = http_bot
    _poison(bot)
    with caplog.at_level(logging.WARNING):
        bot.tick()
        bot.clock.set(AFTER_FIRST_BREAK)
        bot.tick()
    # Every healthy member got their 11:00 break, once.
    assert {user: _dm_count(bot, user) for user in HEALTHY} == dict.fromkeys(HEALTHY, 1)
    # Leave until 9999 is no error: that member is simply away (nothing planned, no failure).
    forever = bot.store.members.get(team_id=TEAM, user_id="UFOREVER")
    assert (
        forever.plan_failures == 0
        and bot.store.outbox.pending_for(team_id=TEAM, user_id="UFOREVER", kind="nudge") == []
    )
    # The broken ones are skipped, counted, and tried again later — not at every tick.
    failing = ["UBADWEEK", "UBADJSON", "UBADPREF", "U0ANA"]
    for user in failing:
        member = bot.store.members.get(team_id=TEAM, user_id=user)
        assert member.plan_failures >= 1, user
        assert member.next_plan_at > bot.clock.now(), user
    other = bot.store.members.get(team_id=POISONED_TEAM, user_id="UOTHERTEAM")
    assert other.plan_failures >= 1
    metrics = _metrics(bot)
    assert 'balance_planning_failures_total{stage="calendar"}' in metrics
    assert "balance_planning_members_failing 5.0" in metrics
    # Logged with the error's type and place, never what the member's data said.
    lines = [r for r in caplog.records if "planning skipped member" in r.getMessage()]
    assert {line.getMessage().split()[3] for line in lines} >= {
        f"{TEAM}:{user}" for user in failing
    } | {f"{POISONED_TEAM}:UOTHERTEAM"}
    assert any("TypeError" in line.getMessage() for line in lines)
    for record in caplog.records:
        assert MARKER not in record.getMessage() and record.exc_info is None


def test_a_failing_member_is_retried_with_a_growing_wait_and_at_once_once_fixed(
    http_bot: Bot,
) -> None:
    bot = http_bot
    _poison(bot)
    bot.tick()
    ana = bot.store.members.get(team_id=TEAM, user_id="U0ANA")
    assert (ana.plan_failures, ana.next_plan_at) == (1, bot.clock.now() + retry_after(1))
    bot.clock.advance(retry_after(1))
    bot.tick()
    ana = bot.store.members.get(team_id=TEAM, user_id="U0ANA")
    assert (ana.plan_failures, ana.next_plan_at) == (2, bot.clock.now() + retry_after(2))
    assert [retry_after(n) // timedelta(minutes=1) for n in (1, 2, 3, 7, 8, 50)] == [
        5, 10, 20, 320, 360, 360,
    ]  # fmt: skip
    # Ana fixes her zone: planned at the next tick, and her nudges come.
    assert bot.sender.command("U0ANA", "tz America/Chicago").status == 200
    bot.tick()
    ana = bot.store.members.get(team_id=TEAM, user_id="U0ANA")
    assert ana.plan_failures == 0
    bot.clock.set(datetime(2026, 11, 30, 17, 6, tzinfo=UTC))  # 11:06 in Chicago
    bot.tick()
    assert _dm_count(bot, "U0ANA") == 1


def test_a_feature_planner_bug_or_a_refused_row_costs_one_member_only(
    http_bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = http_bot
    for n, user in enumerate(HEALTHY):
        bot.slack.add_user(user, name=f"healthy{n}", tz="America/New_York")
        _plant(bot, TEAM, user)
    planning = member_planning(bot.runtime.deps)

    def buggy(member: Any, cal: Any, now: datetime) -> list[NewMessage]:
        if member.user_id == HEALTHY[3]:
            raise OverflowError(MARKER)
        if member.user_id == HEALTHY[7]:  # a row the database layer refuses (naive time)
            naive = now.replace(tzinfo=None)
            return [NewMessage(key=f"x:{member.user_id}", team_id=member.team_id, kind="x",
                               channel=member.user_id, payload={}, due_at=naive)]  # fmt: skip
        return []

    planning.add("buggy", buggy)
    with caplog.at_level(logging.WARNING):
        bot.tick()
        bot.clock.set(AFTER_FIRST_BREAK)
        bot.tick()
    counts = {user: _dm_count(bot, user) for user in HEALTHY}
    # The planner bug costs nothing else: that member's break still comes from the breaks
    # planner. A refused row costs its own member's plan (here at both passes: the bug stays).
    assert counts == {**dict.fromkeys(HEALTHY, 1), HEALTHY[7]: 0}
    for user in (HEALTHY[3], HEALTHY[7]):  # tried at 10:00 and again at 11:06 (> 5 min later)
        assert bot.store.members.get(team_id=TEAM, user_id=user).plan_failures == 2
    metrics = _metrics(bot)
    assert 'balance_planning_failures_total{stage="buggy"} 2.0' in metrics
    assert 'balance_planning_failures_total{stage="outbox"} 2.0' in metrics
    assert all(MARKER not in r.getMessage() and r.exc_info is None for r in caplog.records)
