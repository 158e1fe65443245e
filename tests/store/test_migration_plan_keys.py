"""Migration 0008 on SQLite and PostgreSQL: outbox rows keyed by the old slot names
(`break-0800-2`) take the name of the instant they are due, so the upgraded planner neither
sends again a nudge that went out just before the upgrade nor loses one still queued."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import column, create_engine, insert, select, table

from bot.store.db import _alembic_config, current_revision, head_revision
from bot.store.tables import members, outbox

NOW = datetime(2026, 11, 30, 16, 0, 12, tzinfo=UTC)


def _row(key: str, kind: str, due: datetime, status: str = "pending") -> dict[str, object]:
    return {
        "dedupe_key": key, "team_id": "T1", "user_id": "U1", "kind": kind, "channel": "U1",
        "payload": json.dumps({"text": "x"}), "due_at": due, "expires_at": None,
        "next_try_at": due, "status": status, "attempts": 0, "created_at": NOW,
    }  # fmt: skip


def test_old_slot_names_become_instants_and_members_get_the_new_columns(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0004")
        # The members table as 0004 left it (the current one would fill the new columns in).
        members_0004 = table(
            "members", *(column(c.name) for c in members.c if not c.name.startswith("plan_"))
        )
        with engine.begin() as conn:
            conn.execute(
                insert(members_0004).values(
                    team_id="T1", user_id="U1", tz_override=False, lang_override=False,
                    quiet_notices=True, quiet_self=False, end_of_shift=True,
                    created_at=NOW.replace(tzinfo=None), updated_at=NOW.replace(tzinfo=None),
                )
            )  # fmt: skip
            conn.execute(
                insert(outbox),
                [
                    _row("nudge:T1:U1:2026-11-30:break-0800-2", "nudge", NOW, "sent"),
                    _row("nudge:T1:U1:2026-11-30:lunch-0800", "lunch", NOW + timedelta(hours=1)),
                    _row("eos:T1:U1:2026-11-30:end-0800", "end_of_shift", NOW + timedelta(hours=6)),
                    _row("nudge:T1:U1:2026-11-30:break-0800-2:snooze10", "nudge", NOW),
                    _row("reminder:T1:U1:C1:1.2:U2", "reminder", NOW),
                    # Two old rows for one instant (a moved slot): only the first is renamed.
                    _row("nudge:T1:U1:2026-12-01:break-0800-1", "nudge", NOW + timedelta(days=1)),
                    _row("nudge:T1:U1:2026-12-01:break-1300-3", "nudge", NOW + timedelta(days=1)),
                ],
            )  # fmt: skip
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            keys = [k for (k,) in conn.execute(select(outbox.c.dedupe_key).order_by(outbox.c.id))]
            member = conn.execute(select(members)).mappings().one()
        assert keys == [
            "nudge:T1:U1:2026-11-30:break-20261130T160012Z",
            "nudge:T1:U1:2026-11-30:lunch-20261130T170012Z",
            "eos:T1:U1:2026-11-30:end-20261130T220012Z",
            "nudge:T1:U1:2026-11-30:break-0800-2:snooze10",
            "reminder:T1:U1:C1:1.2:U2",
            "nudge:T1:U1:2026-12-01:break-20261201T160012Z",
            "nudge:T1:U1:2026-12-01:break-1300-3",
        ]
        assert (member["plan_changed_at"], member["plan_failures"]) == (None, 0)
        with engine.begin() as conn:  # and back down
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
    finally:
        engine.dispose()
