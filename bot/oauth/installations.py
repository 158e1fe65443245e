"""slack_sdk's `InstallationStore` on our `installations` table, tokens encrypted at rest.

One row per (client id, enterprise, workspace): the latest bot installation. The bot token, the
refresh token and every other secret (user tokens, webhook URL) are sealed with `TokenCipher`
before they reach the database; nothing secret is ever stored or logged in clear.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from sqlalchemy import Engine, and_, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.oauth.crypto import TokenCipher
from bot.store.tables import grid_workspaces, installations

log = logging.getLogger(__name__)

# Installation fields kept in `details`; those in SECRET_DETAILS are sealed first.
PLAIN_DETAILS = (
    "team_name",
    "enterprise_name",
    "enterprise_url",
    "user_id",
    "user_scopes",
    "token_type",
    "user_token_expires_at",
    "incoming_webhook_channel",
    "incoming_webhook_channel_id",
    "incoming_webhook_configuration_url",
)
SECRET_DETAILS = ("user_token", "user_refresh_token", "incoming_webhook_url")
SEALED_COLUMNS = ("bot_token", "bot_refresh_token")


def _epoch_to_utc(value: float | int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


class Installations(InstallationStore):
    def __init__(self, engine: Engine, *, client_id: str, cipher: TokenCipher) -> None:
        self._engine = engine
        self.client_id = client_id
        self._cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return log

    # -- writing ----------------------------------------------------------------------------
    def save(self, installation: Installation) -> None:
        values = self._row(installation)
        self._upsert(values, list(values))
        log.info(
            "saved the installation for %s",
            installation.team_id or f"organisation {installation.enterprise_id}",
        )

    def save_bot(self, bot: Bot) -> None:
        installation = Installation(
            app_id=bot.app_id,
            enterprise_id=bot.enterprise_id,
            enterprise_name=bot.enterprise_name,
            team_id=bot.team_id,
            team_name=bot.team_name,
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=bot.bot_scopes,
            bot_refresh_token=bot.bot_refresh_token,
            bot_token_expires_at=bot.bot_token_expires_at,
            user_id="",
            is_enterprise_install=bot.is_enterprise_install,
            installed_at=bot.installed_at,
        )
        values = self._row(installation)
        # Keep the installer details of an existing row; only the bot part changes.
        self._upsert(values, [c for c in values if c != "details"])

    def _upsert(self, values: dict[str, Any], refresh: list[str]) -> None:
        keys = ["client_id", "enterprise_id", "team_id"]
        with self._engine.begin() as conn:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            statement = dialect.insert(installations).values(values)
            statement = statement.on_conflict_do_update(
                index_elements=keys,
                set_={c: statement.excluded[c] for c in refresh if c not in keys},
            )
            conn.execute(statement)

    def _row(self, i: Installation) -> dict[str, Any]:
        standard = i.to_dict()
        details = {k: standard.get(k) for k in PLAIN_DETAILS}
        if details["user_token_expires_at"] is not None:
            details["user_token_expires_at"] = i.user_token_expires_at
        details.update({k: self._cipher.seal_optional(standard.get(k)) for k in SECRET_DETAILS})
        return {
            "client_id": self.client_id,
            "enterprise_id": i.enterprise_id or "",
            "team_id": "" if i.is_enterprise_install else (i.team_id or ""),
            "is_enterprise_install": bool(i.is_enterprise_install),
            "app_id": i.app_id,
            "bot_user_id": i.bot_user_id,
            "bot_id": i.bot_id,
            "bot_scopes": ",".join(i.bot_scopes or []),
            "bot_token": self._cipher.seal_optional(i.bot_token),
            "bot_refresh_token": self._cipher.seal_optional(i.bot_refresh_token),
            "bot_token_expires_at": _epoch_to_utc(i.bot_token_expires_at),
            "details": json.dumps(details, separators=(",", ":")),
            "installed_at": _epoch_to_utc(i.installed_at),
        }

    # -- reading ----------------------------------------------------------------------------
    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        query = select(installations).where(
            installations.c.client_id == self.client_id,
            installations.c.enterprise_id == (enterprise_id or ""),
            installations.c.team_id == ("" if is_enterprise_install else (team_id or "")),
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return None
        installation = self._installation(row)
        if user_id is not None and installation.user_id != user_id:
            return None  # we keep the workspace's bot installation, not one per user
        return installation

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = self.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return found.to_bot() if found is not None and found.bot_token else None

    def find_for_team(self, team_id: str) -> Installation | None:
        """The workspace's installation whatever its enterprise (outbox rows carry only the
        workspace id): its own, else its organisation's org-wide one (Enterprise Grid)."""
        own = installations.c.team_id == team_id
        org = and_(
            installations.c.is_enterprise_install.is_(True),
            installations.c.team_id == "",
            installations.c.enterprise_id.in_(
                select(grid_workspaces.c.enterprise_id).where(grid_workspaces.c.team_id == team_id)
            ),
        )
        query = (
            select(installations)
            .where(installations.c.client_id == self.client_id, or_(own, org))
            # A workspace's own installation first, then the newest.
            .order_by(installations.c.is_enterprise_install, installations.c.installed_at.desc())
            .limit(1)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else self._installation(row)

    def _installation(self, row: Any) -> Installation:
        details: dict[str, Any] = json.loads(row["details"] or "{}")
        secrets = {k: self._cipher.open_optional(details.pop(k, None)) for k in SECRET_DETAILS}
        return Installation(
            app_id=row["app_id"],
            enterprise_id=row["enterprise_id"] or None,
            enterprise_name=details.get("enterprise_name"),
            enterprise_url=details.get("enterprise_url"),
            team_id=row["team_id"] or None,
            team_name=details.get("team_name"),
            bot_token=self._cipher.open_optional(row["bot_token"]),
            bot_id=row["bot_id"],
            bot_user_id=row["bot_user_id"],
            bot_scopes=row["bot_scopes"] or "",
            bot_refresh_token=self._cipher.open_optional(row["bot_refresh_token"]),
            bot_token_expires_at=row["bot_token_expires_at"],
            user_id=details.get("user_id") or "",
            user_token=secrets["user_token"],
            user_scopes=details.get("user_scopes") or "",
            user_refresh_token=secrets["user_refresh_token"],
            user_token_expires_at=details.get("user_token_expires_at"),
            incoming_webhook_url=secrets["incoming_webhook_url"],
            incoming_webhook_channel=details.get("incoming_webhook_channel"),
            incoming_webhook_channel_id=details.get("incoming_webhook_channel_id"),
            incoming_webhook_configuration_url=details.get("incoming_webhook_configuration_url"),
            is_enterprise_install=row["is_enterprise_install"],
            token_type=details.get("token_type"),
            installed_at=row["installed_at"],
        )

    # -- deleting ---------------------------------------------------------------------------
    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self._delete(enterprise_id, team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:
            self._delete(enterprise_id, team_id)
            return
        # A user's own tokens were revoked: the bot installation stays, their tokens go.
        found = self.find_installation(enterprise_id=enterprise_id, team_id=team_id)
        if found is not None and found.user_id == user_id and found.user_token is not None:
            found.user_token = found.user_refresh_token = None
            found.user_token_expires_at = None
            self.save(found)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self._delete(enterprise_id, team_id)

    def _delete(self, enterprise_id: str | None, team_id: str | None) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                delete(installations).where(
                    installations.c.client_id == self.client_id,
                    installations.c.enterprise_id == (enterprise_id or ""),
                    installations.c.team_id == (team_id or ""),
                )
            )
        log.info("deleted the installation for workspace %s", team_id)

    # -- key rotation -----------------------------------------------------------------------
    def reencrypt(self) -> int:
        """Re-seal every secret not under the current key; returns how many rows changed.

        Each update is conditional on the old ciphertext, so a replica that rotated the token
        meanwhile is never overwritten with a stale value."""
        changed = 0
        with self._engine.connect() as conn:
            rows = list(conn.execute(select(installations)).mappings())
        for row in rows:
            values: dict[str, Any] = {}
            for column in SEALED_COLUMNS:
                sealed = row[column]
                if sealed is not None and not self._cipher.is_current(sealed):
                    values[column] = self._cipher.reseal(sealed)
            details = json.loads(row["details"] or "{}")
            stale = [
                k
                for k in SECRET_DETAILS
                if details.get(k) and not self._cipher.is_current(details[k])
            ]
            for key in stale:
                details[key] = self._cipher.reseal(details[key])
            if stale:
                values["details"] = json.dumps(details, separators=(",", ":"))
            if not values:
                continue
            guard = [
                installations.c[c] == row[c]
                for c in (*SEALED_COLUMNS, "details")
                if row[c] is not None
            ]
            with self._engine.begin() as conn:
                result = conn.execute(
                    update(installations)
                    .where(installations.c.id == row["id"], *guard)
                    .values(**values)
                )
            changed += result.rowcount or 0
        return changed
