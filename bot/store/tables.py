"""Table definitions. Every table is keyed by workspace (`team_id`).

The schema itself is created by the Alembic migrations in `bot/store/migrations`; these
definitions are what the queries are written against, and a test checks both agree.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from bot.store.types import UTCDateTime

metadata = MetaData()

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")

members = Table(
    "members",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("level", String(16), nullable=True),
    Column("tz", String(64), nullable=True),
    Column("tz_override", Boolean, nullable=False, default=False),
    Column("lang", String(8), nullable=True),
    Column("lang_override", Boolean, nullable=False, default=False),
    Column("schedule", Text, nullable=True),
    Column("break_prefs", Text, nullable=True),
    Column("quiet_notices", Boolean, nullable=False, default=True),
    Column("quiet_self", Boolean, nullable=False, default=False),
    Column("end_of_shift", Boolean, nullable=False, default=True),
    Column("away_until", Date, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("away_from", Date, nullable=True),
)

workspaces = Table(
    "workspaces",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("closed_days", Text, nullable=False),
    Column("urgent_route", String(300), nullable=True),
    Column("managers", Text, nullable=False),
    Column("holiday_country", String(8), nullable=True),
    Column("holiday_subdiv", String(16), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

processed_events = Table(
    "processed_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("team_id", String(32), nullable=False),
    Column("received_at", UTCDateTime, nullable=False, index=True),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("dedupe_key", String(255), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("user_id", String(32), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=True),
    Column("next_try_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("claimed_by", String(64), nullable=True),
    Column("last_error", String(255), nullable=True),
    Column("slack_channel", String(32), nullable=True),
    Column("slack_ts", String(32), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
    Index("ix_outbox_status_next_try", "status", "next_try_at"),
    Index("ix_outbox_team_user", "team_id", "user_id"),
)

tip_history = Table(
    "tip_history",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("tip_id", String(64), primary_key=True),
    Column("shown_at", UTCDateTime, nullable=False),
)

# One row per planned nudge slot a member reacted to: took | snoozed | skipped | natural |
# expired. Read for the member's own weekly summary and, aggregated, for the team pulse.
nudge_log = Table(
    "nudge_log",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("user_id", String(32), primary_key=True),
    Column("local_date", Date, primary_key=True),
    Column("slot", String(64), primary_key=True),
    Column("outcome", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
)

# Off-shift notices already shown: at most one per sender, per colleague, per off-shift period.
notices = Table(
    "notices",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("sender_id", String(32), primary_key=True),
    Column("colleague_id", String(32), primary_key=True),
    Column("period_key", String(64), primary_key=True),
    Column("sent_at", UTCDateTime, nullable=False, index=True),
)
