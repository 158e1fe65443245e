"""Subscribed events that no capability acts on (yet) are acknowledged here.

An event without a listener answers 404 and Slack retries it three times; every event in the
manifest therefore has a listener (a test checks this).
"""

from __future__ import annotations

from slack_bolt import App

from bot.commands import CommandRouter
from bot.deps import Deps

# Event types (as Bolt sees them) that only need acknowledging for now. (`app_uninstalled` and
# `tokens_revoked` are handled in bot/features/installs.)
ACK_ONLY_EVENTS = ("member_joined_channel",)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def acknowledge() -> None:
        """Bolt acknowledges events on its own; nothing else to do."""

    for event_type in ACK_ONLY_EVENTS:
        app.event(event_type)(acknowledge)
