"""Security hardening: OAuth states are signed and stateless (their table goes), and each
member chooses whether off-shift notices may say they are on leave (default: no).

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("oauth_states")
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("share_leave", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("share_leave")
    op.create_table(
        "oauth_states",
        sa.Column("state", sa.String(128), primary_key=True),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )
