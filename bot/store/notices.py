"""Off-shift notices already shown: at most one per sender, per colleague, per off-shift period.

`claim` is the only write on the request path: one INSERT … ON CONFLICT DO NOTHING, so two
replicas (or a `message` and an `app_mention` event for the same post) racing on the same
notice agree on exactly one winner.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, delete, select

from bot.store.tables import notices
from bot.store.upsert import insert_ignore


class Notices:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def claim(
        self, *, team_id: str, sender_id: str, colleague_id: str, period_key: str, now: datetime
    ) -> bool:
        """True when this notice is new (the caller shows it); False when it was shown before."""
        row = {
            "team_id": team_id,
            "sender_id": sender_id,
            "colleague_id": colleague_id,
            "period_key": period_key[:64],
            "sent_at": now,
        }
        with self._engine.begin() as conn:
            insert = insert_ignore(conn, notices, [row]).returning(notices.c.team_id)
            return conn.execute(insert).first() is not None

    def release(self, *, team_id: str, sender_id: str, claims: Sequence[tuple[str, str]]) -> None:
        """Forget claims `(colleague_id, period_key)` whose notice could not be shown."""
        if not claims:
            return
        with self._engine.begin() as conn:
            for colleague_id, period_key in claims:
                conn.execute(
                    delete(notices).where(
                        notices.c.team_id == team_id,
                        notices.c.sender_id == sender_id,
                        notices.c.colleague_id == colleague_id,
                        notices.c.period_key == period_key[:64],
                    )
                )

    def seen(self, *, team_id: str, sender_id: str, colleague_id: str, period_key: str) -> bool:
        query = select(notices.c.sent_at).where(
            notices.c.team_id == team_id,
            notices.c.sender_id == sender_id,
            notices.c.colleague_id == colleague_id,
            notices.c.period_key == period_key[:64],
        )
        with self._engine.connect() as conn:
            return conn.execute(query).first() is not None

    def prune(self, *, before: datetime) -> int:
        """Drop notices shown before `before` (housekeeping); returns how many went. Idempotent:
        replicas pruning at the same time delete each row once between them."""
        with self._engine.begin() as conn:
            result = conn.execute(delete(notices).where(notices.c.sent_at < before))
        return result.rowcount or 0

    def forget(self, *, team_id: str, user_id: str) -> None:
        """Drop every notice sent by or about a member (forget-me)."""
        with self._engine.begin() as conn:
            conn.execute(
                delete(notices).where(
                    notices.c.team_id == team_id,
                    (notices.c.sender_id == user_id) | (notices.c.colleague_id == user_id),
                )
            )
