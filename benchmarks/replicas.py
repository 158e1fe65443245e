"""Delivery rate of 1 vs 3 `balance-bot run --mode http` replicas sharing one PostgreSQL database.

The sandbox's Web API answers every call after 50 ms (`SlackSandbox(latency=0.05)`), like a
far-away Slack. Each round starts the replicas, plans N due messages (one per member DM), and
times the first to the last `chat.postMessage` as Slack recorded them. Prints the rates, the
ratio and the duplicates (delivery ids seen more than once in Slack) from one run.

    python benchmarks/replicas.py [--messages 3000] [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.sandbox import SlackSandbox
from bot.store import create_store
from bot.store.db import migrate
from bot.store.outbox import NewMessage

BALANCE_BOT = str(Path(sys.executable).parent / "balance-bot")
DEFAULT_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_replica(env: dict[str, str], token: str, workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = (workdir / f"replica-{port}.log").open("wb")
    proc = subprocess.Popen(
        [BALANCE_BOT, "run", "--mode", "http", "--port", str(port)],
        env={**env, "SLACK_BOT_TOKEN": token},
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return proc, f"http://127.0.0.1:{port}/healthz"


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"a replica exited early (code {proc.returncode})")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("a replica never became healthy")


def schema_url(base: str, schema: str) -> str:
    return (
        make_url(base)
        .set(query={"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def one_round(replicas: int, messages: int, base_url: str, workdir: Path) -> dict[str, float]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = schema_url(base_url, schema)
    store = create_store(url)
    migrate(store.engine)
    procs: list[subprocess.Popen] = []
    try:
        with SlackSandbox(latency=0.05, post_message_per_channel_per_sec=None) as slack:
            for i in range(messages):
                slack.add_user(f"U{i:05d}", name=f"member{i}")
            tokens = [f"xoxb-bench-{n}" for n in range(replicas)]
            for token in tokens:
                slack.add_bot_token(token, slack.team_id)
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("SLACK_", "BALANCE_", "DATABASE_URL", "PORT"))
            }
            env.update(
                SLACK_SIGNING_SECRET=slack.signing_secret,
                SLACK_API_URL=slack.api_url,
                DATABASE_URL=url,
                BALANCE_HOST="127.0.0.1",
                BALANCE_AUTO_MIGRATE="false",
                BALANCE_DISPATCH_INTERVAL_SECONDS="0.5",
                # Slack's latency is what limits a replica here, not our own pacing.
                BALANCE_WORKSPACE_RATE_PER_SECOND="100000",
            )
            started = [start_replica(env, token, workdir) for token in tokens]
            procs = [proc for proc, _ in started]
            for proc, health in started:
                wait_healthy(health, proc)
            now = datetime.now(UTC)
            store.outbox.enqueue(
                [
                    NewMessage(
                        key=f"bench:{i}",
                        team_id=slack.team_id,
                        kind="bench",
                        channel=f"U{i:05d}",
                        payload={"text": f"message {i}"},
                        due_at=now,
                    )
                    for i in range(messages)
                ],
                now=now,
            )
            slack.wait_for("chat.postMessage", count=messages, timeout=600)
            posts = slack.calls("chat.postMessage")
            seconds = max(c.time for c in posts) - min(c.time for c in posts)
            ids = Counter(
                m["metadata"]["event_payload"]["delivery_id"]
                for m in slack.messages()
                if m.get("metadata")
            )
            by_replica = Counter(c.token for c in posts)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
        store.close()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return {
        "replicas": replicas,
        "messages": len(ids),
        "seconds": seconds,
        "rate": messages / seconds,
        "duplicates": sum(n - 1 for n in ids.values()),
        "busiest_share": max(by_replica.values()) / messages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [one_round(n, args.messages, args.database_url, Path(tmp)) for n in (1, 3)]
    print(
        f"{args.messages} messages, Web API latency 50 ms, PostgreSQL, "
        "BALANCE_DISPATCH_CONCURRENCY=8 (default)"
    )
    print("| replicas | delivered | seconds | messages/s | duplicates | busiest replica's share |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['replicas']} | {r['messages']} | {r['seconds']:.2f} | {r['rate']:.1f} | "
            f"{r['duplicates']} | {r['busiest_share']:.0%} |"
        )
    one, three = results
    print(f"| **ratio 3 : 1** | | | **{three['rate'] / one['rate']:.2f}×** | | |")


if __name__ == "__main__":
    main()
