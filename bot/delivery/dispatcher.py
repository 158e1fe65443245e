"""Deliver due outbox rows to Slack: concurrently, within Slack's pace, each exactly once.

Owns the orchestration: claim → gate → send → finish. One tick claims due rows in batches and
sends each channel's rows in order (Slack allows about one message per second per channel),
applies per-kind gates before sending (a member in DND gets a nudge later, one who is away is
skipped) and expires what is too late. A row whose send was left in doubt (crash, timeout after
Slack accepted it) is looked up in the conversation's history by its delivery id before any
second send, and it stays in doubt until that look-up has answered.

What a Slack error means is in `errors.py`, when to try again in `retry.py` (pure), what
`/healthz` says in `health.py`, and how each row's end is recorded in `outcomes.py`. A tick
stops early once Slack has failed several times in a row.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient

from bot.clock import Clock
from bot.delivery.confirm import DELIVERY_EVENT, find_delivered
from bot.delivery.errors import SLACK_ERRORS, Failure, bug, classify, error_code
from bot.delivery.health import UNREACHABLE_AFTER, DeliveryHealth, HealthTracker
from bot.delivery.outcomes import SEND, Decision, Gate, Outcomes, TickReport
from bot.delivery.pace import Buckets
from bot.delivery.retry import RetryPolicy, plan_retry
from bot.metrics import Metrics
from bot.store.outbox import Outbox, OutboxRow

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(
        self,
        *,
        outbox: Outbox,
        clients: Callable[[str], WebClient | None],
        clock: Clock,
        metrics: Metrics,
        worker_id: str,
        concurrency: int = 8,
        batch: int = 200,
        workspace_rate: float = 8.0,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 6,
        channel_spacing: float = 1.0,
        max_backoff: float = 60.0,
        give_up_after: timedelta = timedelta(hours=24),
        keep_finished: timedelta = timedelta(days=30),
    ) -> None:
        self._outbox = outbox
        self._clients = clients
        self._clock = clock
        self._metrics = metrics
        self._worker = worker_id
        self._safe_until = datetime.min.replace(tzinfo=UTC)
        self._batch = batch
        self._lease = lease
        self._policy = RetryPolicy(max_attempts, max_backoff, give_up_after)
        self._channel_spacing = channel_spacing
        self._keep_finished = keep_finished
        self._pruned_at: datetime | None = None
        self._buckets = Buckets(workspace_rate)
        self._gates: dict[str, Gate] = {}
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dispatch")
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._health = HealthTracker()
        self._out = Outcomes(outbox=outbox, clock=clock, metrics=metrics, health=self._health)
        self._trip_at = UNREACHABLE_AFTER

    def add_gate(self, kind: str, gate: Gate) -> None:
        self._gates[kind] = gate

    def health(self) -> DeliveryHealth:
        return self._health.snapshot()

    def stop(self) -> None:
        """Let in-flight sends finish; rows not yet started go back to the outbox."""
        self._stop.set()
        self._pool.shutdown(wait=True)

    # Claim

    def tick(self) -> TickReport:
        """Send everything due now; returns what happened to each claimed row."""
        report = TickReport()
        with self._lock:  # one tick at a time per process
            # Stop this tick early once Slack has failed several times in a row during it.
            self._trip_at = self.health().consecutive_failures + UNREACHABLE_AFTER
            while not self._stop.is_set():
                claimed_at = self._clock.now()
                rows = self._outbox.claim_due(
                    now=claimed_at,
                    limit=self._batch,
                    worker=self._worker,
                    lease=self._lease,
                )
                # Until half the lease has gone, nobody else can hold these rows: no renewal.
                self._safe_until = claimed_at + self._lease / 2
                report.claimed += len(rows)
                if rows:
                    self._send_batch(rows, report)
                if len(rows) < self._batch or self._tripped():
                    break
            if report.claimed == 0:
                self._probe()
            self._prune()
        return report

    def _prune(self) -> None:
        """Once a day: delete finished rows (and the message text they hold) after
        `keep_finished`."""
        now = self._clock.now()
        if self._pruned_at is not None and now - self._pruned_at < timedelta(days=1):
            return
        removed = self._outbox.prune(before=now - self._keep_finished)
        self._pruned_at = now
        if removed:
            log.info(
                "outbox: deleted %d finished messages older than %s", removed, self._keep_finished
            )

    def _tripped(self) -> bool:
        return self.health().consecutive_failures >= self._trip_at

    def _probe(self) -> None:
        """While Slack counts as failing and no send has told us otherwise, ask it directly,
        so `/healthz` recovers even when nothing is waiting to be sent."""
        team = self._health.last_failed_team
        if not self.health().consecutive_failures or team is None or self._stop.is_set():
            return
        client = self._clients(team)
        if client is None:
            return
        try:
            client.auth_test()
        except SLACK_ERRORS as exc:
            failure = classify(exc)
            if failure.slack_down:
                self._health.failed(team, failure.code, self._clock.now())
            else:
                self._health.reached(self._clock.now())
        else:
            self._health.reached(self._clock.now())

    def _send_batch(self, rows: list[OutboxRow], report: TickReport) -> None:
        by_channel: dict[tuple[str, str], list[OutboxRow]] = defaultdict(list)
        for row in rows:
            by_channel[(row.team_id, row.channel)].append(row)
        futures = [
            self._pool.submit(self._send_channel, group, report) for group in by_channel.values()
        ]
        for future in futures:
            future.result()

    def _send_channel(self, rows: list[OutboxRow], report: TickReport) -> None:
        last_post = 0.0
        for index, row in enumerate(rows):
            if self._stop.is_set() or self._tripped():
                self._out.put_back(rows[index:])
                return
            wait = self._channel_spacing - (time.monotonic() - last_post)
            if last_post and wait > 0:
                time.sleep(wait)
            try:
                posted = self._deliver(row, report)
            except Exception as exc:  # a bug (a gate, a payload) must not stop the channel
                posted = True
                log.error(
                    "delivery %s (%s) failed unexpectedly: %s",
                    row.id,
                    row.kind,
                    type(exc).__name__,
                    exc_info=exc,
                )
                # It may have happened after the post: in doubt, and it uses up an attempt, so
                # a row that always fails ends as failed instead of blocking.
                self._retry(row, report, bug(exc))
            if posted:
                last_post = time.monotonic()

    # Gate

    def _deliver(self, row: OutboxRow, report: TickReport) -> bool:
        """Handle one row; True when a message was posted to Slack."""
        now = self._clock.now()
        client = self._clients(row.team_id)
        if client is None:
            self._out.failed(row, report, "no_installation")
            return False
        # An in-doubt row is looked up first, even when it has expired since: Slack may have
        # it (sent in time), and then it is recorded as sent, not expired.
        if row.in_doubt and self._confirm(row, client, report):
            return False
        if row.expires_at is not None and now >= row.expires_at:
            self._out.expire(row, report, "not sent before it expired")
            return False
        decision = self._gate(row, client, now)
        if decision.action != "send":
            self._out.decided(row, decision, report, now)
            return False
        if not self._buckets.for_team(row.team_id).acquire(self._stop):
            self._out.put_back([row])
            return False
        # A long batch (Slack's pace, 429 pauses) can outlast the claim; another replica may
        # have taken the row over as in doubt. Renew right before posting, or leave it to them.
        now = self._clock.now()
        if now >= self._safe_until and not self._outbox.renew(
            row.id, worker=self._worker, until=now + self._lease
        ):
            log.info("delivery %s was taken over by another worker", row.id)
            report.count(row, "taken_over")
            return False
        return self._post(row, client, report)

    def _gate(self, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
        gate = self._gates.get(row.kind)
        if gate is None:
            return SEND
        try:
            return gate(row, client, now)
        except SLACK_ERRORS as exc:
            # A pre-send check we could not make must not cost the member the message.
            log.warning("pre-send check for delivery %s failed: %s", row.id, error_code(exc))
            return SEND

    # Send

    def _confirm(self, row: OutboxRow, client: WebClient, report: TickReport) -> bool:
        """For an in-doubt row: True if Slack already has it (then it is marked sent), or if we
        could not tell (then it stays in doubt and is looked up again later)."""
        try:
            found = find_delivered(client, row)
        except SLACK_ERRORS as exc:
            failure = classify(exc)
            self._health.observe(row.team_id, failure, self._clock.now())
            self._metrics.send_failures.labels(row.kind, f"check_{failure.label}").inc()
            self._retry(row, report, failure, checking=True)
            return True
        self._health.reached(self._clock.now())
        if found is None:
            return False
        channel, ts = found
        self._out.sent(row, report, channel, ts, outcome="confirmed")
        return True

    def _post(self, row: OutboxRow, client: WebClient, report: TickReport) -> bool:
        metadata = {"event_type": DELIVERY_EVENT, "event_payload": {"delivery_id": row.key}}
        try:
            response = client.chat_postMessage(
                channel=row.channel, metadata=metadata, **row.payload
            )
        except SLACK_ERRORS as exc:
            failure = classify(exc)
            self._metrics.send_failures.labels(row.kind, failure.label).inc()
            if failure.kind == "no_response":
                log.warning("delivery %s got no answer from Slack (%s)", row.id, type(exc).__name__)
            if failure.kind == "rate_limited":
                self._buckets.for_team(row.team_id).pause(failure.retry_after)
            self._health.observe(row.team_id, failure, self._clock.now())
            self._retry(row, report, failure)
            return True
        self._health.reached(self._clock.now(), sent=True)
        channel = str(response.get("channel") or row.channel)
        self._out.sent(row, report, channel, str(response.get("ts")))
        return True

    # Retry

    def _retry(
        self, row: OutboxRow, report: TickReport, failure: Failure, *, checking: bool = False
    ) -> None:
        plan = plan_retry(
            failure,
            attempts=row.attempts,
            now=self._clock.now(),
            due_at=row.due_at,
            expires_at=row.expires_at,
            policy=self._policy,
            checking=checking,
        )
        self._out.follow(row, report, plan)


__all__ = ["UNREACHABLE_AFTER", "Decision", "DeliveryHealth", "Dispatcher", "Gate", "TickReport"]
