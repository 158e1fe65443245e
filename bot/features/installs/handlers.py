"""`app_uninstalled` and `tokens_revoked`: delete the workspace's tokens and everything stored
about it. Bolt skips authorization for these two events (the token is already dead)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.commands import CommandRouter
from bot.deps import Deps
from bot.workspace_data import forget_workspace

log = logging.getLogger(__name__)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    @app.event("app_uninstalled")
    def uninstalled(body: dict[str, Any]) -> None:
        forget(deps, body, reason="app_uninstalled")

    @app.event("tokens_revoked")
    def tokens_revoked(event: dict[str, Any], body: dict[str, Any]) -> None:
        # Slack tells an app only about its own tokens: a bot entry means ours is gone. We keep
        # no user tokens, so a user-only revocation changes nothing.
        if (event.get("tokens") or {}).get("bot"):
            forget(deps, body, reason="tokens_revoked")


def forget(deps: Deps, body: dict[str, Any], *, reason: str) -> None:
    team_id = str(body.get("team_id") or "")
    if not team_id:
        log.warning("%s without a workspace id: nothing deleted", reason)
        return
    counts = forget_workspace(deps.store.engine, team_id)
    log.info("%s: deleted %d rows for workspace %s", reason, sum(counts.values()), team_id)
