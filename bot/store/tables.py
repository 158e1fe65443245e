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
    false,
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
    # When the planner next needs to look at this member (indexed): a tick's cost follows what
    # is due, not how many members exist.
    Column("next_plan_at", UTCDateTime, nullable=True, index=True),
    # The last change of a setting planning reads: plans made after it add nothing due before.
    Column("plan_changed_at", UTCDateTime, nullable=True),
    # Planning passes in a row that failed for this member (sets the wait before the next).
    Column("plan_failures", Integer, nullable=False, default=0),
    # Off-shift notices say "on leave" only if the member chose to share it.
    Column("share_leave", Boolean, nullable=False, default=False, server_default=false()),
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

# --- Weekly pulse. No table holds a member id, an answer time or an arrival order, and nothing
# here is a key: keys derive from BALANCE_PULSE_SECRET (bot/features/pulse/sealing.py).
pulse_configs = Table(
    "pulse_configs",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("channel_id", String(32), primary_key=True),
    Column("weekday", Integer, nullable=False),
    Column("local_time", String(5), nullable=False),
    Column("tz", String(64), nullable=False),
    Column("questions", Text, nullable=False),
    Column("open_hours", Integer, nullable=False),
    Column("threshold", Integer, nullable=False),
    Column("results_to", Text, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("lang", String(2), nullable=False, server_default="en"),
)

# A round: frozen at open (`eligible`: the keyed hashes of who may answer, sorted); while it is
# open, `sealed` holds its answers and voters as one encrypted envelope (URL-safe base64); at
# close that goes, and the aggregates stay (`tallies`, `signals`; `comments` until their
# retention ends).
pulse_rounds = Table(
    "pulse_rounds",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("week", String(10), nullable=False),
    Column("status", String(16), nullable=False),
    Column("opens_at", UTCDateTime, nullable=False),
    Column("closes_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime, nullable=True),
    Column("questions", Text, nullable=False),
    Column("threshold", Integer, nullable=False),
    Column("responses", Integer, nullable=False),
    Column("message_ts", String(32), nullable=True),
    Column("reminded", Boolean, nullable=False),
    Column("key_check", String(16), nullable=True),
    Column("eligible", Text, nullable=True),
    Column("tallies", Text, nullable=True),
    Column("signals", Text, nullable=True),
    Column("comments", Text, nullable=True),
    Column("note", String(32), nullable=True),
    Column("sealed", Text, nullable=True),
    UniqueConstraint("team_id", "channel_id", "week", name="uq_pulse_round_week"),
    Index("ix_pulse_rounds_status_closes", "status", "closes_at"),
)

# --- OAuth installs for many workspaces. Tokens are stored encrypted (Fernet), never in clear;
# `enterprise_id` is "" rather than NULL so the unique constraint holds on PostgreSQL.
installations = Table(
    "installations",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("client_id", String(64), nullable=False),
    Column("enterprise_id", String(32), nullable=False),
    Column("team_id", String(32), nullable=False),
    Column("is_enterprise_install", Boolean, nullable=False),
    Column("app_id", String(32), nullable=True),
    Column("bot_user_id", String(32), nullable=True),
    Column("bot_id", String(32), nullable=True),
    Column("bot_scopes", Text, nullable=True),
    Column("bot_token", Text, nullable=True),
    Column("bot_refresh_token", Text, nullable=True),
    Column("bot_token_expires_at", UTCDateTime, nullable=True),
    Column("details", Text, nullable=False),
    Column("installed_at", UTCDateTime, nullable=False),
    UniqueConstraint("client_id", "enterprise_id", "team_id", name="uq_installation"),
)

# Enterprise Grid: the workspaces an org-wide installation has served. Outbox rows carry only
# the workspace id; this finds the organisation whose installation sends for it.
grid_workspaces = Table(
    "grid_workspaces",
    metadata,
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), nullable=False, index=True),
    Column("first_seen_at", UTCDateTime, nullable=False),
)
