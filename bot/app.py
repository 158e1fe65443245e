"""Composition root: build the Bolt app from settings, store, clock, content and a Web API client.

Nothing here talks to Slack at import time; tests build as many apps as they like.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot import privacy
from bot.busy import TrackedExecutor
from bot.command_listener import register_command_listener
from bot.commands import CommandRouter
from bot.deps import Deps
from bot.features.admin import handlers as admin
from bot.features.breaks import handlers as breaks
from bot.features.events import handlers as events
from bot.features.forget import handlers as forget
from bot.features.help import handlers as help_feature
from bot.features.home import handlers as home
from bot.features.installs import handlers as installs
from bot.features.profile import handlers as profile
from bot.features.pulse import handlers as pulse
from bot.features.quiet import handlers as quiet
from bot.features.settings import handlers as settings_feature
from bot.features.tips import handlers as tips
from bot.features.workflows import handlers as workflows
from bot.oauth.authorize import SealedAuthorizeResult
from bot.oauth.grid import fill_workspace
from bot.oauth.setup import OAuthSetup

log = logging.getLogger(__name__)

# Each capability registers its listeners and `/balance` words here, in one place.
FEATURES: tuple[Callable[[App, Deps, CommandRouter], None], ...] = (
    help_feature.register,
    profile.register,
    tips.register,
    home.register,
    breaks.register,
    quiet.register,
    settings_feature.register,
    forget.register,
    installs.register,
    pulse.register,
    admin.register,
    workflows.register,
    events.register,  # last: catches subscribed events no feature handles yet
)


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is in this workspace (from auth.test at start-up)."""

    team_id: str
    bot_user_id: str
    bot_id: str
    enterprise_id: str | None = None


def create_app(
    *,
    deps: Deps,
    client: WebClient,
    identity: BotIdentity | None = None,
    oauth: OAuthSetup | None = None,
) -> App:
    """One workspace (`identity` + a client holding its token) or many (`oauth`)."""
    signing_secret = deps.settings.slack_signing_secret
    # The token comes from `authorize`; a client without one keeps Bolt from warning that
    # it would ignore it.
    options: dict[str, Any] = {
        "client": WebClient(
            base_url=client.base_url, timeout=client.timeout, retry_handlers=client.retry_handlers
        ),
        "signing_secret": signing_secret.get_secret_value() if signing_secret else "",
        "process_before_response": True,
        "request_verification_enabled": signing_secret is not None,
        "logger": _bolt_logger(),
        # Bolt's default pool, counted, so `Runtime.wait_idle` knows when lazy work is done.
        "listener_executor": TrackedExecutor(deps.busy),
    }
    if oauth is not None:
        # Bolt serves /slack/install and /slack/oauth_redirect with our stores; requests are
        # authorized from the installation (token rotation under a per-installation lock).
        app = App(
            oauth_settings=oauth.settings,
            installation_store=oauth.installations,
            authorize=oauth.authorize,  # type: ignore[arg-type]  # Bolt takes Authorize objects
            # Org-wide (Enterprise Grid) requests: the workspace they came from, for storage.
            before_authorize=fill_workspace,
            **options,
        )
    else:
        if identity is None:
            raise ValueError("one workspace needs the bot's identity (auth.test)")
        app = App(authorize=_single_workspace(client, identity), **options)
    app.error(_on_error)
    # The PHI screen's word lists take about half a second to load: start now, in the
    # background, rather than inside the first member's 3-second modal submission.
    privacy.warm(background=True)
    router = CommandRouter()
    for register in FEATURES:
        register(app, deps, router)
    register_command_listener(app, deps, router)
    return app


def _bolt_logger() -> logging.Logger:
    """Bolt's loggers (every middleware takes this one as its base) pass warnings only: at INFO
    and DEBUG Bolt logs request and response bodies — a failed signature check logs the whole
    body — and those hold members' own words."""
    logger = logging.getLogger("bot.slack_bolt")
    logger.setLevel(logging.WARNING)
    return logger


def _single_workspace(client: WebClient, identity: BotIdentity) -> Callable[[], AuthorizeResult]:
    token = client.token
    if not token:
        raise ValueError("the Web API client has no bot token")
    result = SealedAuthorizeResult(
        enterprise_id=identity.enterprise_id,
        team_id=identity.team_id,
        bot_user_id=identity.bot_user_id,
        bot_id=identity.bot_id,
        bot_token=token,
    )

    def authorize() -> AuthorizeResult:
        # Single workspace: one known token, so no auth.test on the request path.
        return result

    return authorize


def _on_error(error: Exception, body: dict[str, Any]) -> None:
    kind = body.get("type") or ("command" if "command" in body else "unknown")
    log.error("unhandled error in a %s listener: %s", kind, type(error).__name__, exc_info=error)
