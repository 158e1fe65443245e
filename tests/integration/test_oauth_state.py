"""`/slack/install` costs no database write: OAuth states are signed, not stored. Any replica
accepts a state another issued; a forged, tampered, foreign or expired one is refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import event

from bot.clock import ManualClock
from bot.oauth.states import SignedStates, state_key
from bot.sandbox import SlackSandbox
from tests.integration.conftest import Bot, start_bot
from tests.integration.test_oauth import CLIENT, CLINIC, install, raw_rows

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def oauth_bot(slack: SlackSandbox, tmp_path: Path, clock: ManualClock) -> Iterator[Bot]:
    key = Fernet.generate_key().decode()
    yield from start_bot(
        slack, tmp_path, clock, mode="http", slack_bot_token=None, encryption_key=key, **CLIENT
    )


def test_anonymous_install_pages_write_nothing(oauth_bot: Bot) -> None:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = oauth_bot.store.engine
    event.listen(engine, "before_cursor_execute", record)
    assert oauth_bot.server is not None
    try:
        with httpx.Client(base_url=oauth_bot.server.url) as anonymous:
            states = set()
            for _ in range(500):
                page = anonymous.get("/slack/install")
                assert page.status_code == 200
                found = re.search(r"state=([A-Za-z0-9_-]+)", page.text)
                assert found is not None
                states.add(found[1])
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(states) == 500, "every visitor gets a state of their own"
    assert [s for s in statements if WRITES.match(s)] == []
    assert statements == [], "the install page needs no database at all"
    # And the flow still works end to end.
    install(oauth_bot)
    assert [row["team_id"] for row in raw_rows(oauth_bot.store)] == [CLINIC]


def test_a_state_from_one_replica_is_good_on_another() -> None:
    now = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    first = SignedStates(state_key("sandbox-client-secret"), now=lambda: now)
    second = SignedStates(state_key("sandbox-client-secret"), now=lambda: now)
    assert second.consume(first.issue())


def test_forged_tampered_foreign_and_expired_states_are_refused() -> None:
    clock = ManualClock(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))
    states = SignedStates(state_key("sandbox-client-secret"), now=clock.now)
    good = states.issue()
    assert states.consume(good)
    tampered = good[:-2] + ("AA" if good[-2:] != "AA" else "BB")
    foreign = SignedStates(state_key("another-app-secret"), now=clock.now).issue()
    for bad in [
        "",
        "made-up",
        "x" * 75,
        tampered,
        foreign,
        good + "A",
        good[:-1],
        "=" * 80,
        "\u00e9" * 10,
    ]:
        assert not states.consume(bad), bad
    clock.advance(timedelta(minutes=9))
    assert states.consume(good)
    clock.advance(timedelta(minutes=2))
    assert not states.consume(good), "a state lasts ten minutes"
    assert "client-secret" not in repr(states) and repr(states).startswith("SignedStates(")


@pytest.mark.parametrize(
    "query",
    [
        {"code": "<script>", "state": "x"},
        {"code": "a b", "state": "x"},
        {"state": "x" * 600},
        {"error": "Access Denied!"},
    ],
)
def test_odd_oauth_query_parameters_get_400(oauth_bot: Bot, query: dict[str, str]) -> None:
    assert oauth_bot.server is not None
    with httpx.Client(base_url=oauth_bot.server.url) as browser:
        reply = browser.get("/slack/oauth_redirect", params=query)
    assert reply.status_code == 400
    assert oauth_bot.slack.calls("oauth.v2.access") == []
