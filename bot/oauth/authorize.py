"""Bolt `authorize` for many workspaces: the request's installation from our store.

Bolt's own `InstallationStoreAuthorize` calls `auth.test` on every request and rotates tokens
without a lock. Everything `auth.test` would tell us (team, bot user, bot id) was saved at
install time, so requests skip that round trip, and rotation goes through `Tokens` (locked).
"""

from __future__ import annotations

from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context import BoltContext

from bot.oauth.grid import GridWorkspaces
from bot.oauth.tokens import Tokens


class SealedAuthorizeResult(AuthorizeResult):
    """Bolt's `AuthorizeResult` (a dict) whose repr shows no token: Bolt keeps it in every
    request's context, and a context printed anywhere must not carry a credential."""

    _SECRET_KEYS = ("bot_token", "user_token", "bot_refresh_token", "user_refresh_token")

    def __repr__(self) -> str:
        shown = {k: ("***" if k in self._SECRET_KEYS and v else v) for k, v in self.items()}
        return f"AuthorizeResult({shown!r})"

    __str__ = __repr__


class InstallationAuthorize(Authorize):
    def __init__(self, tokens: Tokens, grid: GridWorkspaces) -> None:
        super().__init__()
        self._tokens = tokens
        self._grid = grid

    # Bolt sets this from `OAuthSettings.token_rotation_expiration_minutes`.
    @property
    def token_rotation_expiration_minutes(self) -> int:
        return self._tokens.token_rotation_expiration_minutes

    @token_rotation_expiration_minutes.setter
    def token_rotation_expiration_minutes(self, minutes: int) -> None:
        self._tokens.token_rotation_expiration_minutes = minutes

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_: Any,
    ) -> AuthorizeResult | None:
        found = self._tokens.find(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=bool(context.is_enterprise_install),
        )
        if found is None or found.bot_token is None:
            return None  # Bolt answers with its "please reinstall" message
        if found.is_enterprise_install and found.enterprise_id and team_id:
            # `team_id` is the request's workspace (`grid.fill_workspace` ran before us).
            self._grid.remember(team_id, found.enterprise_id)
        return SealedAuthorizeResult(
            enterprise_id=found.enterprise_id,
            # An org-wide installation has no workspace of its own: the request's.
            team_id=found.team_id or team_id,
            bot_user_id=found.bot_user_id,
            bot_id=found.bot_id,
            bot_token=found.bot_token,
            bot_scopes=found.bot_scopes,
        )
