"""Ack latency of a `message` event that mentions an off-shift member: Balance Bot vs bare Bolt.

Each event is signed, has a fresh `event_id`, and mentions a colleague who is off shift right
now, so Balance Bot does its whole off-shift-notice work for it (member lookups, the notice
claim, `chat.postEphemeral` to the sender) — in a lazy listener, after the ack. The bare Bolt
app only acks the same events. Both are served the same way (our Starlette + uvicorn web layer,
dispatch in the thread pool, `process_before_response=True`), against the sandbox, in the same
run; requests alternate between the two so drift on the machine hits both alike. Each sender
mentions the colleague once, so every event makes a new notice (the heaviest case).

    python benchmarks/mention_ack.py [--events 1000] [--warmup 100]
        [--database-url postgresql+psycopg://…/empty_db]

Event de-duplication (`bot/event_once.py`) is part of the lazy listener, after the ack, so it is
measured as shipped; there is no switch for it.
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

from baseline import bare_app, print_ratios

from bot.config import Settings
from bot.metrics import Metrics
from bot.runtime import build_runtime
from bot.sandbox import SlackSandbox, SlackSender
from bot.schedule import ShiftRule, WeeklySchedule, to_json
from bot.web import Edge, ServerThread, create_web

CHANNEL, COLLEAGUE = "C0FRONTDESK", "U0OFFSHIFT"


def off_now_schedule(now: datetime) -> str:
    """One shift a week, on a weekday three days from today (UTC): the colleague is off now."""
    day = (now.weekday() + 3) % 7
    rule = ShiftRule(weekday=day, start=clock_time(9, 0), end=clock_time(17, 0))
    return to_json(WeeklySchedule(rules=(rule,)))


def mention(sender: str) -> dict[str, object]:
    return {
        "type": "message",
        "channel": CHANNEL,
        "channel_type": "channel",
        "user": sender,
        "text": f"<@{COLLEAGUE}> could you call the lab back?",
        "ts": f"{time.time():.6f}",
        "client_msg_id": secrets.token_hex(8),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument(
        "--database-url", default=None, help="an empty database; default: a fresh SQLite file"
    )
    args = parser.parse_args()
    total = args.warmup + args.events
    senders_ids = [f"U0S{i:06d}" for i in range(total)]

    # Pace off: thousands of ephemerals go to one channel (Slack does not pace postEphemeral
    # like postMessage, and the sandbox only paces postMessage; this keeps it out of the way).
    with (
        SlackSandbox(post_message_per_channel_per_sec=None) as slack,
        tempfile.TemporaryDirectory() as tmp,
    ):
        slack.add_user(COLLEAGUE, name="off", tz="America/Chicago", locale="en-US")
        for uid in senders_ids:
            slack.add_user(uid, name=uid.lower(), tz="America/New_York", locale="en-US")
        slack.add_channel(CHANNEL, "front-desk", members=[COLLEAGUE, *senders_ids])
        settings = Settings(
            _env_file=None,
            slack_bot_token=slack.bot_token,
            slack_signing_secret=slack.signing_secret,
            slack_api_url=slack.api_url,
            database_url=args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}",
            log_level="WARNING",
        )
        runtime = build_runtime(settings, mode="http")
        now = datetime.now(UTC)
        runtime.deps.store.members.update(
            team_id=slack.team_id,
            user_id=COLLEAGUE,
            now=now,
            tz="America/Chicago",
            lang="en",
            schedule=off_now_schedule(now),
        )
        ours = create_web(
            bolt_app=runtime.app,
            metrics=runtime.deps.metrics,
            health=runtime.health,
            edge=Edge.from_settings(runtime.settings),
        )
        bare = create_web(
            bolt_app=bare_app(slack, event="message"), metrics=Metrics(), health=lambda: {}
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
            for i, sender_id in enumerate(senders_ids):
                event = mention(sender_id)
                for name, sender in senders.items():
                    event_id = f"Ev{secrets.token_hex(6).upper()}"
                    started = time.perf_counter()
                    reply = sender.event(event, event_id=event_id)
                    elapsed = time.perf_counter() - started
                    if reply.status != 200:
                        raise SystemExit(f"{name} answered {reply.status}")
                    if i >= args.warmup:
                        timings[name].append(elapsed * 1000)
            # The lazy work must really have happened (after the acks): one notice per sender.
            if not runtime.wait_idle(60):
                raise SystemExit("lazy listeners still running after 60 s")
            shown = len(slack.ephemerals(CHANNEL))
            for sender in senders.values():
                sender.close()
        runtime.dispatcher.stop()
        runtime.deps.store.close()

    print(
        f"message event mentioning an off-shift member, {args.events} signed events each "
        f"(fresh event_id) over loopback HTTP; notices shown after the ack: {shown}/{total}"
    )
    database = (args.database_url or "sqlite").split(":")[0].split("+")[0]
    print(f"database: {database}; event de-duplication: after the ack (as shipped)")
    print_ratios(timings, ours="balance-bot", bare="bare bolt", goal=1.2)


if __name__ == "__main__":
    main()
