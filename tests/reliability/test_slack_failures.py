"""Slack failing in every way it can: 429 storms with Retry-After, 5xx, timeouts and hung
connections, dropped answers and long outages. Every still-valid message is delivered exactly
once after recovery; an expired one is never sent late and is counted in metrics, health and
logs; `/healthz` says what is wrong and recovers.

The dispatcher tests run on SQLite and PostgreSQL with a manual clock; the last ones run the real
process through a (shortened) outage.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.delivery import Decision, Dispatcher
from bot.delivery.dispatcher import UNREACHABLE_AFTER
from bot.metrics import Metrics
from bot.sandbox import SlackSandbox
from bot.slack_client import create_web_client
from bot.store import Store
from bot.store.outbox import EXPIRED, FAILED, SENT, NewMessage
from tests.reliability.conftest import (
    MEMBERS,
    TEAM,
    Deployment,
    assert_exactly_once,
    deliveries,
    health,
    metric,
    wait_until,
)

USERS = MEMBERS[:12]


@pytest.fixture
def sandbox() -> Iterator[SlackSandbox]:
    with SlackSandbox(post_message_per_channel_per_sec=None) as slack:
        for user in USERS:
            slack.add_user(user, name=user.lower())
        yield slack


def dispatcher_for(
    store: Store,
    slack: SlackSandbox,
    clock: ManualClock,
    *,
    timeout: float = 10,
    metrics: Metrics | None = None,
    sdk_retries: bool = True,
    **options: object,
) -> Dispatcher:
    client = create_web_client(base_url=slack.api_url, token=slack.bot_token, for_delivery=True)
    client.timeout = timeout  # type: ignore[assignment]  # slack_sdk types it int; float works
    if not sdk_retries:
        client.retry_handlers.clear()
    settings: dict[str, object] = {
        "concurrency": 4,
        "workspace_rate": 1000.0,
        "channel_spacing": 0.0,
        "lease": timedelta(seconds=60),
    }
    settings.update(options)
    return Dispatcher(
        outbox=store.outbox,
        clients=lambda team: client,
        clock=clock,
        metrics=metrics or Metrics(),
        worker_id="reliability",
        **settings,  # type: ignore[arg-type]
    )


def enqueue(
    store: Store,
    clock: ManualClock,
    keys: list[str],
    *,
    valid_for: timedelta | None = timedelta(minutes=15),
    kind: str = "nudge",
) -> None:
    now = clock.now()
    store.outbox.enqueue(
        [
            NewMessage(
                key=key,
                team_id=TEAM,
                kind=kind,
                channel=USERS[i % len(USERS)],
                payload={"text": f"secret-free text for {key}"},
                due_at=now,
                expires_at=now + valid_for if valid_for else None,
                user_id=USERS[i % len(USERS)],
            )
            for i, key in enumerate(keys)
        ],
        now=now,
    )


def statuses(store: Store, keys: list[str]) -> set[str]:
    return {store.outbox.by_key(k).status for k in keys}  # type: ignore[union-attr]


def run_for(
    dispatcher: Dispatcher, clock: ManualClock, *, seconds: float, step: float = 15.0
) -> None:
    """Tick every `step` seconds of the manual clock for `seconds`."""
    elapsed = 0.0
    while elapsed < seconds:
        dispatcher.tick()
        clock.advance(timedelta(seconds=step))
        elapsed += step


# -- outages ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["503", "close"])
def test_a_ten_minute_outage_loses_no_valid_message_and_sends_no_late_one(
    store: Store,
    sandbox: SlackSandbox,
    clock: ManualClock,
    mode: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Regression: a row used to be marked failed after `max_attempts` (about a minute of
    backoff) even though it was valid for 15 minutes more."""
    caplog.set_level(logging.INFO, logger="bot.delivery")
    metrics = Metrics()
    valid = [f"valid-{i}" for i in range(6)]
    short = [f"short-{i}" for i in range(3)]
    enqueue(store, clock, valid, valid_for=timedelta(minutes=15))
    enqueue(store, clock, short, valid_for=timedelta(minutes=4))
    dispatcher = dispatcher_for(store, sandbox, clock, metrics=metrics)
    sandbox.set_down(True, mode=mode)

    run_for(dispatcher, clock, seconds=600)  # ten minutes of Slack being down

    state = dispatcher.health()
    assert not state.reachable
    assert state.describe(clock.now()).startswith("unreachable for 6")  # 600 s and more
    assert statuses(store, short) == {EXPIRED}
    assert FAILED not in statuses(store, valid)
    sandbox.set_down(False)
    run_for(dispatcher, clock, seconds=120)

    assert statuses(store, valid) == {SENT}
    assert_exactly_once(sandbox, valid)
    assert not set(deliveries(sandbox)) & set(short), "an expired message was sent late"
    assert dispatcher.health().reachable and dispatcher.health().describe(clock.now()) == "ok"
    assert dispatcher.health().expired == 3
    assert metrics.expired.labels("nudge")._value.get() == 3
    expired_logs = [r.getMessage() for r in caplog.records if "expired" in r.getMessage()]
    assert len(expired_logs) == 3
    assert not any("secret-free text" in r.getMessage() for r in caplog.records)


def test_a_tick_stops_trying_once_slack_is_unreachable(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    """Sixty rows during an outage cost a handful of calls, not sixty timeouts."""
    keys = [f"many-{i}" for i in range(60)]
    enqueue(store, clock, keys)
    sandbox.set_down(True)
    dispatcher = dispatcher_for(store, sandbox, clock, concurrency=2)
    report = dispatcher.tick()
    tried = len(sandbox.calls("chat.postMessage"))
    assert tried <= UNREACHABLE_AFTER + 2, tried
    assert report.retried == tried
    sandbox.set_down(False)
    clock.advance(timedelta(minutes=2))
    for _ in range(3):
        dispatcher.tick()
    assert statuses(store, keys) == {SENT}
    assert_exactly_once(sandbox, keys)


def test_health_recovers_by_itself_when_nothing_is_waiting(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    enqueue(store, clock, ["lonely"], valid_for=timedelta(seconds=40))
    sandbox.set_down(True)
    dispatcher = dispatcher_for(store, sandbox, clock)
    run_for(dispatcher, clock, seconds=60, step=5)
    assert statuses(store, ["lonely"]) == {EXPIRED}
    assert not dispatcher.health().reachable
    sandbox.set_down(False)
    dispatcher.tick()  # nothing to send: it asks Slack (auth.test) instead
    assert dispatcher.health().reachable
    assert sandbox.calls("auth.test")


# -- rate limits --------------------------------------------------------------------------------


def test_a_429_storm_with_retry_after_delivers_each_message_once(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    keys = [f"storm-{i}" for i in range(8)]
    enqueue(store, clock, keys)
    sandbox.fail_next("chat.postMessage", count=12, status=429, retry_after=1)
    dispatcher = dispatcher_for(store, sandbox, clock)
    said: set[str] = set()
    for _ in range(12):
        dispatcher.tick()
        said.add(dispatcher.health().describe(clock.now()).split(" for ")[0])
        clock.advance(timedelta(seconds=2))
        if statuses(store, keys) == {SENT}:
            break
        time.sleep(0.3)  # the workspace pause Slack asked for runs on the real clock
    assert statuses(store, keys) == {SENT}
    assert_exactly_once(sandbox, keys)
    assert len([c for c in sandbox.calls("chat.postMessage") if c.status == 429]) == 12
    assert "rate limited by Slack" in said  # what /healthz showed meanwhile
    assert dispatcher.health().reachable  # rate limits are not an outage


def test_a_retry_after_beyond_the_expiry_expires_instead_of_sending_late(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    enqueue(store, clock, ["soon"], valid_for=timedelta(seconds=30))
    sandbox.fail_next("chat.postMessage", count=2, status=429, retry_after=60)
    metrics = Metrics()
    # slack_sdk's own handler would sleep the 60 s: leave it out to keep the test short.
    dispatcher = dispatcher_for(store, sandbox, clock, metrics=metrics, sdk_retries=False)
    report = dispatcher.tick()
    assert report.expired == 1 and statuses(store, ["soon"]) == {EXPIRED}
    clock.advance(timedelta(minutes=2))
    dispatcher.tick()
    assert deliveries(sandbox) == {}
    assert metrics.expired.labels("nudge")._value.get() == 1


# -- server errors, dropped answers, timeouts ---------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_and_sent_once(
    store: Store, sandbox: SlackSandbox, clock: ManualClock, status: int
) -> None:
    keys = [f"e{status}-{i}" for i in range(4)]
    enqueue(store, clock, keys)
    sandbox.fail_next("chat.postMessage", count=6, status=status)
    dispatcher = dispatcher_for(store, sandbox, clock)
    run_for(dispatcher, clock, seconds=180, step=10)
    assert statuses(store, keys) == {SENT}
    assert_exactly_once(sandbox, keys)


def test_an_in_doubt_row_stays_in_doubt_when_the_history_check_fails(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    """Regression: Slack accepted the post but the answer was lost; the look-up in the
    conversation then failed once (503). The row went back to `pending` and was posted blind:
    the member got it twice."""
    enqueue(store, clock, ["doubt"])
    sandbox.accept_then_drop("chat.postMessage")
    dispatcher = dispatcher_for(store, sandbox, clock)
    dispatcher.tick()
    assert len(sandbox.messages()) == 1
    sandbox.fail_next("conversations.history", status=503)
    run_for(dispatcher, clock, seconds=300, step=20)
    assert statuses(store, ["doubt"]) == {SENT}
    assert_exactly_once(sandbox, ["doubt"])
    assert [c.status for c in sandbox.calls("chat.postMessage")] == [0]


def test_internal_error_may_have_posted_so_it_is_looked_up_first(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    """Slack says of internal_error: "it's possible some aspect of the operation succeeded"."""
    enqueue(store, clock, ["maybe"])
    dispatcher = dispatcher_for(store, sandbox, clock)
    sandbox.fail_next("chat.postMessage", status=500)
    dispatcher.tick()
    clock.advance(timedelta(seconds=30))
    dispatcher.tick()
    assert sandbox.calls("conversations.history")
    assert_exactly_once(sandbox, ["maybe"])


@pytest.mark.parametrize("lands", [True, False], ids=["post-lands-late", "post-refused"])
def test_a_timeout_on_a_hung_connection_never_sends_twice(
    store: Store, sandbox: SlackSandbox, clock: ManualClock, lands: bool
) -> None:
    """The client gives up after 0.5 s while Slack still holds the post: it may land later
    (then the retry finds it) or be refused after all (then the retry posts it)."""
    enqueue(store, clock, ["hung"])
    sandbox.hang_next("chat.postMessage", seconds=1.0)
    if not lands:
        sandbox.fail_next("chat.postMessage", status=503)
    dispatcher = dispatcher_for(store, sandbox, clock, timeout=0.5)
    report = dispatcher.tick()
    assert report.retried == 1
    assert "no response" in (dispatcher.health().last_error or "")
    sandbox.wait_for("chat.postMessage", timeout=5)  # Slack finishes with the held post
    clock.advance(timedelta(seconds=30))
    dispatcher.tick()
    assert statuses(store, ["hung"]) == {SENT}
    assert_exactly_once(sandbox, ["hung"])
    posted = [c.status for c in sandbox.calls("chat.postMessage")]
    assert posted == ([200] if lands else [503, 200])


def test_a_non_json_error_page_is_an_outage_not_a_crash(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    """A proxy in front of Slack answering 502 with an HTML page."""
    import http.server

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - stdlib name
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Bad gateway</body></html>")

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = create_web_client(
            base_url=f"http://127.0.0.1:{server.server_port}/api/",
            token=sandbox.bot_token,
            for_delivery=True,
        )
        enqueue(store, clock, ["proxied"])
        dispatcher = Dispatcher(
            outbox=store.outbox,
            clients=lambda team: client,
            clock=clock,
            metrics=Metrics(),
            worker_id="proxy",
            channel_spacing=0.0,
        )
        for _ in range(UNREACHABLE_AFTER):
            dispatcher.tick()
            clock.advance(timedelta(seconds=90))
        assert dispatcher.health().describe(clock.now()).endswith("(http_502)")
        assert not dispatcher.health().reachable
        assert statuses(store, ["proxied"]) != {FAILED}
    finally:
        server.shutdown()
        server.server_close()


def test_a_stop_during_a_tick_keeps_an_in_doubt_row_in_doubt(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    """Regression: rows not reached before a shutdown were released to `pending`, including
    a row in doubt, whose next attempt then posted it blind (twice)."""
    first, doubtful = "first", "doubtful"
    now = clock.now()
    for key in (first, doubtful):  # the same member: sent one after the other
        store.outbox.enqueue(
            [
                NewMessage(
                    key=key,
                    team_id=TEAM,
                    kind="test",
                    channel=USERS[0],
                    payload={"text": key},
                    due_at=now,
                    expires_at=now + timedelta(hours=1),
                    user_id=USERS[0],
                )
            ],
            now=now,
        )
        clock.advance(timedelta(seconds=1))
    # A replica claimed both, posted `doubtful`, and died before recording it.
    store.outbox.claim_due(now=clock.now(), limit=10, worker="dead", lease=timedelta(seconds=60))
    client = create_web_client(base_url=sandbox.api_url, token=sandbox.bot_token)
    client.chat_postMessage(
        channel=USERS[0],
        text=doubtful,
        metadata={"event_type": "balance_delivery", "event_payload": {"delivery_id": doubtful}},
    )
    clock.advance(timedelta(seconds=61))

    stopping = dispatcher_for(store, sandbox, clock)

    def shut_down_now(row, client, now):  # type: ignore[no-untyped-def]
        threading.Thread(target=stopping.stop).start()  # SIGTERM arrives mid-tick
        assert stopping._stop.wait(5)  # stop() has begun; it waits for this send to finish
        return Decision("send")

    stopping.add_gate("test", shut_down_now)
    stopping.tick()
    clock.advance(timedelta(seconds=1))
    dispatcher_for(store, sandbox, clock).tick()  # the next process
    assert statuses(store, [first, doubtful]) == {SENT}
    assert_exactly_once(sandbox, [first, doubtful])


# -- the real process ---------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize("mode", ["503", "close"])
def test_the_process_rides_out_an_outage_and_healthz_says_so(
    slack: SlackSandbox, tmp_path: Path, mode: str
) -> None:
    """Slack down for a while (ten minutes in production, shortened here): /healthz is 503 and
    names the problem, nothing valid is lost, expired messages are counted and never sent."""
    deployment = Deployment(slack, tmp_path)
    try:
        process = deployment.start()
        slack.set_down(True, mode=mode)
        valid = [f"outage-{mode}-{i}" for i in range(6)]
        short = [f"outage-short-{mode}-{i}" for i in range(3)]
        deployment.enqueue(valid, valid_for=600)
        deployment.enqueue(short, valid_for=2.5, users=MEMBERS[20:])

        def health_if(wanted: int) -> Callable[[], dict[str, Any] | None]:
            def check() -> dict[str, Any] | None:
                status, body = health(process)
                return body if status == wanted else None

            return check

        body = wait_until(health_if(503), timeout=20, what="/healthz to report the outage")
        assert body["slack"].startswith("unreachable for ")
        expected = "service_unavailable" if mode == "503" else "no response"
        assert expected in body["slack"], body
        wait_until(
            lambda: set(deployment.statuses(short).values()) == {EXPIRED},
            timeout=20,
            what="the short-lived messages to expire",
        )
        slack.set_down(False)

        wait_until(
            lambda: set(deployment.statuses(valid).values()) == {SENT},
            timeout=45,
            what="every valid message to be sent after recovery",
        )
        body = wait_until(health_if(200), timeout=20, what="/healthz to recover")
        assert body["slack"] == "ok" and body["expired_messages"] == 3
        assert_exactly_once(slack, valid)
        assert not set(deliveries(slack)) & set(short)
        assert metric(process, "balance_expired_total") == 3
        output = process.output()
        assert output.count("expired: ") == 3
        assert "message outage" not in output  # ids and kinds only, never the text
        assert "Traceback" not in output and process.proc.poll() is None
    finally:
        deployment.close()


def test_a_row_that_breaks_a_gate_ends_failed_and_never_blocks_others(
    store: Store, sandbox: SlackSandbox, clock: ManualClock
) -> None:
    """Regression: an unexpected exception (a bug in a gate or a payload) escaped the tick, left
    the whole channel's batch claimed, and came back every lease: the member's other messages
    were stuck behind it."""
    now = clock.now()
    for key in ("poison", "fine"):  # the same member, so the same channel batch
        store.outbox.enqueue(
            [
                NewMessage(
                    key=key,
                    team_id=TEAM,
                    kind=key,
                    channel=USERS[0],
                    payload={"text": key},
                    due_at=now,
                    expires_at=now + timedelta(hours=1),
                    user_id=USERS[0],
                )
            ],
            now=now,
        )
        clock.advance(timedelta(seconds=1))
    dispatcher = dispatcher_for(store, sandbox, clock, max_attempts=3)

    def broken(row, client, now):  # type: ignore[no-untyped-def]
        raise KeyError("a bug")

    dispatcher.add_gate("poison", broken)
    dispatcher.tick()
    assert statuses(store, ["fine"]) == {SENT}
    run_for(dispatcher, clock, seconds=120, step=10)
    assert statuses(store, ["poison"]) == {FAILED}
    assert deliveries(sandbox) == {"fine": 1}
