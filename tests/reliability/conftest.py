"""Helpers for the reliability suite: the real `balance-bot` process (tests/e2e helpers), outbox
rows written straight into its database, and exactly-once checks on what the sandbox recorded."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from bot.sandbox import SlackSandbox
from bot.store import Store, create_store
from bot.store.db import migrate
from bot.store.outbox import NewMessage
from tests.e2e.conftest import BotProcess, bot_env, free_port
from tests.integration.conftest import MEMBERS as PEOPLE
from tests.integration.conftest import bot, http_bot  # noqa: F401 - fixtures used here too

T = TypeVar("T")

TEAM = "T0SANDBOX"
MEMBERS = [f"U0R{i:03d}" for i in range(60)]
# The sandbox's secrets: none of them may ever show up in a log.
SECRETS = ("xoxb-sandbox-token", "xapp-sandbox-token", "sandbox-signing-secret")


def wait_until(
    predicate: Callable[[], T | None],
    *,
    timeout: float = 20.0,
    every: float = 0.02,
    what: str = "condition",
) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    """The integration suite's people plus sixty members, no per-channel pacing (each message
    goes to its own member, as break nudges do)."""
    with SlackSandbox(post_message_per_channel_per_sec=None) as sandbox:
        for user_id, profile in PEOPLE.items():  # Ana, Ben and Maria, as in tests/integration
            sandbox.add_user(user_id, **profile)  # type: ignore[arg-type]
        for user in MEMBERS:
            sandbox.add_user(user, name=user.lower(), tz="America/Chicago")
        sandbox.add_channel("C0FRONTDESK", "front-desk", members=[*PEOPLE, *MEMBERS[:10]])
        yield sandbox


class Deployment:
    """One database and the bot processes started on it, one after another."""

    def __init__(self, slack: SlackSandbox, tmp_path: Path, **env: str) -> None:
        self.slack = slack
        self.tmp_path = tmp_path
        self.db_url = f"sqlite:///{tmp_path}/e2e.db"
        settings = {
            "BALANCE_DISPATCH_INTERVAL_SECONDS": "0.2",
            "BALANCE_LEASE_SECONDS": "3",
            "BALANCE_WORKSPACE_RATE_PER_SECOND": "200",
            "BALANCE_HEALTH_MAX_TICK_AGE_SECONDS": "60",
        }
        settings.update(env)
        self.env = {**bot_env(slack, tmp_path), **settings}
        self.processes: list[BotProcess] = []
        self.store: Store = create_store(self.db_url)
        migrate(self.store.engine)

    def start(self, *, healthy: bool = True) -> BotProcess:
        port = free_port()
        process = BotProcess(
            ["run", "--mode", "http", "--port", str(port)], self.env, self.tmp_path, port
        )
        self.processes.append(process)
        if healthy:
            process.wait_healthy()
        return process

    def enqueue(
        self,
        keys: list[str],
        *,
        due_in: float = 0.0,
        valid_for: float = 600.0,
        kind: str = "reliability",
        users: list[str] | None = None,
    ) -> None:
        now = datetime.now(UTC)
        users = users or MEMBERS
        self.store.outbox.enqueue(
            [
                NewMessage(
                    key=key,
                    team_id=TEAM,
                    kind=kind,
                    channel=users[i % len(users)],
                    payload={"text": f"message {key}"},
                    due_at=now + timedelta(seconds=due_in),
                    expires_at=now + timedelta(seconds=valid_for),
                    user_id=users[i % len(users)],
                )
                for i, key in enumerate(keys)
            ],
            now=now,
        )

    def status(self, key: str) -> str | None:
        row = self.store.outbox.by_key(key)
        return row.status if row else None

    def statuses(self, keys: list[str]) -> dict[str, str | None]:
        return {key: self.status(key) for key in keys}

    def close(self) -> None:
        for process in self.processes:
            if process.proc.poll() is None:
                process.proc.kill()
                process.proc.wait()
        self.store.close()


@pytest.fixture
def deployment(slack: SlackSandbox, tmp_path: Path) -> Iterator[Deployment]:
    deployment = Deployment(slack, tmp_path)
    yield deployment
    deployment.close()


def deliveries(slack: SlackSandbox) -> Counter[str]:
    """How many times each delivery id was posted, from the sandbox's own record."""
    found: Counter[str] = Counter()
    for message in slack.messages():
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if "delivery_id" in payload:
            found[str(payload["delivery_id"])] += 1
    return found


def assert_exactly_once(slack: SlackSandbox, keys: list[str]) -> None:
    counts = deliveries(slack)
    twice = {k: n for k, n in counts.items() if n > 1}
    missing = [k for k in keys if counts[k] == 0]
    assert not twice, f"sent more than once: {twice}"
    assert not missing, f"never sent: {missing}"


def health(process: BotProcess) -> tuple[int, dict[str, Any]]:
    reply = httpx.get(f"{process.url}/healthz", timeout=5)
    return reply.status_code, dict(reply.json())


def metric(process: BotProcess, name: str) -> float:
    """The sum of a metric's samples (all labels) from /metrics."""
    total = 0.0
    for line in httpx.get(f"{process.url}/metrics", timeout=5).text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total
