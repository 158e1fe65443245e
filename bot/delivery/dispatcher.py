"""Deliver due outbox rows to Slack: concurrently, within Slack's pace, each exactly once.

One tick claims due rows in batches, sends each channel's rows in order (Slack allows about one
message per second per channel), applies per-kind rules before sending (a member in DND gets a
nudge later, one who is away is skipped), expires what is too late, and retries transient
failures with backoff. A row whose send was left in doubt (crash, timeout after Slack accepted
it) is looked up in the conversation's history by its delivery id before any second send.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.clock import Clock
from bot.delivery.confirm import DELIVERY_EVENT, find_delivered
from bot.delivery.pace import Buckets
from bot.metrics import Metrics
from bot.store.outbox import CANCELLED, EXPIRED, FAILED, SENT, SKIPPED, Outbox, OutboxRow

log = logging.getLogger(__name__)

# Errors that will not go away by trying again.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "account_inactive",
        "missing_scope",
        "messages_tab_disabled",
        "cannot_dm_bot",
        "invalid_arguments",
        "restricted_action",
        "team_access_not_granted",
    }
)


@dataclass(frozen=True)
class Decision:
    action: Literal["send", "defer", "skip"]
    until: datetime | None = None
    reason: str = ""


SEND = Decision("send")

# A rule run just before a row of one kind is sent (see bot/features/*/jobs.py).
Gate = Callable[[OutboxRow, WebClient, datetime], Decision]


@dataclass
class TickReport:
    claimed: int = 0
    sent: int = 0
    expired: int = 0
    skipped: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    confirmed: int = 0
    outcomes: dict[int, str] = field(default_factory=dict)

    def count(self, row: OutboxRow, outcome: str) -> None:
        self.outcomes[row.id] = outcome
        setattr(self, outcome, getattr(self, outcome) + 1)


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
    ) -> None:
        self._outbox = outbox
        self._clients = clients
        self._clock = clock
        self._metrics = metrics
        self._worker = worker_id
        self._batch = batch
        self._lease = lease
        self._max_attempts = max_attempts
        self._channel_spacing = channel_spacing
        self._buckets = Buckets(workspace_rate)
        self._gates: dict[str, Gate] = {}
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dispatch")
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def add_gate(self, kind: str, gate: Gate) -> None:
        self._gates[kind] = gate

    def tick(self) -> TickReport:
        """Send everything due now; returns what happened to each claimed row."""
        report = TickReport()
        with self._lock:  # one tick at a time per process
            while not self._stop.is_set():
                rows = self._outbox.claim_due(
                    now=self._clock.now(),
                    limit=self._batch,
                    worker=self._worker,
                    lease=self._lease,
                )
                report.claimed += len(rows)
                if rows:
                    self._send_batch(rows, report)
                if len(rows) < self._batch:
                    break
        return report

    def stop(self) -> None:
        """Let in-flight sends finish; rows not yet started go back to the outbox."""
        self._stop.set()
        self._pool.shutdown(wait=True)

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
            if self._stop.is_set():
                self._outbox.release(r.id for r in rows[index:])
                return
            wait = self._channel_spacing - (time.monotonic() - last_post)
            if last_post and wait > 0:
                time.sleep(wait)
            if self._deliver(row, report):
                last_post = time.monotonic()

    def _deliver(self, row: OutboxRow, report: TickReport) -> bool:
        """Handle one row; True when a message was posted to Slack."""
        now = self._clock.now()
        client = self._clients(row.team_id)
        if client is None:
            self._finish(row, report, FAILED, "failed", error="no_installation")
            return False
        if row.expires_at is not None and now >= row.expires_at:
            self._metrics.expired.labels(row.kind).inc()
            log.info("delivery %s expired before it could be sent", row.id)
            self._finish(row, report, EXPIRED, "expired")
            return False
        if row.in_doubt and self._confirm(row, client, report):
            return False
        decision = self._gate(row, client, now)
        if decision.action != "send":
            self._apply(row, decision, report, now)
            return False
        if not self._buckets.for_team(row.team_id).acquire(self._stop):
            self._outbox.release([row.id])
            return False
        return self._post(row, client, report)

    def _gate(self, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
        gate = self._gates.get(row.kind)
        if gate is None:
            return SEND
        try:
            return gate(row, client, now)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            # A pre-send check we could not make must not cost the member the message.
            log.warning("pre-send check for delivery %s failed: %s", row.id, _error_code(exc))
            return SEND

    def _apply(self, row: OutboxRow, decision: Decision, report: TickReport, now: datetime) -> None:
        if decision.action == "skip":
            self._metrics.skipped.labels(row.kind, decision.reason or "rule").inc()
            self._finish(row, report, SKIPPED, "skipped", error=decision.reason)
            return
        until = decision.until or now
        if row.expires_at is not None and until >= row.expires_at:
            self._metrics.expired.labels(row.kind).inc()
            self._finish(row, report, EXPIRED, "expired", error=decision.reason or "deferred")
            return
        self._outbox.retry_at(row.id, when=until, error=decision.reason or "deferred")
        report.count(row, "deferred")

    def _confirm(self, row: OutboxRow, client: WebClient, report: TickReport) -> bool:
        """For an in-doubt row: True if Slack already has it (then it is marked sent)."""
        try:
            found = find_delivered(client, row)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            self._retry(row, report, _error_code(exc), delay=30)
            return True
        if found is None:
            return False
        channel, ts = found
        self._finish(row, report, SENT, "confirmed", slack_channel=channel, slack_ts=ts)
        self._metrics.sends.labels(row.kind).inc()
        return True

    def _post(self, row: OutboxRow, client: WebClient, report: TickReport) -> bool:
        metadata = {"event_type": DELIVERY_EVENT, "event_payload": {"delivery_id": row.key}}
        try:
            response = client.chat_postMessage(
                channel=row.channel, metadata=metadata, **row.payload
            )
        except SlackApiError as exc:
            self._on_api_error(row, report, exc)
            return True
        except (SlackRequestError, OSError) as exc:
            # No answer: Slack may or may not have posted it. Keep the row claimed so the next
            # attempt checks the conversation first.
            self._metrics.send_failures.labels(row.kind, "no_response").inc()
            log.warning("delivery %s got no answer from Slack (%s)", row.id, type(exc).__name__)
            report.count(row, "retried")
            return True
        self._finish(
            row,
            report,
            SENT,
            "sent",
            slack_channel=str(response.get("channel") or row.channel),
            slack_ts=str(response.get("ts")),
        )
        self._metrics.sends.labels(row.kind).inc()
        return True

    def _on_api_error(self, row: OutboxRow, report: TickReport, exc: SlackApiError) -> None:
        code = _error_code(exc)
        self._metrics.send_failures.labels(row.kind, code).inc()
        if exc.response.status_code == 429 or code in {"ratelimited", "rate_limited"}:
            retry_after = float(exc.response.headers.get("Retry-After", 1) or 1)
            self._buckets.for_team(row.team_id).pause(retry_after)
            self._retry(row, report, code, delay=retry_after, count_attempt=False)
        elif code in PERMANENT_ERRORS:
            log.warning("delivery %s refused by Slack: %s", row.id, code)
            self._finish(row, report, FAILED, "failed", error=code)
        else:
            self._retry(row, report, code, delay=2.0**row.attempts)

    def _retry(
        self,
        row: OutboxRow,
        report: TickReport,
        code: str,
        *,
        delay: float,
        count_attempt: bool = True,
    ) -> None:
        when = self._clock.now() + timedelta(seconds=delay)
        too_many = count_attempt and row.attempts >= self._max_attempts
        if too_many or (row.expires_at is not None and when >= row.expires_at):
            status, outcome = (FAILED, "failed") if too_many else (EXPIRED, "expired")
            if outcome == "expired":
                self._metrics.expired.labels(row.kind).inc()
            self._finish(row, report, status, outcome, error=code)
            return
        self._outbox.retry_at(row.id, when=when, error=code)
        report.count(row, "retried")

    def _finish(
        self,
        row: OutboxRow,
        report: TickReport,
        status: str,
        outcome: str,
        *,
        error: str | None = None,
        slack_channel: str | None = None,
        slack_ts: str | None = None,
    ) -> None:
        self._outbox.finish(
            row.id,
            status=status,
            now=self._clock.now(),
            error=error,
            slack_channel=slack_channel,
            slack_ts=slack_ts,
        )
        report.count(row, outcome)


def _error_code(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"http_{exc.response.status_code}")
    return type(exc).__name__


__all__ = ["CANCELLED", "Decision", "Dispatcher", "Gate", "TickReport"]
