"""Load: N concurrent senders of mixed slash commands, button clicks and events (with Events API
retries) against the real `balance-bot run --mode http` process on SQLite. The scheduler ticks
and delivers queued messages at the same time.

Three kinds of process share the machine: the bot, the Slack sandbox (in this process), and
sender workers (separate processes, 10 senders each). The senders would otherwise fight the
sandbox for this process's GIL and slow down the bot's own Slack calls.

Prints requests, errors, throughput, the ack latency seen by the senders (p50/p99/max) and by
the bot itself (from /metrics), and greps the bot's log for "database is locked" and tracebacks.

    python benchmarks/load.py [--senders 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bot.sandbox import SlackSandbox, SlackSender, payloads

BALANCE_BOT = str(Path(sys.executable).parent / "balance-bot")
TEAM = "T0SANDBOX"
SENDERS_PER_WORKER = 10
COLLEAGUES = [f"U0LC{i:02d}" for i in range(10)]  # on leave: mentioning them gives a notice
COMMANDS = [
    "help",
    "status",
    "tip",
    "tip senior boundaries",
    "faq",
    "faq breaks",
    "level mid",
    "level senior",
    "breaks every 90m",
    "breaks lunch 12:30 30m",
    "quiet on",
    "lang en",
    "shift mon-fri 08:00-17:00",
    "shift sat 09:00-13:00",
    "tz America/Chicago",
    "nonsense words",
]
CLICKS = [
    "balance.run.status",
    "balance.run.tip",
    "balance.run.faq",
    "tips.another",
    "breaks.took_it",
    "breaks.snooze.10",
    "breaks.skip",
]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, seconds: float, status: int | str) -> None:
        self.latencies.append(seconds)
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if status != 200:
            self.errors.append(f"{kind}: {status}")

    def merge(self, other: Result) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        for kind, count in other.kinds.items():
            self.kinds[kind] = self.kinds.get(kind, 0) + count


@dataclass
class Report:
    senders: int
    seconds: float
    requests: int
    errors: list[str]
    kinds: dict[str, int]
    p50_ms: float
    p99_ms: float
    max_ms: float
    server_p99_ms: dict[str, str]
    locked: int
    tracebacks: int
    delivered: int

    def lines(self) -> list[str]:
        rps = self.requests / self.seconds if self.seconds else 0.0
        return [
            f"senders {self.senders}, {self.seconds:.0f} s, real `balance-bot run --mode http`, "
            "SQLite",
            f"requests {self.requests} ({rps:.0f}/s): "
            + ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items())),
            f"errors {len(self.errors)}" + (f" e.g. {self.errors[:3]}" if self.errors else ""),
            f"ack as the senders saw it: p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"max {self.max_ms:.1f} ms",
            "ack inside the bot (balance_ack_seconds, p99 bucket): "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.server_p99_ms.items())),
            f'"database is locked" in the bot log: {self.locked}; tracebacks: {self.tracebacks}',
            f"messages delivered by the scheduler meanwhile: {self.delivered}",
        ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_p99(metrics_text: str) -> dict[str, str]:
    """p99 per request kind from the bot's ack-latency histogram (an upper bucket bound)."""
    buckets: dict[str, list[tuple[float, float]]] = {}
    for line in metrics_text.splitlines():
        if not line.startswith("balance_ack_seconds_bucket{"):
            continue
        labels, value = line.rsplit(" ", 1)
        parts = dict(p.split("=", 1) for p in labels[labels.index("{") + 1 : -1].split(","))
        kind, le = parts["kind"].strip('"'), parts["le"].strip('"')
        buckets.setdefault(kind, []).append(
            (float("inf") if le == "+Inf" else float(le), float(value))
        )
    out: dict[str, str] = {}
    for kind, rows in buckets.items():
        rows.sort()
        total = rows[-1][1]
        bound = next(le for le, count in rows if count >= 0.99 * total)
        out[kind] = "≤ " + ("∞" if bound == float("inf") else f"{bound * 1000:g} ms")
    return out


# -- the sender workers (separate processes) ----------------------------------------------------


class WorkerSender(SlackSender):
    """Signs like Slack, without a sandbox object in this process: trigger ids are made by hand
    (the sandbox accepts those) and response_urls point at the sandbox under ids it never
    issued (it answers 404 no_service, as Slack does for an unknown URL)."""

    def __init__(self, url: str, secret: str, sandbox_base: str) -> None:
        super().__init__(url, secret, timeout=10)
        self.sandbox_base = sandbox_base

    def _trigger(self) -> str:
        return payloads.trigger_id()

    def _response_url(self, channel: str | None = None, ts: str | None = None) -> str:
        return f"{self.sandbox_base}/respond/{random.getrandbits(48):012x}"


def event_for(rng: random.Random, user: str, n: int) -> dict[str, Any]:
    roll = rng.random()
    ts = f"{time.time():.6f}"
    if roll < 0.5:
        colleague = rng.choice(COLLEAGUES)
        return {
            "type": "message",
            "channel": "C0FRONTDESK",
            "user": user,
            "ts": ts,
            "text": f"<@{colleague}> could you call the lab back? ({n})",
            "channel_type": "channel",
        }
    if roll < 0.75:
        return {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D" + user}
    if roll < 0.9:
        return {
            "type": "app_mention",
            "channel": "C0FRONTDESK",
            "user": user,
            "ts": ts,
            "text": "<@U0BALANCE> hello",
        }
    return {
        "type": "user_change",
        "user": {"id": user, "team_id": TEAM, "tz": "America/Chicago", "locale": "en-US"},
    }


def sender_loop(
    index: int, user: str, config: dict[str, Any], stop: threading.Event, mine: Result
) -> None:
    rng = random.Random(index)
    today = datetime.now(UTC).date().isoformat()
    nudge = f"nudge:{TEAM}:{user}:{today}:break-0800-{index % 4}"
    with WorkerSender(config["url"], config["secret"], config["sandbox_base"]) as sender:
        n = 0
        while not stop.is_set():
            n += 1
            roll = rng.random()
            started = time.perf_counter()
            try:
                if roll < 0.4:
                    kind = "command"
                    reply = sender.command(user, rng.choice(COMMANDS))
                elif roll < 0.7:
                    kind = "click"
                    action = rng.choice(CLICKS)
                    value = nudge if action.startswith("breaks.") else action.rsplit(".", 1)[-1]
                    reply = sender.block_action(user, action, value, channel_id="C0FRONTDESK")
                else:
                    kind = "event"
                    event_id = f"Ev{index:03d}x{n}"
                    event = event_for(rng, user, n)
                    reply = sender.event(event, event_id=event_id)
                    if rng.random() < 0.2:  # Slack retries some: handled once
                        mine.add(kind, time.perf_counter() - started, reply.status)
                        started = time.perf_counter()
                        reply = sender.event(event, event_id=event_id, retry_num=1)
                status: int | str = reply.status
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            mine.add(kind, time.perf_counter() - started, status)


def worker(config: dict[str, Any]) -> None:
    """Run this worker's senders until the deadline; print the result as JSON."""
    results = [Result() for _ in config["users"]]
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=sender_loop, args=(config["first"] + i, user, config, stop, results[i])
        )
        for i, user in enumerate(config["users"])
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, config["until"] - time.time()))
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    total = Result()
    for result in results:
        total.merge(result)
    print(json.dumps(asdict(total)))


# -- the run ------------------------------------------------------------------------------------


def run_load(*, senders: int = 50, seconds: float = 60.0, workdir: Path | None = None) -> Report:
    """Start the sandbox and the real bot, load it, stop it; return what happened."""
    with (
        SlackSandbox(post_message_per_channel_per_sec=None) as slack,
        tempfile.TemporaryDirectory() as tmp,
    ):
        where = workdir or Path(tmp)
        users = [f"U0L{i:03d}" for i in range(senders)]
        for user in [*users, *COLLEAGUES]:
            slack.add_user(user, name=user.lower(), tz="America/Chicago")
        slack.add_channel("C0FRONTDESK", "front-desk", members=[*users, *COLLEAGUES])
        port = free_port()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SLACK_", "BALANCE_")) and k not in ("DATABASE_URL", "PORT")
        }
        env.update(
            SLACK_BOT_TOKEN=slack.bot_token,
            SLACK_SIGNING_SECRET=slack.signing_secret,
            SLACK_API_URL=slack.api_url,
            DATABASE_URL=f"sqlite:///{where}/load.db",
            BALANCE_HOST="127.0.0.1",
            BALANCE_DISPATCH_INTERVAL_SECONDS="1",
            BALANCE_LOG_LEVEL="INFO",
        )
        log_path = where / f"bot-{port}.log"
        with log_path.open("wb") as log:
            bot = subprocess.Popen(
                [BALANCE_BOT, "run", "--mode", "http", "--port", str(port)],
                env=env,
                cwd=where,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_healthy(base, bot)
                url = f"{base}/slack/events"
                prepare(url, slack, users)
                queue_deliveries(f"sqlite:///{where}/load.db", users, seconds)
                result, took = run_workers(url, slack, users, seconds)
                metrics = httpx.get(f"{base}/metrics", timeout=10).text
                alive = bot.poll() is None
            finally:
                if bot.poll() is None:
                    bot.send_signal(signal.SIGTERM)
                    try:
                        bot.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        bot.kill()
        output = log_path.read_text(errors="replace")
        errors = list(result.errors)
        if not alive:
            errors.append("the bot process died")
        return Report(
            senders=senders,
            seconds=took,
            requests=len(result.latencies),
            errors=errors,
            kinds=result.kinds,
            p50_ms=percentile(result.latencies, 0.50) * 1000,
            p99_ms=percentile(result.latencies, 0.99) * 1000,
            max_ms=max(result.latencies, default=0.0) * 1000,
            server_p99_ms=server_p99(metrics),
            locked=output.count("database is locked"),
            tracebacks=output.count("Traceback"),
            delivered=len(slack.messages()),
        )


def run_workers(
    url: str, slack: SlackSandbox, users: list[str], seconds: float
) -> tuple[Result, float]:
    started = time.time()
    until = started + 1.0 + seconds  # a second for the workers to start
    procs = []
    for first in range(0, len(users), SENDERS_PER_WORKER):
        config = {
            "url": url,
            "secret": slack.signing_secret,
            "sandbox_base": slack.base_url,
            "users": users[first : first + SENDERS_PER_WORKER],
            "first": first,
            "until": until,
        }
        procs.append(
            subprocess.Popen(
                [sys.executable, __file__, "--worker", json.dumps(config)],
                stdout=subprocess.PIPE,
                text=True,
                cwd=Path(__file__).resolve().parents[1],
            )
        )
    total = Result()
    for proc in procs:
        out, _ = proc.communicate(timeout=seconds + 120)
        if proc.returncode != 0:
            total.errors.append(f"a sender worker exited with {proc.returncode}")
            continue
        total.merge(Result(**json.loads(out.strip().splitlines()[-1])))
    return total, time.time() - started - 1.0


def wait_healthy(base: str, bot: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bot.poll() is not None:
            raise RuntimeError("balance-bot exited during start-up")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("balance-bot never became healthy")


def prepare(url: str, slack: SlackSandbox, users: list[str]) -> None:
    """Members with shifts (the planner has work), and colleagues off on leave."""
    until = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    with SlackSender(url, slack.signing_secret, sandbox=slack, timeout=10) as sender:
        for user in users:
            sender.command(user, "shift mon-sun 00:00-23:59")
        for colleague in COLLEAGUES:
            sender.command(colleague, "shift mon-fri 08:00-17:00")
            sender.command(colleague, f"away until {until}")


def queue_deliveries(database_url: str, users: list[str], seconds: float) -> None:
    """Five messages per member, due across the run: the dispatcher writes while we load."""
    from bot.store import create_store
    from bot.store.outbox import NewMessage

    store = create_store(database_url)
    now = datetime.now(UTC)
    try:
        store.outbox.enqueue(
            [
                NewMessage(
                    key=f"load:{user}:{n}",
                    team_id=TEAM,
                    kind="load",
                    channel=user,
                    payload={"text": "load test message"},
                    user_id=user,
                    due_at=now + timedelta(seconds=seconds * n / 5),
                    expires_at=now + timedelta(minutes=30),
                )
                for user in users
                for n in range(5)
            ],
            now=now,
        )
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--senders", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(json.loads(args.worker))
        return
    report = run_load(senders=args.senders, seconds=args.seconds)
    print("\n".join(report.lines()))
    sys.exit(1 if report.errors or report.locked else 0)


if __name__ == "__main__":
    main()
