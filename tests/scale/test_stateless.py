"""Replicas keep no state of their own: any HTTP replica answers any request (an OAuth install
may start on one and finish on another), and Socket Mode replicas share Slack's events."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

from bot.clock import ManualClock
from bot.sandbox import SlackSandbox
from tests.integration.conftest import MEMBERS, Bot, start_bot

replica = contextmanager(start_bot)
OAUTH = {
    "slack_bot_token": None,
    "slack_client_id": "sandbox-client-id",
    "slack_client_secret": "sandbox-client-secret",
    "encryption_key": Fernet.generate_key().decode(),
}


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    with SlackSandbox() as sandbox:
        for user_id, profile in MEMBERS.items():
            sandbox.add_user(user_id, **profile)
        sandbox.add_channel("C0FRONTDESK", "front-desk", members=list(MEMBERS))
        yield sandbox


def duplicates(bot: Bot) -> float:
    found = re.search(
        rb"^balance_duplicate_events_total (\S+)$", bot.runtime.deps.metrics.render(), re.M
    )
    return float(found[1]) if found else 0.0


def test_an_install_started_on_one_replica_finishes_on_another(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    with ExitStack() as stack:
        # Two replicas, one database (the same SQLite file here; PostgreSQL in production).
        a, b = (
            stack.enter_context(replica(slack, tmp_path, clock, mode="http", **OAUTH))
            for _ in range(2)
        )
        assert a.server is not None and b.server is not None
        page = httpx.get(f"{a.server.url}/slack/install")
        state = re.search(r"state=([A-Za-z0-9_-]+)", page.text)
        assert state is not None
        code = slack.oauth_code(team_id="T0CLINIC2")
        done = httpx.get(
            f"{b.server.url}/slack/oauth_redirect",
            params={"code": code, "state": state[1]},
            headers={"Cookie": page.headers["set-cookie"].split(";")[0]},
        )
        assert done.status_code == 200, done.text
        token = slack.calls("oauth.v2.access")[-1].response["access_token"]
        for bot in (a, b):
            bot.sender.team_id = "T0CLINIC2"
            reply = bot.sender.command("U0BEN", "help")
            assert reply.status == 200 and reply.payload()["blocks"]
            bot.sender.event({"type": "app_home_opened", "user": "U0BEN", "tab": "home"})
        published = slack.wait_for("views.publish", count=2)
        assert {call.token for call in published} == {token}


def test_socket_mode_replicas_share_events_and_drop_retries(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    with ExitStack() as stack:
        a = stack.enter_context(replica(slack, tmp_path, clock, mode="socket"))
        b = stack.enter_context(replica(slack, tmp_path, clock, mode="socket"))
        assert slack.socket_connection_count() == 2
        # Slack hands each envelope to one connection (round robin here): every one is answered.
        replies = [a.sender.command("U0ANA", "help") for _ in range(4)]
        assert all(r.status == 200 and r.payload()["blocks"] for r in replies)
        # A retry of the same event reaches the other connection: handled once in all.
        event = {"type": "app_home_opened", "user": "U0ANA", "tab": "home"}
        for retry in (None, 1):
            assert a.sender.event(event, event_id="Ev0SAME", retry_num=retry).status == 200
        slack.wait_for("views.publish", count=1)
        assert duplicates(a) + duplicates(b) == 1
        assert len(slack.calls("views.publish")) == 1
