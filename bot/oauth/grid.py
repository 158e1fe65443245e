"""Enterprise Grid: one org-wide installation serves every workspace of the organisation.

Slack sends requests for an org-wide install with `authorizations[0].team_id` null (and, in
interactivity, `team` may be null), so Bolt's `context.team_id` can be missing or the
organisation's id. Everything the bot stores is per workspace, so the workspace the request
came from is put back into the context before authorization, and the workspace is recorded
against its organisation so the dispatcher can later send for it with the org's token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from sqlalchemy import Engine, select

from bot.store.tables import grid_workspaces
from bot.store.upsert import insert_ignore


def workspace_of(body: dict[str, Any], enterprise_id: str | None) -> str | None:
    """The workspace (T…) a request of an org-wide install came from; never the org's id."""
    team = body.get("team")
    view, user, event = (_part(body, key) for key in ("view", "user", "event"))
    candidates = (
        body.get("team_id"),  # events and slash commands
        team.get("id") if isinstance(team, dict) else team,
        user.get("team_id"),  # interactivity: the member's own workspace
        view.get("team_id"),
        event.get("team") if isinstance(event.get("team"), str) else None,
    )
    for candidate in candidates:
        if isinstance(candidate, str) and candidate and candidate != enterprise_id:
            return candidate
    return None


def _part(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    return value if isinstance(value, dict) else {}


def fill_workspace(context: BoltContext, body: dict[str, Any], next: Callable[[], Any]) -> Any:
    """Bolt `before_authorize` middleware: the request's workspace in `context.team_id`."""
    if context.is_enterprise_install:
        team_id = workspace_of(body, context.enterprise_id)
        if team_id is not None:
            context["team_id"] = team_id
            # Bolt built the request's client from the missing id; an org token needs it on
            # calls such as users.list, and Bolt's client sends it with every call.
            context.client.default_params["team_id"] = team_id
    result: BoltResponse | None = next()
    return result


class GridWorkspaces:
    """Which organisation each workspace served by an org-wide installation belongs to."""

    def __init__(
        self, engine: Engine, *, now: Callable[[], datetime], cache_seconds: float = 60.0
    ) -> None:
        self._engine = engine
        self._now = now
        self._ttl = cache_seconds
        self._seen: dict[tuple[str, str], float] = {}
        self._guard = threading.Lock()

    def remember(self, team_id: str, enterprise_id: str) -> None:
        """Record the workspace. Every request of the org passes here, so it writes at most
        once a minute per workspace; the expiry lets a row deleted by an uninstall (on any
        replica) come back when the organisation installs again."""
        key, mono = (team_id, enterprise_id), time.monotonic()
        with self._guard:
            if mono - self._seen.get(key, -self._ttl) < self._ttl:
                return
        row = {"team_id": team_id, "enterprise_id": enterprise_id, "first_seen_at": self._now()}
        with self._engine.begin() as conn:
            conn.execute(insert_ignore(conn, grid_workspaces, [row]))
        with self._guard:
            self._seen[key] = mono


def teams_of(engine: Engine, enterprise_id: str) -> list[str]:
    query = select(grid_workspaces.c.team_id).where(
        grid_workspaces.c.enterprise_id == enterprise_id
    )
    with engine.connect() as conn:
        return sorted(conn.scalars(query))
