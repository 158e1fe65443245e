"""What members did with their break nudges (took it, snoozed, skipped, natural break).

One row per member, local day and slot: the latest choice wins, so a nudge snoozed and then
taken counts once, as taken. Only the member's own weekly summary (and aggregates under the
pulse threshold) read it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, delete, func, select, update

from bot.store.tables import nudge_log
from bot.store.upsert import insert_ignore

OUTCOMES = ("took_it", "snoozed", "skipped", "natural")


class NudgeLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record(
        self,
        *,
        team_id: str,
        user_id: str,
        local_date: date,
        slot: str,
        outcome: str,
        now: datetime,
    ) -> None:
        """Store (or replace) the outcome of one nudge slot."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown nudge outcome {outcome!r}")
        key = {"team_id": team_id, "user_id": user_id, "local_date": local_date, "slot": slot}
        with self._engine.begin() as conn:
            conn.execute(insert_ignore(conn, nudge_log, [{**key, "outcome": outcome, "at": now}]))
            conn.execute(
                update(nudge_log)
                .where(*(nudge_log.c[name] == value for name, value in key.items()))
                .values(outcome=outcome, at=now)
            )

    def outcome(self, *, team_id: str, user_id: str, local_date: date, slot: str) -> str | None:
        query = select(nudge_log.c.outcome).where(
            nudge_log.c.team_id == team_id,
            nudge_log.c.user_id == user_id,
            nudge_log.c.local_date == local_date,
            nudge_log.c.slot == slot,
        )
        with self._engine.connect() as conn:
            value = conn.scalar(query)
        return str(value) if value is not None else None

    def counts(self, *, team_id: str, user_id: str, start: date, end: date) -> dict[str, int]:
        """Outcomes per kind for local days in [start, end] (every outcome present, maybe 0)."""
        query = (
            select(nudge_log.c.outcome, func.count())
            .where(
                nudge_log.c.team_id == team_id,
                nudge_log.c.user_id == user_id,
                nudge_log.c.local_date >= start,
                nudge_log.c.local_date <= end,
            )
            .group_by(nudge_log.c.outcome)
        )
        found = dict.fromkeys(OUTCOMES, 0)
        with self._engine.connect() as conn:
            for outcome, n in conn.execute(query):
                found[str(outcome)] = int(n)
        return found

    def forget(self, *, team_id: str, user_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                delete(nudge_log).where(
                    nudge_log.c.team_id == team_id, nudge_log.c.user_id == user_id
                )
            )
