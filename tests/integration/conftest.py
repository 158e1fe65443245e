"""The real Bolt app, served by our own web layer, talking to the sandbox over loopback."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from bot.sandbox import SlackSandbox, SlackSender, SocketSender
from bot.web import Edge, ServerThread, create_web
from tests.conftest import PULSE_SECRET_PREFIX

MEMBERS = {
    "U0ANA": {"name": "ana", "real_name": "Ana Ruiz", "tz": "America/Chicago", "locale": "es-MX"},
    "U0BEN": {
        "name": "ben",
        "real_name": "Ben Carter",
        "tz": "America/New_York",
        "locale": "en-US",
    },
    "U0MGR": {
        "name": "maria",
        "real_name": "Maria Lopez",
        "tz": "America/Chicago",
        "locale": "en-US",
        "is_admin": True,
    },
}


@dataclass
class Bot:
    slack: SlackSandbox
    runtime: Runtime
    sender: SlackSender | SocketSender
    clock: ManualClock
    server: ServerThread | None

    @property
    def store(self) -> Any:
        return self.runtime.deps.store

    def tick(self) -> Any:
        return self.runtime.ticker.run_once()

    def idle(self, timeout: float = 10.0) -> None:
        """Wait until every lazy listener started so far (and any tick) has finished, so a check
        that nothing (more) happened cannot pass just because the listener had not run yet."""
        assert self.runtime.wait_idle(timeout), f"lazy listeners still running after {timeout}s"


def bot_settings(slack: SlackSandbox, db_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": slack.bot_token,
        "slack_signing_secret": slack.signing_secret,
        "slack_api_url": slack.api_url,
        "database_url": f"sqlite:///{db_path}",
        "dispatch_interval_seconds": 3600,
        # A new one per bot, as an install makes; the prefix lets the log check find it.
        "pulse_secret": PULSE_SECRET_PREFIX + secrets.token_urlsafe(24),
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    with SlackSandbox() as sandbox:
        for user_id, profile in MEMBERS.items():
            sandbox.add_user(user_id, **profile)
        sandbox.add_channel("C0FRONTDESK", "front-desk", members=list(MEMBERS))
        yield sandbox


@pytest.fixture(params=["http", "socket"])
def bot(
    request: pytest.FixtureRequest, slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> Iterator[Bot]:
    """The bot in HTTP mode and in Socket Mode: every test using it runs in both."""
    yield from start_bot(slack, tmp_path, clock, mode=request.param)


@pytest.fixture
def http_bot(slack: SlackSandbox, tmp_path: Path, clock: ManualClock) -> Iterator[Bot]:
    yield from start_bot(slack, tmp_path, clock, mode="http")


def start_bot(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock, *, mode: str, **overrides: Any
) -> Iterator[Bot]:
    if mode == "socket":
        overrides.setdefault("slack_app_token", slack.app_token)
    settings = bot_settings(slack, tmp_path / "bot.db", **overrides)
    runtime = build_runtime(settings, mode=mode, clock=clock)  # type: ignore[arg-type]
    server: ServerThread | None = None
    sender: SlackSender | SocketSender
    if mode == "http":
        web = create_web(
            bolt_app=runtime.app,
            metrics=runtime.deps.metrics,
            health=runtime.health,
            edge=Edge.from_settings(settings),
        )
        server = ServerThread(web).start()
        sender = SlackSender(f"{server.url}/slack/events", slack.signing_secret, sandbox=slack)
    else:
        assert runtime.socket_handler is not None
        runtime.socket_handler.connect()
        slack.wait_for_socket()
        sender = SocketSender(slack)
    try:
        yield Bot(slack=slack, runtime=runtime, sender=sender, clock=clock, server=server)
    finally:
        # Lazy work a test did not wait for finishes before its store closes under it.
        runtime.wait_idle(10)
        if server is not None:
            server.stop()
        if runtime.socket_handler is not None:
            # The builtin client otherwise waits out a 3 s socket read when closing.
            runtime.socket_handler.client.auto_reconnect_enabled = False
            slack.socket_drop()
            runtime.socket_handler.close()
        runtime.dispatcher.stop()
        runtime.deps.store.close()


def texts(payload: dict[str, Any]) -> str:
    """All the text a person would read in a message payload, for assertions."""
    parts = [str(payload.get("text", ""))]
    for block in payload.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"].get("text", ""))
        for element in block.get("elements") or []:
            if isinstance(element.get("text"), dict):
                parts.append(element["text"].get("text", ""))
            elif isinstance(element.get("text"), str):
                parts.append(element["text"])
    return "\n".join(parts)


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e
        for b in payload.get("blocks") or []
        if b.get("type") == "actions"
        for e in b.get("elements", [])
    ]
