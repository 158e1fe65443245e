"""Per-member settings: level, time zone, language, shifts, preferences, time off.

`next_plan_at` (indexed) says when the planners next need to look at a member: a tick loads
only the members whose time has come, so its cost follows what is due, not how many members
exist. Changing anything planning depends on sets it to "now" (or clears it when the member has
no shifts left), so new settings apply at the next tick, and records the moment in
`plan_changed_at`: a plan made from the new settings adds nothing due before it.
`plan_failures` counts planning passes in a row that failed for the member (it sets how long
to wait before the next try); a success or a change of settings resets it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, bindparam, delete, func, select, update

from bot.store.tables import members
from bot.store.upsert import insert_ignore

# The settings planning reads: a change to any of them means "plan this member again now".
PLANNING_FIELDS = frozenset(
    {"schedule", "break_prefs", "tz", "away_from", "away_until", "end_of_shift"}
)


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
    next_plan_at: datetime | None = None
    plan_changed_at: datetime | None = None
    plan_failures: int = 0
    share_leave: bool = False  # notices may say "on leave" (else just "off shift")


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
        """Create the member if needed, then apply `changes` (names of Member fields).

        When a setting planning depends on really changes, `next_plan_at` becomes `now` (or
        None once no shifts are left) unless `changes` sets it explicitly.
        """
        unknown = set(changes) - _FIELDS
        if unknown:
            raise TypeError(f"unknown member fields: {sorted(unknown)}")
        defaults = {f.name: f.default for f in fields(Member) if f.name in _FIELDS}
        new_row = {"team_id": team_id, "user_id": user_id, **defaults}
        new_row.update(created_at=now, updated_at=now)
        key = and_(members.c.team_id == team_id, members.c.user_id == user_id)
        with self._engine.begin() as conn:
            conn.execute(insert_ignore(conn, members, [new_row]))
            if changes:
                planning = PLANNING_FIELDS & set(changes)
                if planning and "next_plan_at" not in changes:
                    before = conn.execute(select(members).where(key)).mappings().one()
                    if any(before[name] != changes[name] for name in planning):
                        schedule = changes.get("schedule", before["schedule"])
                        changes["next_plan_at"] = now if schedule else None
                        changes.update(plan_changed_at=now, plan_failures=0)
                conn.execute(update(members).where(key).values(**changes, updated_at=now))
            row = conn.execute(select(members).where(key)).mappings().one()
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

    # -- planning: which members a tick looks at ------------------------------------------------

    def claim_due_for_planning(
        self, *, now: datetime, limit: int, lease: timedelta
    ) -> list[Member]:
        """Members whose `next_plan_at` has come (most overdue first, at most `limit`).

        They are claimed: `next_plan_at` moves to `now + lease`, so another replica skips them
        (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and, should this one die mid-plan, they are
        planned again when the lease runs out. `set_next_plan` then records the real next time.
        The returned members carry the lease as their `next_plan_at`.
        """
        until = now + lease
        query = (
            select(members)
            .where(members.c.next_plan_at <= now)
            .order_by(members.c.next_plan_at)
            .limit(limit)
        )
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list(conn.execute(query).mappings())
            if rows:
                conn.execute(
                    update(members)
                    .where(
                        members.c.team_id == bindparam("b_team"),
                        members.c.user_id == bindparam("b_user"),
                    )
                    .values(next_plan_at=until),
                    [{"b_team": r["team_id"], "b_user": r["user_id"]} for r in rows],
                )
        return [_to_member({**row, "next_plan_at": until}) for row in rows]

    def set_next_plan(
        self, plans: Sequence[tuple[Member, datetime | None]], *, failed: bool = False
    ) -> int:
        """Record when each claimed member next needs planning; returns how many were set.

        Only rows still holding the claim are written: a member who changed their settings in
        the meantime keeps the "plan me now" that change asked for. `failed` counts one more
        failed pass for each of them; otherwise their failure count goes back to 0.
        """
        if not plans:
            return 0
        params = [
            {
                "b_team": m.team_id,
                "b_user": m.user_id,
                "b_claim": m.next_plan_at,
                "b_next": next_at,
                "b_failures": m.plan_failures + 1 if failed else 0,
            }
            for m, next_at in plans
        ]
        statement = (
            update(members)
            .where(
                members.c.team_id == bindparam("b_team"),
                members.c.user_id == bindparam("b_user"),
                members.c.next_plan_at == bindparam("b_claim"),
            )
            .values(next_plan_at=bindparam("b_next"), plan_failures=bindparam("b_failures"))
        )
        with self._engine.begin() as conn:
            result = conn.execute(statement, params)
        return max(int(result.rowcount), 0)

    def retry_failed(self, *, now: datetime) -> int:
        """Members whose planning failed: due now (a new process may carry the fix)."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(members)
                .where(members.c.plan_failures > 0, members.c.schedule.is_not(None))
                .values(next_plan_at=now)
            )
        return max(int(result.rowcount), 0)

    def failing(self) -> int:
        """How many members planning currently fails for."""
        query = select(func.count()).select_from(members).where(members.c.plan_failures > 0)
        with self._engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def plan_unplanned(self, *, now: datetime) -> int:
        """Members with shifts but no planning time (rows from before `next_plan_at` existed,
        or written around `update`): due now. The index keeps this cheap."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(members)
                .where(members.c.next_plan_at.is_(None), members.c.schedule.is_not(None))
                .values(next_plan_at=now)
            )
        return max(int(result.rowcount), 0)

    def replan_team(self, team_id: str, *, now: datetime) -> int:
        """Plan every member of a workspace again at the next tick (e.g. closed days changed);
        like a change of their own settings, it adds nothing due before `now`."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(members)
                .where(members.c.team_id == team_id, members.c.schedule.is_not(None))
                .values(next_plan_at=now, plan_changed_at=now, plan_failures=0)
            )
        return max(int(result.rowcount), 0)


def _to_member(row: Any) -> Member:
    return Member(**{f.name: row[f.name] for f in fields(Member)})
