"""The outbox: messages to deliver to Slack, each once, identified by a unique key.

Rows move pending → sending → sent (or expired / failed / skipped / cancelled). A row is
claimed with a lease; if its replica dies mid-send the lease runs out and another replica
takes it over as *in doubt*: the dispatcher checks the conversation before sending again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, func, or_, select, update

from bot.store.tables import outbox
from bot.store.upsert import insert_ignore

PENDING, SENDING, SENT = "pending", "sending", "sent"
EXPIRED, FAILED, SKIPPED, CANCELLED = "expired", "failed", "skipped", "cancelled"
FINAL = (SENT, EXPIRED, FAILED, SKIPPED, CANCELLED)


@dataclass(frozen=True)
class NewMessage:
    key: str
    team_id: str
    kind: str
    channel: str
    payload: dict[str, Any]
    due_at: datetime
    expires_at: datetime | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class OutboxRow:
    id: int
    key: str
    team_id: str
    user_id: str | None
    kind: str
    channel: str
    payload: dict[str, Any]
    due_at: datetime
    expires_at: datetime | None
    attempts: int
    in_doubt: bool
    status: str
    slack_ts: str | None


class Outbox:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def enqueue(self, messages: Sequence[NewMessage], *, now: datetime) -> int:
        """Insert messages whose key is new; returns how many were added."""
        if not messages:
            return 0
        rows = insert_rows(messages, now)
        added = 0
        with self._engine.begin() as conn:
            for start in range(0, len(rows), 500):
                chunk = insert_ignore(conn, outbox, rows[start : start + 500])
                # rowcount is not reliable for multi-row inserts on every driver; RETURNING is.
                added += len(conn.execute(chunk.returning(outbox.c.id)).all())
        return added

    def claim_due(
        self, *, now: datetime, limit: int, worker: str, lease: timedelta
    ) -> list[OutboxRow]:
        """Claim due rows (and rows whose lease ran out) for this worker."""
        due = or_(
            and_(outbox.c.status == PENDING, outbox.c.next_try_at <= now),
            and_(outbox.c.status == SENDING, outbox.c.lease_until < now),
        )
        query = select(outbox).where(due).order_by(outbox.c.next_try_at).limit(limit)
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list(conn.execute(query).mappings())
            if rows:
                conn.execute(
                    update(outbox)
                    .where(outbox.c.id.in_([r["id"] for r in rows]))
                    .values(
                        status=SENDING,
                        lease_until=now + lease,
                        claimed_by=worker,
                        attempts=outbox.c.attempts + 1,
                    )
                )
        return [_to_row(r, claimed=True) for r in rows]

    def finish(
        self,
        row_id: int,
        *,
        status: str,
        now: datetime,
        error: str | None = None,
        slack_channel: str | None = None,
        slack_ts: str | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status, "finished_at": now, "lease_until": None}
        if error is not None:
            values["last_error"] = error[:255]
        if slack_ts is not None:
            values.update(slack_ts=slack_ts, slack_channel=slack_channel)
        self._set(row_id, values)

    def retry_at(self, row_id: int, *, when: datetime, error: str) -> None:
        self._set(
            row_id,
            {
                "status": PENDING,
                "next_try_at": when,
                "lease_until": None,
                "last_error": error[:255],
            },
        )

    def renew(self, row_id: int, *, worker: str, until: datetime) -> bool:
        """Extend this worker's claim just before it posts. False when the claim ran out and
        another worker took the row over: it is theirs now, and posting it too could send it
        twice."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(outbox)
                .where(
                    outbox.c.id == row_id,
                    outbox.c.status == SENDING,
                    outbox.c.claimed_by == worker,
                )
                .values(lease_until=until)
            )
        return bool(result.rowcount)

    def keep_in_doubt(self, row_id: int, *, until: datetime, error: str) -> None:
        """Try again at `until`, still *in doubt*: Slack may already have the message, so the
        next attempt looks it up in the conversation before posting (a row put back to
        `pending` would be posted blind, and perhaps twice)."""
        self._set(
            row_id,
            {"status": SENDING, "lease_until": until, "last_error": error[:255]},
        )

    def release(self, row_ids: Iterable[int]) -> None:
        """Give claimed rows back untouched (shutdown before they were sent)."""
        ids = list(row_ids)
        if not ids:
            return
        with self._engine.begin() as conn:
            conn.execute(
                update(outbox)
                .where(outbox.c.id.in_(ids), outbox.c.status == SENDING)
                .values(status=PENDING, lease_until=None, attempts=outbox.c.attempts - 1)
            )

    def cancel(self, *, key: str, now: datetime) -> bool:
        with self._engine.begin() as conn:
            result = conn.execute(
                update(outbox)
                .where(outbox.c.dedupe_key == key, outbox.c.status == PENDING)
                .values(status=CANCELLED, finished_at=now)
            )
        return bool(result.rowcount)

    def update_payload(
        self, *, key: str, payload: dict[str, Any], next_try_at: datetime | None = None
    ) -> bool:
        """Replace a row's payload (a job's remaining work); a pending row may also move its
        next try. False when the row is gone."""
        values: dict[str, Any] = {"payload": json.dumps(payload, separators=(",", ":"))}
        with self._engine.begin() as conn:
            result = conn.execute(update(outbox).where(outbox.c.dedupe_key == key).values(**values))
            if next_try_at is not None:
                conn.execute(
                    update(outbox)
                    .where(outbox.c.dedupe_key == key, outbox.c.status == PENDING)
                    .values(next_try_at=next_try_at)
                )
        return bool(result.rowcount)

    def prune(self, *, before: datetime) -> int:
        """Delete finished rows (sent, expired, failed…) that finished before `before`; returns
        how many. Idempotent, so replicas may race."""
        with self._engine.begin() as conn:
            result = conn.execute(
                delete(outbox).where(outbox.c.status.in_(FINAL), outbox.c.finished_at < before)
            )
        return int(result.rowcount or 0)

    def forget_prefix(self, prefix: str) -> int:
        """Delete every row whose key starts with `prefix` (plain key characters only); returns
        how many. For rows whose mere traces must not outlive their purpose."""
        if not prefix or any(c in prefix for c in "%_\\"):
            raise ValueError("forget_prefix takes a plain, non-empty key prefix")
        with self._engine.begin() as conn:
            result = conn.execute(delete(outbox).where(outbox.c.dedupe_key.like(prefix + "%")))
        return int(result.rowcount or 0)

    def depth(self) -> int:
        query = (
            select(func.count()).select_from(outbox).where(outbox.c.status.in_([PENDING, SENDING]))
        )
        with self._engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def by_key(self, key: str) -> OutboxRow | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(outbox).where(outbox.c.dedupe_key == key)).mappings().first()
        return _to_row(row) if row else None

    def pending_for(
        self, *, team_id: str, user_id: str, kind: str, limit: int = 50
    ) -> list[OutboxRow]:
        """A member's pending rows of one kind, soonest first (e.g. reminders they may cancel).
        Uses the (team_id, user_id) index."""
        query = (
            select(outbox)
            .where(
                outbox.c.team_id == team_id,
                outbox.c.user_id == user_id,
                outbox.c.kind == kind,
                outbox.c.status == PENDING,
            )
            .order_by(outbox.c.due_at, outbox.c.id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [_to_row(r) for r in conn.execute(query).mappings()]

    def status_counts(self) -> dict[str, int]:
        query = select(outbox.c.status, func.count()).group_by(outbox.c.status)
        with self._engine.connect() as conn:
            return {status: int(n) for status, n in conn.execute(query)}

    def _set(self, row_id: int, values: dict[str, Any]) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(outbox).where(outbox.c.id == row_id).values(**values))


def _to_row(r: Any, *, claimed: bool = False) -> OutboxRow:
    return OutboxRow(
        id=r["id"],
        key=r["dedupe_key"],
        team_id=r["team_id"],
        user_id=r["user_id"],
        kind=r["kind"],
        channel=r["channel"],
        payload=json.loads(r["payload"]),
        due_at=r["due_at"],
        expires_at=r["expires_at"],
        attempts=r["attempts"] + (1 if claimed else 0),
        in_doubt=r["status"] == SENDING,
        status=r["status"],
        slack_ts=r["slack_ts"],
    )


def insert_rows(messages: Sequence[NewMessage], now: datetime) -> list[dict[str, Any]]:
    """The outbox rows for `messages`, to insert here or in another store's transaction."""
    return [
        {
            "dedupe_key": m.key,
            "team_id": m.team_id,
            "user_id": m.user_id,
            "kind": m.kind,
            "channel": m.channel,
            "payload": json.dumps(m.payload, separators=(",", ":")),
            "due_at": m.due_at,
            "expires_at": m.expires_at,
            "next_try_at": m.due_at,
            "status": PENDING,
            "attempts": 0,
            "created_at": now,
        }
        for m in messages
    ]
