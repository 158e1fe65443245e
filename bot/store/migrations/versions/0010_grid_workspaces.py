"""Enterprise Grid: which organisation's org-wide installation serves each workspace.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grid_workspaces",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), nullable=False),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_grid_workspaces_enterprise_id", "grid_workspaces", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_grid_workspaces_enterprise_id", table_name="grid_workspaces")
    op.drop_table("grid_workspaces")
