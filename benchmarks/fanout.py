"""Fan-out: 10,000 members with a break nudge due in the same minute.

1. Capped: the sandbox allows a workspace-wide rate C of chat.postMessage (429 beyond it) and no
   per-channel limit (every nudge goes to its own DM). The rows are in the outbox before they
   are due, as the planner leaves them; our dispatcher paces itself a bit under C. Prints the
   delivered rate against C (sustained: the middle 80% of posts; overall: from the due time to
   the last post), duplicates, missed messages, 429s and lateness (post time minus due time).
2. Uncapped: the same messages through our dispatcher vs a bare slack_sdk loop posting them with
   the same number of threads, in alternating rounds; prints messages per second and the ratio.

Everything runs on loopback against the sandbox, with the outbox on SQLite.

    python benchmarks/fanout.py [--members 10000] [--rate 200] [--threads 8] [--pace 0.98]
        [--rounds 4]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.clock import SystemClock
from bot.delivery import Dispatcher
from bot.delivery.confirm import DELIVERY_EVENT
from bot.features.breaks import views
from bot.features.breaks.service import NudgeRef
from bot.metrics import Metrics
from bot.sandbox import SlackSandbox
from bot.slack_client import create_web_client
from bot.store import Store, create_store
from bot.store.db import migrate
from bot.store.outbox import NewMessage
from content import builtin_catalog

TEAM = "T0SANDBOX"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def users(n: int) -> list[str]:
    return [f"U{i:07d}" for i in range(n)]


def nudges(members: list[str], due: datetime) -> list[NewMessage]:
    """One break nudge per member, all due at `due`, rendered as the planner renders them."""
    catalog = builtin_catalog()
    out = []
    for user in members:
        ref = NudgeRef(TEAM, user, date(2026, 11, 30), "break-0800-2")
        payload = views.nudge_message(catalog, "en", ref, lunch_minutes=30)
        out.append(
            NewMessage(
                key=ref.key,
                team_id=TEAM,
                kind="nudge",
                channel=user,
                payload=payload,
                due_at=due,
                expires_at=due + timedelta(minutes=15),
                user_id=user,
            )
        )
    return out


def sandbox(members: list[str], rate: float | None) -> SlackSandbox:
    slack = SlackSandbox(workspace_post_rate=rate, post_message_per_channel_per_sec=None)
    slack.start()
    for user in members:
        slack.add_user(user, name=user.lower())
    return slack


def outbox_store(folder: Path, name: str) -> Store:
    store = create_store(f"sqlite:///{folder / name}")
    migrate(store.engine)
    return store


def dispatcher(store: Store, slack: SlackSandbox, *, rate: float, threads: int) -> Dispatcher:
    client = create_web_client(base_url=slack.api_url, token=slack.bot_token, for_delivery=True)
    return Dispatcher(
        outbox=store.outbox,
        clients=lambda _team: client,
        clock=SystemClock(),
        metrics=Metrics(),
        worker_id="bench",
        concurrency=threads,
        workspace_rate=rate,
        channel_spacing=0,
    )


def delivered(slack: SlackSandbox) -> tuple[list[float], Counter[str]]:
    """Arrival times (monotonic) of accepted posts, and how often each delivery id arrived."""
    times: list[float] = []
    ids: Counter[str] = Counter()
    for call in slack.calls("chat.postMessage"):
        if call.status != 200 or not (call.response or {}).get("ok"):
            continue
        metadata = call.params.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        ids[str((metadata or {}).get("event_payload", {}).get("delivery_id"))] += 1
        times.append(call.time)
    return times, ids


def drain(d: Dispatcher, store: Store, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while store.outbox.depth() and time.monotonic() < deadline:
        d.tick()
        if store.outbox.depth():
            time.sleep(0.2)  # rows retried after a 429 wait for their next try


def capped(folder: Path, n: int, cap: float, threads: int, pace: float) -> dict[str, Any]:
    members = users(n)
    slack = sandbox(members, cap)
    store = outbox_store(folder, "capped.db")
    ours = cap * pace
    d = dispatcher(store, slack, rate=ours, threads=threads)
    try:
        # Planned ahead, as the planner does: every row is in the outbox before it is due.
        rendered = nudges(members, datetime.now(UTC))
        due_wall = datetime.now(UTC) + timedelta(seconds=5)
        store.outbox.enqueue([replace(m, due_at=due_wall) for m in rendered], now=due_wall)
        time.sleep(max(0.0, (due_wall - datetime.now(UTC)).total_seconds()))
        due_mono = time.monotonic()
        drain(d, store, timeout=n / ours * 3 + 30)
        times, ids = delivered(slack)
        statuses = store.outbox.status_counts()
        limited = slack.rate_limited_count("chat.postMessage")
    finally:
        d.stop()
        store.close()
        slack.stop()
    times.sort()
    lateness = [t - due_mono for t in times]
    tenth, ninetieth = times[len(times) // 10], times[len(times) * 9 // 10]
    return {
        "cap": cap,
        "ours": ours,
        "sent": len(times),
        "overall": len(times) / (times[-1] - due_mono),
        "sustained": (len(times) * 8 // 10) / (ninetieth - tenth),
        "duplicates": sum(c - 1 for c in ids.values() if c > 1),
        "missed": n - len(ids),
        "statuses": statuses,
        "rate_limited": limited,
        "late_p50": percentile(lateness, 0.50),
        "late_p99": percentile(lateness, 0.99),
        "late_max": lateness[-1],
    }


def uncapped_dispatcher(folder: Path, n: int, threads: int) -> tuple[float, int]:
    """Seconds to send `n` nudges through our dispatcher, and how many arrived."""
    members = users(n)
    slack = sandbox(members, None)
    store = outbox_store(folder, f"uncapped-{time.monotonic_ns()}.db")
    d = dispatcher(store, slack, rate=1e9, threads=threads)
    try:
        now = datetime.now(UTC)
        store.outbox.enqueue(nudges(members, now), now=now)
        started = time.perf_counter()
        drain(d, store, timeout=600)
        seconds = time.perf_counter() - started
        _, ids = delivered(slack)
    finally:
        d.stop()
        store.close()
        slack.stop()
    return seconds, sum(ids.values())


def uncapped_bare(n: int, threads: int) -> tuple[float, int]:
    """Seconds for a bare slack_sdk loop (same threads) to post the same nudges."""
    members = users(n)
    slack = sandbox(members, None)
    client = WebClient(base_url=slack.api_url, token=slack.bot_token)
    messages = nudges(members, datetime.now(UTC))

    def post(m: NewMessage) -> None:
        metadata = {"event_type": DELIVERY_EVENT, "event_payload": {"delivery_id": m.key}}
        client.chat_postMessage(channel=m.channel, metadata=metadata, **m.payload)

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(post, messages))
        seconds = time.perf_counter() - started
        _, ids = delivered(slack)
    finally:
        slack.stop()
    return seconds, sum(ids.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0, help="the sandbox's cap C (posts/s)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--pace", type=float, default=0.98, help="our workspace_rate as a share of C"
    )
    parser.add_argument("--rounds", type=int, default=4, help="uncapped rounds per side")
    parser.add_argument("--skip-capped", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.skip_capped:
            r = capped(folder, args.members, args.rate, args.threads, args.pace)
            cap = r["cap"]
            print(
                f"capped: {args.members} nudges due at once, sandbox cap C = {cap:g}/s, "
                f"dispatcher paced at {r['ours']:g}/s, {args.threads} threads"
            )
            print(
                f"  delivered {r['sent']}: sustained {r['sustained']:.1f}/s = "
                f"{r['sustained'] / cap:.3f} × C (goal ≥ 0.95); from the due time to the last "
                f"post {r['overall']:.1f}/s = {r['overall'] / cap:.3f} × C"
            )
            print(
                f"  duplicates {r['duplicates']}, missed {r['missed']}, "
                f"429s {r['rate_limited']}, outbox {r['statuses']}"
            )
            print(
                f"  lateness p50 {r['late_p50']:.1f} s, p99 {r['late_p99']:.1f} s, "
                f"max {r['late_max']:.1f} s (N / C = {args.members / cap:.1f} s)"
            )
        # Alternate the two in rounds so drift on the machine hits both alike.
        per_round = args.members // args.rounds
        ours_s = bare_s = 0.0
        ours_sent = bare_sent = 0
        for _ in range(args.rounds):
            seconds, sent = uncapped_dispatcher(folder, per_round, args.threads)
            ours_s, ours_sent = ours_s + seconds, ours_sent + sent
            seconds, sent = uncapped_bare(per_round, args.threads)
            bare_s, bare_sent = bare_s + seconds, bare_sent + sent
        ours, bare = ours_sent / ours_s, bare_sent / bare_s
        print(
            f"uncapped: {per_round * args.rounds} nudges in {args.rounds} alternating rounds, "
            f"{args.threads} threads"
        )
        print(
            f"  dispatcher {ours:.0f} msg/s ({ours_sent} posted), bare slack_sdk loop "
            f"{bare:.0f} msg/s ({bare_sent} posted)"
        )
        print(f"  ratio dispatcher / bare = {ours / bare:.2f} (goal ≥ 0.8)")


if __name__ == "__main__":
    main()
