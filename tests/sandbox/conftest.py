from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.sandbox import SlackSandbox


def populate(slack: SlackSandbox) -> None:
    slack.add_user("U0ANA", name="ana", real_name="Ana Ruiz", tz="America/Chicago", locale="es-MX")
    slack.add_user("U0BEN", name="ben", tz="America/New_York", is_admin=True)
    slack.add_user("U0CAL", name="cal", tz="Asia/Kolkata")
    slack.add_channel("C0FRONTDESK", "front-desk", ["U0ANA", "U0BEN"])


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    with SlackSandbox() as sandbox:
        populate(sandbox)
        yield sandbox


@pytest.fixture
def client(slack: SlackSandbox) -> WebClient:
    return WebClient(base_url=slack.api_url, token=slack.bot_token, timeout=5)


@pytest.fixture
def make_slack() -> Iterator[Callable[..., SlackSandbox]]:
    """Started, populated sandboxes with custom settings; stopped after the test."""
    started: list[SlackSandbox] = []

    def make(**kwargs: Any) -> SlackSandbox:
        sandbox = SlackSandbox(**kwargs).start()
        started.append(sandbox)
        populate(sandbox)
        return sandbox

    yield make
    for sandbox in started:
        sandbox.stop()
