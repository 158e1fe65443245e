"""The dispatcher against the sandbox: real HTTP, real SQLite/PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.delivery import Decision, Dispatcher
from bot.metrics import Metrics
from bot.sandbox import SlackSandbox
from bot.slack_client import create_web_client
from bot.store import Store
from bot.store.outbox import EXPIRED, FAILED, SENT, SKIPPED, NewMessage


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    with SlackSandbox(post_message_per_channel_per_sec=None) as sandbox:
        for i in range(5):
            sandbox.add_user(f"U{i}", name=f"member{i}")
        yield sandbox


def make_dispatcher(
    store: Store, slack: SlackSandbox, clock: ManualClock, **kwargs: object
) -> Dispatcher:
    client = create_web_client(base_url=slack.api_url, token=slack.bot_token, for_delivery=True)
    options: dict[str, object] = {
        "concurrency": 4,
        "workspace_rate": 1000.0,
        "channel_spacing": 0.0,
    }
    options.update(kwargs)
    options.setdefault("worker_id", "test")
    return Dispatcher(
        outbox=store.outbox,
        clients=lambda team: client,
        clock=clock,
        metrics=Metrics(),
        **options,
    )  # type: ignore[arg-type]


def enqueue(
    store: Store,
    clock: ManualClock,
    key: str,
    *,
    user: str = "U1",
    expires_in: timedelta | None = timedelta(minutes=15),
    kind: str = "test",
) -> None:
    now = clock.now()
    store.outbox.enqueue(
        [
            NewMessage(
                key=key,
                team_id="T0SANDBOX",
                kind=kind,
                channel=user,
                payload={"text": f"hello {key}"},
                due_at=now,
                expires_at=now + expires_in if expires_in else None,
                user_id=user,
            )
        ],
        now=now,
    )


def test_sends_due_rows_with_delivery_metadata(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    enqueue(store, clock, "k1")
    report = make_dispatcher(store, slack, clock).tick()
    assert report.sent == 1
    [posted] = slack.messages()
    assert posted["text"] == "hello k1"
    assert posted["metadata"]["event_payload"]["delivery_id"] == "k1"
    row = store.outbox.by_key("k1")
    assert row is not None and row.status == SENT and row.slack_ts == posted["ts"]
    assert make_dispatcher(store, slack, clock).tick().claimed == 0


def test_expired_rows_are_never_sent(store: Store, slack: SlackSandbox, clock: ManualClock) -> None:
    enqueue(store, clock, "late", expires_in=timedelta(minutes=15))
    clock.advance(timedelta(minutes=16))
    report = make_dispatcher(store, slack, clock).tick()
    assert report.expired == 1 and slack.messages() == []
    assert store.outbox.by_key("late").status == EXPIRED  # type: ignore[union-attr]


def test_rate_limit_reschedules_after_retry_after(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    slack.fail_next("chat.postMessage", count=2, status=429, retry_after=1)
    enqueue(store, clock, "k429")
    dispatcher = make_dispatcher(store, slack, clock)
    first = dispatcher.tick()
    assert first.retried == 1 and slack.messages() == []
    clock.advance(timedelta(seconds=2))
    assert dispatcher.tick().sent == 1
    assert len(slack.messages()) == 1


def test_permanent_errors_fail_without_retry(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    enqueue(store, clock, "ghost", user="C_DOES_NOT_EXIST")
    report = make_dispatcher(store, slack, clock).tick()
    assert report.failed == 1
    row = store.outbox.by_key("ghost")
    assert row is not None and row.status == FAILED


def test_server_errors_retry_with_backoff(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    slack.fail_next("chat.postMessage", count=1, status=500)
    enqueue(store, clock, "k500")
    dispatcher = make_dispatcher(store, slack, clock)
    assert dispatcher.tick().retried == 1
    clock.advance(timedelta(seconds=3))
    assert dispatcher.tick().sent == 1
    assert len(slack.messages()) == 1


def test_in_doubt_delivery_is_confirmed_not_resent(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    slack.accept_then_drop("chat.postMessage", count=1)
    enqueue(store, clock, "doubt")
    dispatcher = make_dispatcher(store, slack, clock, lease=timedelta(seconds=60))
    dispatcher.tick()
    assert len(slack.messages()) == 1  # Slack has it, but we never heard back
    clock.advance(timedelta(seconds=61))
    report = dispatcher.tick()
    assert report.confirmed == 1 and report.sent == 0
    assert len(slack.messages()) == 1
    row = store.outbox.by_key("doubt")
    assert row is not None and row.status == SENT and row.slack_ts == slack.messages()[0]["ts"]


def test_in_doubt_delivery_that_never_arrived_is_sent(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    enqueue(store, clock, "lost")
    now = clock.now()
    # A replica claimed the row and died before posting.
    store.outbox.claim_due(now=now, limit=10, worker="dead", lease=timedelta(seconds=60))
    clock.advance(timedelta(seconds=61))
    report = make_dispatcher(store, slack, clock).tick()
    assert report.sent == 1 and len(slack.messages()) == 1


def test_gates_defer_and_skip(store: Store, slack: SlackSandbox, clock: ManualClock) -> None:
    enqueue(store, clock, "skip-me", kind="nudge", user="U1")
    enqueue(store, clock, "defer-me", kind="nudge", user="U2")
    dispatcher = make_dispatcher(store, slack, clock)

    def gate(row, client, now):  # type: ignore[no-untyped-def]
        if row.user_id == "U1":
            return Decision("skip", reason="away")
        return Decision("defer", until=now + timedelta(minutes=5), reason="dnd")

    dispatcher.add_gate("nudge", gate)
    report = dispatcher.tick()
    assert (report.skipped, report.deferred) == (1, 1)
    assert store.outbox.by_key("skip-me").status == SKIPPED  # type: ignore[union-attr]
    dispatcher.add_gate("nudge", lambda row, client, now: Decision("send"))
    clock.advance(timedelta(minutes=5))
    assert dispatcher.tick().sent == 1
    assert [m["text"] for m in slack.messages()] == ["hello defer-me"]


def test_defer_past_expiry_expires(store: Store, slack: SlackSandbox, clock: ManualClock) -> None:
    enqueue(store, clock, "dnd-long", kind="nudge", expires_in=timedelta(minutes=15))
    dispatcher = make_dispatcher(store, slack, clock)
    dispatcher.add_gate(
        "nudge",
        lambda row, client, now: Decision("defer", until=now + timedelta(hours=2), reason="dnd"),
    )
    assert dispatcher.tick().expired == 1
    assert slack.messages() == []


def test_many_rows_are_each_sent_once(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    users = [f"UM{i:03d}" for i in range(120)]
    for user in users:
        slack.add_user(user, name=user.lower())
        enqueue(store, clock, f"bulk-{user}", user=user)
    report = make_dispatcher(store, slack, clock, batch=25).tick()
    assert report.sent == 120
    delivered = [m["metadata"]["event_payload"]["delivery_id"] for m in slack.messages()]
    assert sorted(delivered) == sorted(f"bulk-{u}" for u in users)


def test_a_row_taken_over_after_its_lease_is_not_posted_twice(
    store: Store, slack: SlackSandbox, clock: ManualClock
) -> None:
    """Replica A is slow (its batch outlasts the lease); replica B takes the rows over and
    sends them; A must not post them again when it finally gets there."""
    for user in ("U1", "U2", "U3"):
        enqueue(
            store, clock, f"slow-{user}", user=user, kind="nudge", expires_in=timedelta(hours=1)
        )
    lease = timedelta(seconds=60)
    a = make_dispatcher(store, slack, clock, worker_id="replica-a", lease=lease, concurrency=1)
    b = make_dispatcher(store, slack, clock, worker_id="replica-b", lease=lease)
    taken: list[int] = []

    def slow_gate(row, client, now):  # type: ignore[no-untyped-def]
        if not taken:  # while A handles its first row, its claim runs out and B steps in
            clock.advance(lease + timedelta(seconds=1))
            taken.append(b.tick().sent)
        return Decision("send")

    a.add_gate("nudge", slow_gate)
    report = a.tick()
    assert taken == [3] and report.taken_over == 3 and report.sent == 0
    delivered = [m["metadata"]["event_payload"]["delivery_id"] for m in slack.messages()]
    assert sorted(delivered) == ["slow-U1", "slow-U2", "slow-U3"]
