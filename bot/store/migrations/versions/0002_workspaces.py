"""Workspace settings (closed days, urgent route, managers, holiday region) and time-off start.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("closed_days", sa.Text, nullable=False),
        sa.Column("urgent_route", sa.String(300), nullable=True),
        sa.Column("managers", sa.Text, nullable=False),
        sa.Column("holiday_country", sa.String(8), nullable=True),
        sa.Column("holiday_subdiv", sa.String(16), nullable=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("away_from", sa.Date, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("away_from")
    op.drop_table("workspaces")
