"""Weekly pulse (configs, rounds, anonymous answers, per-round voter hashes), OAuth
installations with encrypted tokens, and each member's next planning time.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "pulse_configs",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("channel_id", sa.String(32), primary_key=True),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("local_time", sa.String(5), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("questions", sa.Text, nullable=False),
        sa.Column("open_hours", sa.Integer, nullable=False),
        sa.Column("threshold", sa.Integer, nullable=False),
        sa.Column("results_to", sa.Text, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "pulse_rounds",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("week", sa.String(10), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opens_at", UTCDateTime, nullable=False),
        sa.Column("closes_at", UTCDateTime, nullable=False),
        sa.Column("closed_at", UTCDateTime, nullable=True),
        sa.Column("secret", sa.String(128), nullable=True),
        sa.Column("questions", sa.Text, nullable=False),
        sa.Column("threshold", sa.Integer, nullable=False),
        sa.Column("responses", sa.Integer, nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("reminded", sa.Boolean, nullable=False),
        sa.UniqueConstraint("team_id", "channel_id", "week", name="uq_pulse_round_week"),
    )
    op.create_index("ix_pulse_rounds_status_closes", "pulse_rounds", ["status", "closes_at"])
    op.create_table(
        "pulse_answers",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("round_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer, nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
    )
    op.create_index("ix_pulse_answers_round_id", "pulse_answers", ["round_id"])
    op.create_table(
        "pulse_voters",
        sa.Column(
            "round_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True
        ),
        sa.Column("voter_hash", sa.String(64), primary_key=True),
    )
    op.create_table(
        "installations",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=False),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("is_enterprise_install", sa.Boolean, nullable=False),
        sa.Column("app_id", sa.String(32), nullable=True),
        sa.Column("bot_user_id", sa.String(32), nullable=True),
        sa.Column("bot_id", sa.String(32), nullable=True),
        sa.Column("bot_scopes", sa.Text, nullable=True),
        sa.Column("bot_token", sa.Text, nullable=True),
        sa.Column("bot_refresh_token", sa.Text, nullable=True),
        sa.Column("bot_token_expires_at", UTCDateTime, nullable=True),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("installed_at", UTCDateTime, nullable=False),
        sa.UniqueConstraint("client_id", "enterprise_id", "team_id", name="uq_installation"),
    )
    op.create_table(
        "oauth_states",
        sa.Column("state", sa.String(128), primary_key=True),
        sa.Column("expires_at", UTCDateTime, nullable=False),
    )
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("next_plan_at", UTCDateTime, nullable=True))
    op.create_index("ix_members_next_plan_at", "members", ["next_plan_at"])


def downgrade() -> None:
    op.drop_index("ix_members_next_plan_at", "members")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("next_plan_at")
    for table in (
        "oauth_states",
        "installations",
        "pulse_voters",
        "pulse_answers",
        "pulse_rounds",
        "pulse_configs",
    ):
        op.drop_table(table)
