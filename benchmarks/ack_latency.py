"""Ack latency of `/balance help`: Balance Bot vs a bare Bolt app that only acks.

Both apps are served the same way (our Starlette + uvicorn web layer, dispatch in the thread
pool, `process_before_response=True`), both against the sandbox, in the same run. Requests
alternate between the two so drift on the machine hits both alike. Prints p50/p99 and ratios.

    python benchmarks/ack_latency.py [--requests 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from baseline import bare_app, print_ratios

from bot.config import Settings
from bot.metrics import Metrics
from bot.runtime import build_runtime
from bot.sandbox import SlackSandbox, SlackSender
from bot.web import Edge, ServerThread, create_web


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()

    with SlackSandbox() as slack, tempfile.TemporaryDirectory() as tmp:
        slack.add_user("U0BENCH", name="bench", tz="America/Chicago")
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            slack_bot_token=slack.bot_token,
            slack_signing_secret=slack.signing_secret,
            slack_api_url=slack.api_url,
            database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
            log_level="WARNING",
        )
        runtime = build_runtime(settings, mode="http")
        ours = create_web(
            bolt_app=runtime.app,
            metrics=runtime.deps.metrics,
            health=runtime.health,
            edge=Edge.from_settings(settings),
        )
        bare = create_web(
            bolt_app=bare_app(slack, command="/balance"), metrics=Metrics(), health=lambda: {}
        )
        with ServerThread(ours) as ours_srv, ServerThread(bare) as bare_srv:
            senders = {
                "balance-bot": SlackSender(
                    f"{ours_srv.url}/slack/events", slack.signing_secret, sandbox=slack
                ),
                "bare bolt": SlackSender(
                    f"{bare_srv.url}/slack/events", slack.signing_secret, sandbox=slack
                ),
            }
            timings: dict[str, list[float]] = {name: [] for name in senders}
            for i in range(args.warmup + args.requests):
                for name, sender in senders.items():
                    started = time.perf_counter()
                    reply = sender.command("U0BENCH", "help")
                    elapsed = time.perf_counter() - started
                    if reply.status != 200:
                        raise SystemExit(f"{name} answered {reply.status}")
                    if i >= args.warmup:
                        timings[name].append(elapsed * 1000)
            for sender in senders.values():
                sender.close()
        runtime.dispatcher.stop()
        runtime.deps.store.close()

    print(f"/balance help, {args.requests} signed requests each over loopback HTTP")
    print_ratios(timings, ours="balance-bot", bare="bare bolt", goal=1.2)


if __name__ == "__main__":
    main()
