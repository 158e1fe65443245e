"""Sealed pulse rounds: no per-round secret, voter hashes or per-answer rows in the database any
more. A round stores its frozen eligible set (keyed hashes), a `key_check` naming the secret
that seals it, its answers as one sealed envelope while it is open (`sealed`), and at close its
aggregates.

Data: a closed round's answers become its stored aggregates (totals per question, comments in
random order). A round still open at the upgrade is closed without results (`note` =
"upgraded"): its answers were stored the old way, with nobody's eligibility frozen, so they are
deleted rather than carried over.

Downgrade recreates the old tables empty: aggregates cannot be split back into answers.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
NEW_COLUMNS = (
    ("key_check", sa.String(16)),
    ("eligible", sa.Text),
    ("tallies", sa.Text),
    ("signals", sa.Text),
    ("comments", sa.Text),
    ("note", sa.String(32)),
    ("sealed", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("pulse_rounds") as batch:
        for name, kind in NEW_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    _aggregate_old_answers(op.get_bind())
    with op.batch_alter_table("pulse_rounds") as batch:
        batch.drop_column("secret")
    op.drop_table("pulse_voters")
    op.drop_index("ix_pulse_answers_round_id", "pulse_answers")
    op.drop_table("pulse_answers")


def _aggregate_old_answers(conn: Any) -> None:
    rounds = conn.execute(sa.text("SELECT id, status FROM pulse_rounds")).all()
    for round_id, status in rounds:
        if status != "closed":
            conn.execute(
                sa.text(
                    "UPDATE pulse_rounds SET status = 'closed', note = 'upgraded', "
                    "responses = 0, closed_at = closes_at WHERE id = :id"
                ),
                {"id": round_id},
            )
            continue
        rows = conn.execute(
            sa.text("SELECT question_id, value, comment FROM pulse_answers WHERE round_id = :id"),
            {"id": round_id},
        ).all()
        tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        comments: list[str] = []
        for question_id, value, comment in rows:
            if value is not None:
                tally = tallies[str(question_id)]
                tally[0] += 1
                tally[1] += int(value)
                tally[2] += int(value)
            if comment and str(comment).strip():
                comments.append(str(comment))
        secrets.SystemRandom().shuffle(comments)
        conn.execute(
            sa.text("UPDATE pulse_rounds SET tallies = :t, comments = :c WHERE id = :id"),
            {"id": round_id, "t": json.dumps(tallies), "c": json.dumps(comments)},
        )


def downgrade() -> None:
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
    with op.batch_alter_table("pulse_rounds") as batch:
        batch.add_column(sa.Column("secret", sa.String(128), nullable=True))
        for name, _ in reversed(NEW_COLUMNS):
            batch.drop_column(name)
