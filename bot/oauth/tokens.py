"""Each workspace's bot token, fresh: a short in-process cache, and token rotation serialised
per installation so replicas never race.

Slack refresh tokens are single-use. Two replicas refreshing the same installation at once would
leave one of them holding a dead token, so a rotation takes a per-installation lock (a PostgreSQL
advisory lock shared by every replica; a process lock on SQLite, which is single-node), re-reads
the row and only refreshes when nobody else just did.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError, SlackTokenRotationError
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine, text

from bot.oauth.installations import Installations

log = logging.getLogger(__name__)


def advisory_key(name: str) -> int:
    """A stable signed 64-bit lock id (Python's own `hash` differs between processes)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class RotationLock:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._guard = threading.Lock()
        self._local: dict[str, threading.Lock] = {}

    @contextmanager
    def hold(self, name: str) -> Iterator[None]:
        with self._guard:
            local = self._local.setdefault(name, threading.Lock())
        # The process lock first: threads of one replica queue here, not on database connections.
        with local:
            if self._engine.dialect.name != "postgresql":
                yield
                return
            with self._engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": advisory_key(name)})
                yield


class Tokens:
    def __init__(
        self,
        installations: Installations,
        *,
        rotator: TokenRotator,
        lock: RotationLock,
        client_factory: Callable[[str], WebClient],
        minutes_before_expiration: int = 120,
        cache_seconds: float = 10.0,
    ) -> None:
        self.installations = installations
        self._rotator = rotator
        self._lock = lock
        self._client_factory = client_factory
        self.token_rotation_expiration_minutes = minutes_before_expiration
        self._ttl = cache_seconds
        self._guard = threading.Lock()
        self._cache: dict[tuple[str, ...], tuple[float, Installation | None]] = {}
        self._clients: dict[str, WebClient] = {}

    def find(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool
    ) -> Installation | None:
        """The installation behind a request from Slack, its token rotated if due."""
        key = ("request", enterprise_id or "", "" if is_enterprise_install else team_id or "")
        return self._fresh(
            self._cached(
                key,
                lambda: self.installations.find_installation(
                    enterprise_id=enterprise_id,
                    team_id=team_id,
                    is_enterprise_install=is_enterprise_install,
                ),
            )
        )

    def client_for_team(self, team_id: str) -> WebClient | None:
        """A delivery client with the workspace's bot token; None when it is not installed."""
        found = self._fresh(
            self._cached(("team", team_id), lambda: self.installations.find_for_team(team_id))
        )
        token = found.bot_token if found is not None else None
        if token is None:
            return None
        with self._guard:
            client = self._clients.get(token)
            if client is None:
                client = self._clients[token] = self._client_factory(token)
            return client

    def forget(self) -> None:
        """Drop cached tokens (after an uninstall, a revocation or a rotation)."""
        with self._guard:
            self._cache.clear()
            self._clients.clear()

    def _cached(
        self, key: tuple[str, ...], load: Callable[[], Installation | None]
    ) -> Installation | None:
        now = time.monotonic()
        with self._guard:
            hit = self._cache.get(key)
        if hit is not None and now - hit[0] < self._ttl:
            return hit[1]
        found = load()
        if found is not None:  # never cache "not installed": an install may land any moment
            with self._guard:
                self._cache[key] = (now, found)
        return found

    def _expiring(self, installation: Installation) -> bool:
        expires = installation.bot_token_expires_at
        window = self.token_rotation_expiration_minutes * 60
        return (
            installation.bot_refresh_token is not None
            and expires is not None
            and expires <= time.time() + window
        )

    def _fresh(self, installation: Installation | None) -> Installation | None:
        if installation is None or not self._expiring(installation):
            return installation
        name = (
            f"rotate:{self.installations.client_id}:{installation.enterprise_id or ''}:"
            f"{installation.team_id or ''}"
        )
        with self._lock.hold(name):
            current = self.installations.find_installation(
                enterprise_id=installation.enterprise_id,
                team_id=installation.team_id,
                is_enterprise_install=installation.is_enterprise_install,
            )
            if current is None or not self._expiring(current):
                self.forget()  # uninstalled, or another replica rotated it: reload
                return current
            try:
                refreshed = self._rotator.perform_token_rotation(
                    installation=current,
                    minutes_before_expiration=self.token_rotation_expiration_minutes,
                )
            except (SlackTokenRotationError, SlackApiError, SlackRequestError, OSError) as exc:
                # The current token stays valid until it expires; try again next time.
                log.error(
                    "could not rotate the bot token for workspace %s (%s)",
                    current.team_id,
                    type(exc).__name__,
                )
                return current
            if refreshed is None:
                return current
            self.installations.save(refreshed)
            self.forget()
            log.info("rotated the bot token for workspace %s", current.team_id)
            return refreshed
