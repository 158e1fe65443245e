"""`app_uninstalled` and `tokens_revoked`: delete the workspace's tokens and everything stored
about it (for an org-wide install: the organisation's installation and every workspace it
served). `team_access_revoked`: an org admin took the app away from some workspaces. Bolt
skips authorization for these events (the token is already dead)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.commands import CommandRouter
from bot.deps import Deps
from bot.workspace_data import forget_organisation, forget_workspace

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

    @app.event("team_access_revoked")
    def team_access_revoked(event: dict[str, Any]) -> None:
        # The org-wide installation stays; these workspaces lose the app and their data.
        for team_id in event.get("team_ids") or ():
            counts = forget_workspace(deps.store.engine, str(team_id))
            log.info(
                "team_access_revoked: deleted %d rows for workspace %s",
                sum(counts.values()),
                team_id,
            )

    @app.event("team_access_granted")
    def team_access_granted() -> None:
        """Workspaces are recorded when their first request arrives; nothing to do yet."""


def forget(deps: Deps, body: dict[str, Any], *, reason: str) -> None:
    authorization = (body.get("authorizations") or [{}])[0]
    enterprise_id = str(authorization.get("enterprise_id") or body.get("enterprise_id") or "")
    if authorization.get("is_enterprise_install") and enterprise_id:
        counts = forget_organisation(deps.store.engine, enterprise_id)
        log.info(
            "%s: deleted %d rows for organisation %s", reason, sum(counts.values()), enterprise_id
        )
        return
    team_id = str(body.get("team_id") or "")
    if not team_id:
        log.warning("%s without a workspace id: nothing deleted", reason)
        return
    counts = forget_workspace(deps.store.engine, team_id)
    log.info("%s: deleted %d rows for workspace %s", reason, sum(counts.values()), team_id)
