"""Planned nudges keyed by the instant they are due; when a member's planning settings last
changed, and how many planning passes in a row failed for them.

Outbox keys of break, lunch and end-of-shift messages used to name a slot by the shift and a
counter (`break-0800-2`), which stayed the same when a change of settings moved the nudge. They
now name the kind and the UTC instant due (`break-20261130T160312Z`). Existing rows are renamed
from their own `due_at`, so a message sent just before the upgrade is not planned again under
its new name. Snoozed rows keep their key (their slot is never planned again).

Revision ID: 0008
Revises: 0004
"""

from __future__ import annotations

import re
from datetime import UTC

import sqlalchemy as sa
from alembic import op

from bot.store.types import UTCDateTime

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None

_LEGACY = re.compile(
    r"^(nudge|eos):([^:]+):([^:]+):(\d{4}-\d{2}-\d{2}):(break|lunch|end)-\d{4}(-\d+)?$"
)
_KINDS = ("nudge", "lunch", "end_of_shift")


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("plan_changed_at", UTCDateTime, nullable=True))
        batch.add_column(sa.Column("plan_failures", sa.Integer, nullable=False, server_default="0"))
    _rename_keys()


def _rename_keys() -> None:
    outbox = sa.table(
        "outbox",
        sa.column("id", sa.Integer),
        sa.column("dedupe_key", sa.String),
        sa.column("kind", sa.String),
        sa.column("due_at", UTCDateTime),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(outbox.c.id, outbox.c.dedupe_key, outbox.c.due_at).where(
            outbox.c.kind.in_(_KINDS)
        )
    ).all()
    taken = {row.dedupe_key for row in rows}
    for row in rows:
        found = _LEGACY.match(row.dedupe_key)
        if found is None or row.due_at is None:
            continue
        prefix, team, user, day, slot_kind = found.groups()[:5]
        stamp = row.due_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        new_key = f"{prefix}:{team}:{user}:{day}:{slot_kind}-{stamp}"
        if new_key in taken:
            continue  # two old rows for one instant: keep the first, the gate skips the other
        conn.execute(sa.update(outbox).where(outbox.c.id == row.id).values(dedupe_key=new_key))
        taken.add(new_key)


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("plan_failures")
        batch.drop_column("plan_changed_at")
