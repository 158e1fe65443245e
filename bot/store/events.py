"""Events already handled, keyed by Slack's `event_id` (stable across retries)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from bot.store.tables import processed_events


class EventLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def first_seen(self, *, event_id: str, team_id: str, now: datetime) -> bool:
        """Record the event; False when it was recorded before (a retry or a duplicate)."""
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(processed_events).values(
                        event_id=event_id, team_id=team_id, received_at=now
                    )
                )
        except IntegrityError:
            return False
        return True

    def prune(self, *, before: datetime) -> int:
        with self._engine.begin() as conn:
            result = conn.execute(
                delete(processed_events).where(processed_events.c.received_at < before)
            )
        return result.rowcount or 0
