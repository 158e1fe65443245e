"""The language of a pulse's own posts in its channel (members get theirs in their own).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pulse_configs") as batch:
        batch.add_column(sa.Column("lang", sa.String(2), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("pulse_configs") as batch:
        batch.drop_column("lang")
