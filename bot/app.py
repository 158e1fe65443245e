"""Composition root: build the Bolt app from settings, store, clock, content and a Web API client.

Nothing here talks to Slack at import time; tests build as many apps as they like.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.command_listener import register_command_listener
from bot.commands import CommandRouter
from bot.deps import Deps
from bot.features.breaks import handlers as breaks
from bot.features.events import handlers as events
from bot.features.help import handlers as help_feature
from bot.features.home import handlers as home
from bot.features.profile import handlers as profile
from bot.features.quiet import handlers as quiet
from bot.features.tips import handlers as tips

log = logging.getLogger(__name__)

# Each capability registers its listeners and `/balance` words here, in one place.
FEATURES: tuple[Callable[[App, Deps, CommandRouter], None], ...] = (
    help_feature.register,
    profile.register,
    tips.register,
    home.register,
    breaks.register,
    quiet.register,
    events.register,  # last: catches subscribed events no feature handles yet
)


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is in this workspace (from auth.test at start-up)."""

    team_id: str
    bot_user_id: str
    bot_id: str
    enterprise_id: str | None = None


def create_app(*, deps: Deps, client: WebClient, identity: BotIdentity) -> App:
    token = client.token
    if not token:
        raise ValueError("the Web API client has no bot token")
    signing_secret = deps.settings.slack_signing_secret
    result = AuthorizeResult(
        enterprise_id=identity.enterprise_id,
        team_id=identity.team_id,
        bot_user_id=identity.bot_user_id,
        bot_id=identity.bot_id,
        bot_token=token,
    )

    def authorize() -> AuthorizeResult:
        # Single workspace: one known token, so no auth.test on the request path.
        return result

    # The token comes from `authorize`; a client without one keeps Bolt from warning that
    # it would ignore it.
    app = App(
        client=WebClient(
            base_url=client.base_url, timeout=client.timeout, retry_handlers=client.retry_handlers
        ),
        signing_secret=signing_secret.get_secret_value() if signing_secret else "",
        authorize=authorize,
        process_before_response=True,
        request_verification_enabled=signing_secret is not None,
    )
    app.use(_dedupe_events(deps))
    app.error(_on_error)
    router = CommandRouter()
    for register in FEATURES:
        register(app, deps, router)
    register_command_listener(app, deps, router)
    return app


def _dedupe_events(deps: Deps) -> Callable[..., BoltResponse | None]:
    def dedupe(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:
        # Slack retries an event it thinks failed; `event_id` is stable across those retries.
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not deps.store.events.first_seen(
            event_id=str(event_id), team_id=str(body.get("team_id", "")), now=deps.clock.now()
        ):
            deps.metrics.duplicate_events.inc()
            return BoltResponse(status=200, body="")
        return next()

    return dedupe


def _on_error(error: Exception, body: dict[str, Any]) -> None:
    kind = body.get("type") or ("command" if "command" in body else "unknown")
    log.error("unhandled error in a %s listener: %s", kind, type(error).__name__, exc_info=error)
