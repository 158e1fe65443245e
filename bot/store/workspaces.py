"""Per-workspace settings an admin controls: closed days, urgent route, managers, holidays."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select, update

from bot.store.tables import workspaces
from bot.store.upsert import insert_ignore


@dataclass(frozen=True)
class Workspace:
    team_id: str
    closed_days: frozenset[date] = frozenset()
    urgent_route: str | None = None
    managers: tuple[str, ...] = ()
    holiday_country: str | None = None
    holiday_subdiv: str | None = None


class Workspaces:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, team_id: str) -> Workspace:
        """The workspace's settings; defaults when an admin has set nothing yet."""
        query = select(workspaces).where(workspaces.c.team_id == team_id)
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            return Workspace(team_id=team_id)
        return Workspace(
            team_id=team_id,
            closed_days=frozenset(date.fromisoformat(d) for d in json.loads(row["closed_days"])),
            urgent_route=row["urgent_route"],
            managers=tuple(json.loads(row["managers"])),
            holiday_country=row["holiday_country"],
            holiday_subdiv=row["holiday_subdiv"],
        )

    def update(self, team_id: str, *, now: datetime, **changes: Any) -> Workspace:
        """Change `closed_days` (a set of dates), `urgent_route`, `managers`, holiday region."""
        values = dict(changes)
        if "closed_days" in values:
            values["closed_days"] = json.dumps(sorted(d.isoformat() for d in values["closed_days"]))
        if "managers" in values:
            values["managers"] = json.dumps(sorted(values["managers"]))
        base = {
            "team_id": team_id,
            "closed_days": "[]",
            "managers": "[]",
            "created_at": now,
            "updated_at": now,
        }
        with self._engine.begin() as conn:
            conn.execute(insert_ignore(conn, workspaces, [base]))
            if values:
                conn.execute(
                    update(workspaces)
                    .where(workspaces.c.team_id == team_id)
                    .values(**values, updated_at=now)
                )
        return self.get(team_id)
