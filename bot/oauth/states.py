"""slack_sdk's `OAuthStateStore` on our `oauth_states` table.

The state lives in the shared database, so `/slack/install` and `/slack/oauth_redirect` may be
answered by different replicas behind a load balancer.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy import Engine, delete, insert

from bot.store.tables import oauth_states

log = logging.getLogger(__name__)


class OAuthStates(OAuthStateStore):
    def __init__(
        self, engine: Engine, *, now: Callable[[], datetime], expiration_seconds: int = 600
    ) -> None:
        self._engine = engine
        self._now = now
        self._ttl = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: object, **kwargs: object) -> str:
        state = secrets.token_urlsafe(32)
        now = self._now()
        with self._engine.begin() as conn:
            # Abandoned installs leave states behind; sweep them as new ones are issued.
            conn.execute(delete(oauth_states).where(oauth_states.c.expires_at < now))
            conn.execute(insert(oauth_states).values(state=state, expires_at=now + self._ttl))
        return state

    def consume(self, state: str) -> bool:
        """True once for a state that was issued and has not expired."""
        if not state:
            return False
        with self._engine.begin() as conn:
            result = conn.execute(
                delete(oauth_states).where(
                    oauth_states.c.state == state, oauth_states.c.expires_at >= self._now()
                )
            )
        return bool(result.rowcount)
