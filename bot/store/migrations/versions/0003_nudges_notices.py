"""Break-nudge outcomes (for each member's weekly summary) and off-shift notices sent.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nudge_log",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("local_date", sa.Date, primary_key=True),
        sa.Column("slot", sa.String(64), primary_key=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "notices",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("sender_id", sa.String(32), primary_key=True),
        sa.Column("colleague_id", sa.String(32), primary_key=True),
        sa.Column("period_key", sa.String(64), primary_key=True),
        sa.Column("sent_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_notices_sent_at", "notices", ["sent_at"])


def downgrade() -> None:
    op.drop_table("notices")
    op.drop_table("nudge_log")
