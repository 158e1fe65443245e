"""Per-member settings: level, time zone, language, shifts, preferences, time off."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, delete, select, update

from bot.store.tables import members
from bot.store.upsert import insert_ignore


@dataclass(frozen=True)
class Member:
    team_id: str
    user_id: str
    level: str | None = None
    tz: str | None = None
    tz_override: bool = False
    lang: str | None = None
    lang_override: bool = False
    schedule: str | None = None
    break_prefs: str | None = None
    quiet_notices: bool = True
    quiet_self: bool = False
    end_of_shift: bool = True
    away_until: date | None = None
    away_from: date | None = None


_FIELDS = {f.name for f in fields(Member)} - {"team_id", "user_id"}


class Members:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, *, team_id: str, user_id: str) -> Member | None:
        query = select(members).where(members.c.team_id == team_id, members.c.user_id == user_id)
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return _to_member(row) if row else None

    def get_or_default(self, *, team_id: str, user_id: str) -> Member:
        return self.get(team_id=team_id, user_id=user_id) or Member(team_id, user_id)

    def update(self, *, team_id: str, user_id: str, now: datetime, **changes: Any) -> Member:
        """Create the member if needed, then apply `changes` (names of Member fields)."""
        unknown = set(changes) - _FIELDS
        if unknown:
            raise TypeError(f"unknown member fields: {sorted(unknown)}")
        defaults = {f.name: f.default for f in fields(Member) if f.name in _FIELDS}
        new_row = {"team_id": team_id, "user_id": user_id, **defaults}
        new_row.update(created_at=now, updated_at=now)
        with self._engine.begin() as conn:
            conn.execute(insert_ignore(conn, members, [new_row]))
            if changes:
                conn.execute(
                    update(members)
                    .where(members.c.team_id == team_id, members.c.user_id == user_id)
                    .values(**changes, updated_at=now)
                )
            row = (
                conn.execute(
                    select(members).where(
                        members.c.team_id == team_id, members.c.user_id == user_id
                    )
                )
                .mappings()
                .one()
            )
        return _to_member(row)

    def delete(self, *, team_id: str, user_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                delete(members).where(members.c.team_id == team_id, members.c.user_id == user_id)
            )

    def in_team(self, team_id: str) -> list[Member]:
        query = select(members).where(members.c.team_id == team_id).order_by(members.c.user_id)
        with self._engine.connect() as conn:
            return [_to_member(row) for row in conn.execute(query).mappings()]


def _to_member(row: Any) -> Member:
    return Member(**{f.name: row[f.name] for f in fields(Member)})
