"""Three real `balance-bot run --mode http` processes share one PostgreSQL database; one is
killed with SIGKILL mid-delivery; every one of 2,400 messages still reaches Slack exactly once."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.sandbox import SlackSandbox
from bot.store import Store, create_store
from bot.store.outbox import SENT, NewMessage
from tests.e2e.conftest import BALANCE_BOT, BotProcess, bot_env, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

MESSAGES = 2400
REPLICAS = 3
LEASE_SECONDS = 5


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    # Each message goes to its own member's DM, as break nudges do; a little latency keeps
    # sends in flight when the replica is killed.
    with SlackSandbox(post_message_per_channel_per_sec=None, latency=0.01) as sandbox:
        for i in range(MESSAGES):
            sandbox.add_user(f"U{i:05d}", name=f"member{i}")
        yield sandbox


def replica_env(slack: SlackSandbox, tmp_path: Path, database_url: str) -> dict[str, str]:
    env = bot_env(
        slack,
        tmp_path,
        BALANCE_LEASE_SECONDS=str(LEASE_SECONDS),
        BALANCE_WORKSPACE_RATE_PER_SECOND="100000",
        BALANCE_DISPATCH_CONCURRENCY="8",
        BALANCE_AUTO_MIGRATE="false",
    )
    env["DATABASE_URL"] = database_url
    return env


def plan(store: Store) -> int:
    """Plan every message from three threads at once, as three replicas' planners would."""
    now = datetime.now(UTC)
    messages = [
        NewMessage(
            key=f"scale:{i}",
            team_id="T0SANDBOX",
            kind="scale",
            channel=f"U{i:05d}",
            payload={"text": f"message {i}"},
            due_at=now,
            user_id=f"U{i:05d}",
        )
        for i in range(MESSAGES)
    ]
    added: list[int] = []
    threads = [
        threading.Thread(target=lambda: added.append(store.outbox.enqueue(messages, now=now)))
        for _ in range(REPLICAS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(added)


def in_flight(store: Store) -> dict[str, int]:
    """Rows each worker holds claimed right now (worker id = host:pid)."""
    query = text(
        "SELECT claimed_by, count(*) FROM outbox WHERE status = 'sending' GROUP BY claimed_by"
    )
    with store.engine.connect() as conn:
        return {str(worker): int(n) for worker, n in conn.execute(query)}


def wait_until_done(store: Store, timeout: float) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = store.outbox.status_counts()
        if not counts.get("pending") and not counts.get("sending"):
            return counts
        time.sleep(0.2)
    raise AssertionError(f"deliveries did not finish: {store.outbox.status_counts()}")


def test_three_replicas_deliver_each_message_once_despite_a_sigkill(
    slack: SlackSandbox, tmp_path: Path, postgres_schema: str
) -> None:
    env = replica_env(slack, tmp_path, postgres_schema)
    upgrade = subprocess.run(
        [BALANCE_BOT, "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert upgrade.returncode == 0, upgrade.stderr
    # One token per replica (same workspace), so Slack's records show who sent what.
    tokens = [f"xoxb-replica-{n}" for n in range(REPLICAS)]
    for token in tokens:
        slack.add_bot_token(token, slack.team_id)
    replicas = [
        BotProcess(
            ["run", "--mode", "http", "--port", str(port)],
            {**env, "SLACK_BOT_TOKEN": token},
            tmp_path,
            port,
        )
        for token, port in zip(tokens, (free_port() for _ in tokens), strict=True)
    ]
    store = create_store(postgres_schema)
    try:
        for replica in replicas:
            assert replica.wait_healthy(timeout=45)["database"] == "ok"

        assert plan(store) == MESSAGES  # three planners, each key once

        slack.wait_for(lambda: len(slack.calls("chat.postMessage")) >= MESSAGES // 4, timeout=30)
        holding = slack.wait_for(lambda: in_flight(store), timeout=10)
        victim = max(replicas, key=lambda r: holding.get(_worker(r), 0))
        victim.stop(signal.SIGKILL)
        orphaned = in_flight(store).get(_worker(victim), 0)
        assert orphaned > 0, "the killed replica held no claimed rows"

        counts = wait_until_done(store, timeout=60)
        assert counts == {SENT: MESSAGES}
        survivors = [r for r in replicas if r is not victim]
        for replica in survivors:
            assert replica.proc.poll() is None, replica.output()

        # Exactly once: every delivery id is in Slack once, and the outbox row records it.
        posted = Counter(
            m["metadata"]["event_payload"]["delivery_id"]
            for m in slack.messages()
            if (m.get("metadata") or {}).get("event_type") == "balance_delivery"
        )
        assert len(posted) == MESSAGES and set(posted.values()) == {1}
        ts_by_key = {
            m["metadata"]["event_payload"]["delivery_id"]: m["ts"]
            for m in slack.messages()
            if m.get("metadata")
        }
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT dedupe_key, slack_ts, attempts FROM outbox")).all()
        assert {key: ts for key, ts, _ in rows} == ts_by_key
        # The orphaned rows were taken over after their lease, each checked in Slack first.
        assert sum(1 for *_, attempts in rows if attempts > 1) >= orphaned
        assert len(slack.calls("conversations.history")) >= orphaned
        # Every replica did its share of the work.
        by_token = Counter(call.token for call in slack.calls("chat.postMessage"))
        assert set(by_token) == set(tokens)
        # A post the killed replica had on the wire may reach Slack and die there unanswered
        # (no message); its row is then taken over and posted once. So there can be one more
        # call per orphaned row, never one more message (checked above).
        assert MESSAGES <= sum(by_token.values()) <= MESSAGES + orphaned

        for replica in survivors:
            assert replica.stop(signal.SIGTERM) == 0
            log = replica.output()
            assert "Traceback" not in log and slack.bot_token not in log
    finally:
        for replica in replicas:
            if replica.proc.poll() is None:
                replica.proc.kill()
                replica.proc.wait()
        store.close()


def _worker(replica: BotProcess) -> str:
    """The worker id a replica claims rows under (`host:pid`, see bot/runtime.py)."""
    return f"{socket.gethostname()}:{replica.proc.pid}"
