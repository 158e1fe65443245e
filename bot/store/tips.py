"""Which tips each member has seen, so no tip repeats before their pool is used up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Engine, delete, select

from bot.store.tables import tip_history
from bot.store.upsert import insert_ignore


class TipHistory:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def seen(self, *, team_id: str, user_id: str) -> set[str]:
        query = select(tip_history.c.tip_id).where(
            tip_history.c.team_id == team_id, tip_history.c.user_id == user_id
        )
        with self._engine.connect() as conn:
            return set(conn.scalars(query))

    def record(self, *, team_id: str, user_id: str, tip_id: str, now: datetime) -> None:
        row = {"team_id": team_id, "user_id": user_id, "tip_id": tip_id, "shown_at": now}
        with self._engine.begin() as conn:
            conn.execute(insert_ignore(conn, tip_history, [row]))

    def forget(self, *, team_id: str, user_id: str, tip_ids: Iterable[str] | None = None) -> None:
        query = delete(tip_history).where(
            tip_history.c.team_id == team_id, tip_history.c.user_id == user_id
        )
        if tip_ids is not None:
            query = query.where(tip_history.c.tip_id.in_(list(tip_ids)))
        with self._engine.begin() as conn:
            conn.execute(query)
