"""One contract for the store, run on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.store import Store
from bot.store.db import current_revision, head_revision, migrate
from bot.store.outbox import CANCELLED, SENDING, SENT, NewMessage
from bot.store.tables import metadata

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def message(key: str, *, due: datetime = NOW, expires: datetime | None = None) -> NewMessage:
    return NewMessage(
        key=key,
        team_id="T1",
        kind="test",
        channel="U1",
        payload={"text": key},
        due_at=due,
        expires_at=expires,
        user_id="U1",
    )


def test_migrations_reach_head_and_match_the_tables(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
    migrate(store.engine)  # idempotent
    assert set(inspect(store.engine).get_table_names()) >= set(metadata.tables)


def test_member_defaults_and_updates(store: Store) -> None:
    assert store.members.get(team_id="T1", user_id="U1") is None
    created = store.members.update(team_id="T1", user_id="U1", now=NOW)
    assert created.quiet_notices is True and created.level is None
    updated = store.members.update(
        team_id="T1",
        user_id="U1",
        now=NOW,
        level="mid",
        tz="America/Chicago",
        away_until=date(2026, 12, 2),
    )
    assert (updated.level, updated.tz, updated.away_until) == (
        "mid",
        "America/Chicago",
        date(2026, 12, 2),
    )
    assert store.members.get(team_id="T2", user_id="U1") is None  # keyed by workspace
    with pytest.raises(TypeError):
        store.members.update(team_id="T1", user_id="U1", now=NOW, nonsense=1)
    store.members.delete(team_id="T1", user_id="U1")
    assert store.members.get(team_id="T1", user_id="U1") is None


def test_events_are_seen_once(store: Store) -> None:
    assert store.events.first_seen(event_id="Ev1", team_id="T1", now=NOW)
    assert not store.events.first_seen(event_id="Ev1", team_id="T1", now=NOW)
    assert store.events.prune(before=NOW + timedelta(seconds=1)) == 1
    assert store.events.first_seen(event_id="Ev1", team_id="T1", now=NOW)


def test_outbox_keys_are_unique(store: Store) -> None:
    assert store.outbox.enqueue([message("a"), message("b")], now=NOW) == 2
    assert store.outbox.enqueue([message("a"), message("c")], now=NOW) == 1
    assert store.outbox.depth() == 3


def test_outbox_forgets_rows_by_key_prefix_only(store: Store) -> None:
    keys = ["pulse-remind-dm:7:U1", "pulse-remind-dm:7:U2", "pulse-remind-dm:70:U1", "x:7:U1"]
    store.outbox.enqueue([message(k) for k in keys], now=NOW)
    assert store.outbox.forget_prefix("pulse-remind-dm:7:") == 2
    assert [k for k in keys if store.outbox.by_key(k)] == ["pulse-remind-dm:70:U1", "x:7:U1"]
    with pytest.raises(ValueError):
        store.outbox.forget_prefix("pulse_%")


def test_claim_only_due_rows_then_lease_expiry_makes_them_in_doubt(store: Store) -> None:
    store.outbox.enqueue([message("now"), message("later", due=NOW + timedelta(hours=1))], now=NOW)
    lease = timedelta(seconds=60)
    claimed = store.outbox.claim_due(now=NOW, limit=10, worker="w1", lease=lease)
    assert [r.key for r in claimed] == ["now"]
    assert claimed[0].attempts == 1 and not claimed[0].in_doubt
    assert store.outbox.claim_due(now=NOW, limit=10, worker="w2", lease=lease) == []
    again = store.outbox.claim_due(
        now=NOW + timedelta(seconds=61), limit=10, worker="w2", lease=lease
    )
    assert [(r.key, r.in_doubt, r.attempts) for r in again] == [("now", True, 2)]


def test_finish_release_retry_cancel(store: Store) -> None:
    store.outbox.enqueue([message("a"), message("b"), message("c")], now=NOW)
    rows = store.outbox.claim_due(now=NOW, limit=10, worker="w", lease=timedelta(seconds=60))
    by_key = {r.key: r for r in rows}
    store.outbox.finish(by_key["a"].id, status=SENT, now=NOW, slack_channel="D1", slack_ts="1.2")
    store.outbox.release([by_key["b"].id])
    store.outbox.retry_at(by_key["c"].id, when=NOW + timedelta(minutes=5), error="boom")
    a, b, c = (store.outbox.by_key(k) for k in "abc")
    assert a is not None and (a.status, a.slack_ts) == (SENT, "1.2")
    assert b is not None and (b.status, b.attempts) == ("pending", 0)
    assert c is not None and c.status == "pending"
    assert [
        r.key
        for r in store.outbox.claim_due(now=NOW, limit=10, worker="w", lease=timedelta(seconds=60))
    ] == ["b"]
    assert store.outbox.cancel(key="c", now=NOW)
    assert store.outbox.by_key("c").status == CANCELLED  # type: ignore[union-attr]
    assert store.outbox.status_counts() == {SENT: 1, SENDING: 1, CANCELLED: 1}


def test_concurrent_claims_never_share_a_row(store: Store) -> None:
    store.outbox.enqueue([message(f"m{i}") for i in range(300)], now=NOW)
    seen: list[str] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while rows := store.outbox.claim_due(
            now=NOW, limit=7, worker=name, lease=timedelta(minutes=5)
        ):
            with lock:
                seen.extend(r.key for r in rows)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted(f"m{i}" for i in range(300))


def test_tip_history(store: Store) -> None:
    store.tips.record(team_id="T1", user_id="U1", tip_id="t1", now=NOW)
    store.tips.record(team_id="T1", user_id="U1", tip_id="t1", now=NOW)
    store.tips.record(team_id="T1", user_id="U1", tip_id="t2", now=NOW)
    assert store.tips.seen(team_id="T1", user_id="U1") == {"t1", "t2"}
    store.tips.forget(team_id="T1", user_id="U1", tip_ids=["t1"])
    assert store.tips.seen(team_id="T1", user_id="U1") == {"t2"}


def test_naive_datetimes_are_refused(store: Store) -> None:
    naive = datetime(2026, 11, 30, 15, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(Exception, match="naive"):
        store.events.first_seen(event_id="Ev9", team_id="T1", now=naive)


def test_workspace_settings(store: Store) -> None:
    assert store.workspaces.get("T1").closed_days == frozenset()
    saved = store.workspaces.update(
        "T1",
        now=NOW,
        closed_days={date(2026, 12, 24)},
        urgent_route="call ext. 200",
        managers=["U2", "U1"],
    )
    assert saved.closed_days == {date(2026, 12, 24)}
    assert (saved.urgent_route, saved.managers) == ("call ext. 200", ("U1", "U2"))
    assert store.workspaces.get("T2").urgent_route is None


def test_outbox_pending_for_a_member_and_kind(store: Store) -> None:
    def row(
        key: str, *, user: str = "U1", kind: str = "reminder", team: str = "T1", due: datetime = NOW
    ) -> NewMessage:
        return NewMessage(
            key=key,
            team_id=team,
            kind=kind,
            channel=user,
            payload={"text": key},
            due_at=due,
            user_id=user,
        )

    soon, later = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    store.outbox.enqueue(
        [
            row("late", due=later),
            row("soon", due=soon),
            row("other-kind", kind="nudge", due=soon),
            row("other-user", user="U2", due=soon),
            row("other-team", team="T2", due=soon),
            row("cancelled", due=soon),
            row("sent"),
        ],
        now=NOW,
    )
    assert store.outbox.cancel(key="cancelled", now=NOW)
    [sent] = [
        r
        for r in store.outbox.claim_due(now=NOW, limit=10, worker="w", lease=timedelta(minutes=1))
        if r.key == "sent"
    ]
    store.outbox.finish(sent.id, status=SENT, now=NOW)
    found = store.outbox.pending_for(team_id="T1", user_id="U1", kind="reminder")
    assert [(r.key, r.due_at, r.status) for r in found] == [
        ("soon", soon, "pending"),
        ("late", later, "pending"),
    ]
    assert found[0].payload == {"text": "soon"}
    assert [
        r.key
        for r in store.outbox.pending_for(team_id="T1", user_id="U1", kind="reminder", limit=1)
    ] == ["soon"]
    assert store.outbox.pending_for(team_id="T1", user_id="U3", kind="reminder") == []


def test_renew_keeps_a_claim_only_for_its_owner(store: Store) -> None:
    store.outbox.enqueue([message("r")], now=NOW)
    lease = timedelta(seconds=60)
    [row] = store.outbox.claim_due(now=NOW, limit=1, worker="a", lease=lease)
    assert store.outbox.renew(row.id, worker="a", until=NOW + 2 * lease)
    assert not store.outbox.renew(row.id, worker="b", until=NOW + 2 * lease)
    later = NOW + 2 * lease + timedelta(seconds=1)
    assert store.outbox.claim_due(now=later, limit=1, worker="b", lease=lease)
    assert not store.outbox.renew(row.id, worker="a", until=later + lease)
