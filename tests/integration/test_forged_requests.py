"""Forged, unsigned, stale and tampered requests: 401, no Slack call, no database write."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.store.tables import metadata
from tests.integration.conftest import Bot

FORGERIES: dict[str, dict[str, Any]] = {
    "wrong secret": {"sign_with": "not-the-signing-secret"},
    "unsigned": {"unsigned": True},
    "stale (6 minutes old)": {"timestamp_offset": -360},
    "from the future": {"timestamp_offset": 360},
    "tampered after signing": {"tamper": True},
}


def row_counts(bot: Bot) -> dict[str, int]:
    with bot.store.engine.connect() as conn:
        return {
            name: conn.scalar(select(func.count()).select_from(table)) or 0
            for name, table in metadata.tables.items()
        }


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_forged_requests_are_refused(http_bot: Bot, forgery: str) -> None:
    forge = FORGERIES[forgery]
    before = row_counts(http_bot)
    http_bot.slack.clear_calls()
    sender = http_bot.sender
    replies = [
        sender.command("U0BEN", "level senior", **forge),
        sender.block_action("U0BEN", "balance.run.status", "status", **forge),
        sender.event({"type": "app_home_opened", "user": "U0BEN", "tab": "home"}, **forge),
        sender.event({"type": "user_change", "user": {"id": "U0BEN", "tz": "Asia/Tokyo"}}, **forge),
    ]
    assert [r.status for r in replies] == [401, 401, 401, 401]
    assert http_bot.slack.calls() == []
    assert http_bot.slack.responses() == []
    assert row_counts(http_bot) == before


def test_a_genuine_request_passes(http_bot: Bot) -> None:
    assert http_bot.sender.command("U0BEN", "level senior").status == 200
    assert http_bot.store.members.get(team_id="T0SANDBOX", user_id="U0BEN").level == "senior"
