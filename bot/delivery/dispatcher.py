"""Deliver due outbox rows to Slack: concurrently, within Slack's pace, each exactly once.

One tick claims due rows in batches, sends each channel's rows in order (Slack allows about one
message per second per channel), applies per-kind rules before sending (a member in DND gets a
nudge later, one who is away is skipped), expires what is too late, and retries transient
failures with backoff. A row whose send was left in doubt (crash, timeout after Slack accepted
it) is looked up in the conversation's history by its delivery id before any second send, and it
stays in doubt until that look-up has answered.

While Slack is unreachable (5xx, timeouts, refused connections) a message keeps being retried,
with capped backoff, for as long as it is still valid: an outage never makes a valid message
fail, and an expired one is never sent late. A tick stops early once Slack has failed several
times in a row, and `health()` says what is wrong for `/healthz`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
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


# Consecutive failures to reach Slack before `/healthz` reports it unreachable, and before a
# tick stops trying (the rest of the batch waits for the next tick instead of timing out too).
UNREACHABLE_AFTER = 3
_CODE = re.compile(r"[a-z0-9_]{1,64}")


@dataclass(frozen=True)
class DeliveryHealth:
    """What `/healthz` reports about sending to Slack (error codes only, never message text)."""

    consecutive_failures: int = 0
    failing_since: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    rate_limited_until: datetime | None = None
    last_sent_at: datetime | None = None
    expired: int = 0

    @property
    def reachable(self) -> bool:
        return self.consecutive_failures < UNREACHABLE_AFTER

    def describe(self, now: datetime) -> str:
        if self.failing_since is not None and self.consecutive_failures:
            seconds = max(0, round((now - self.failing_since).total_seconds()))
            word = "unreachable" if not self.reachable else "failing"
            return f"{word} for {seconds}s ({self.last_error})"
        if self.rate_limited_until is not None and now < self.rate_limited_until:
            seconds = max(1, round((self.rate_limited_until - now).total_seconds()))
            return f"rate limited by Slack for {seconds}s more ({self.last_error})"
        return "ok"


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
    taken_over: int = 0
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
        self._max_attempts = max_attempts
        self._channel_spacing = channel_spacing
        self._max_backoff = max_backoff
        self._give_up_after = give_up_after
        self._keep_finished = keep_finished
        self._pruned_at: datetime | None = None
        self._buckets = Buckets(workspace_rate)
        self._gates: dict[str, Gate] = {}
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dispatch")
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._health_lock = threading.Lock()
        self._health = DeliveryHealth()
        self._last_failed_team: str | None = None
        self._trip_at = UNREACHABLE_AFTER

    def add_gate(self, kind: str, gate: Gate) -> None:
        self._gates[kind] = gate

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

    def health(self) -> DeliveryHealth:
        with self._health_lock:
            return self._health

    def _tripped(self) -> bool:
        return self.health().consecutive_failures >= self._trip_at

    def _probe(self) -> None:
        """While Slack counts as failing and no send has told us otherwise, ask it directly,
        so `/healthz` recovers even when nothing is waiting to be sent."""
        team = self._last_failed_team
        if not self.health().consecutive_failures or team is None or self._stop.is_set():
            return
        client = self._clients(team)
        if client is None:
            return
        try:
            client.auth_test()
        except SlackApiError as exc:
            if _is_outage(exc):
                self._failed(team, _error_code(exc))
            else:
                self._reached()
        except (SlackRequestError, OSError) as exc:
            self._failed(team, _error_code(exc))
        else:
            self._reached()

    def _reached(self, *, sent: bool = False) -> None:
        now = self._clock.now()
        with self._health_lock:
            h = self._health
            self._health = replace(
                h,
                consecutive_failures=0,
                failing_since=None,
                last_sent_at=now if sent else h.last_sent_at,
            )
        if not h.reachable and h.failing_since is not None:
            down = (now - h.failing_since).total_seconds()
            log.info("Slack is reachable again after %.0fs", down)

    def _failed(self, team_id: str, code: str) -> None:
        now = self._clock.now()
        with self._health_lock:
            h = self._health
            self._last_failed_team = team_id
            self._health = replace(
                h,
                consecutive_failures=h.consecutive_failures + 1,
                failing_since=h.failing_since or now,
                last_error=code,
                last_error_at=now,
            )
        if h.consecutive_failures + 1 == UNREACHABLE_AFTER:
            log.warning("Slack is unreachable (%s); deliveries wait and are retried", code)

    def _rate_limited(self, code: str, seconds: float) -> None:
        now = self._clock.now()
        until = now + timedelta(seconds=seconds)
        with self._health_lock:
            h = self._health
            self._health = replace(
                h,
                last_error=code,
                last_error_at=now,
                rate_limited_until=max(until, h.rate_limited_until or until),
            )

    def _expired_one(self) -> None:
        with self._health_lock:
            self._health = replace(self._health, expired=self._health.expired + 1)

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
            if self._stop.is_set() or self._tripped():
                self._put_back(rows[index:])
                return
            wait = self._channel_spacing - (time.monotonic() - last_post)
            if last_post and wait > 0:
                time.sleep(wait)
            try:
                posted = self._deliver(row, report)
            except Exception as exc:  # a bug (a gate, a payload) must not stop the channel
                posted = True
                self._unexpected(row, report, exc)
            if posted:
                last_post = time.monotonic()

    def _unexpected(self, row: OutboxRow, report: TickReport, exc: Exception) -> None:
        """An error nobody planned for, maybe after the post: the row stays in doubt and uses
        up an attempt, so a row that always fails ends as failed instead of blocking."""
        log.error(
            "delivery %s (%s) failed unexpectedly: %s",
            row.id,
            row.kind,
            type(exc).__name__,
            exc_info=exc,
        )
        self._retry(
            row,
            report,
            f"bug_{type(exc).__name__}"[:64],
            delay=self._backoff(row),
            count_attempt=True,
            in_doubt=True,
        )

    def _put_back(self, rows: list[OutboxRow]) -> None:
        """Rows claimed but not tried: back to the outbox, due again at the next tick. A row
        that was in doubt stays in doubt."""
        now = self._clock.now()
        for row in rows:
            if row.in_doubt:
                self._outbox.keep_in_doubt(row.id, until=now, error="not tried")
        self._outbox.release(r.id for r in rows if not r.in_doubt)

    def _deliver(self, row: OutboxRow, report: TickReport) -> bool:
        """Handle one row; True when a message was posted to Slack."""
        now = self._clock.now()
        client = self._clients(row.team_id)
        if client is None:
            self._finish(row, report, FAILED, "failed", error="no_installation")
            return False
        # An in-doubt row is looked up first, even when it has expired since: Slack may have
        # it (sent in time), and then it is recorded as sent, not expired.
        if row.in_doubt and self._confirm(row, client, report):
            return False
        if row.expires_at is not None and now >= row.expires_at:
            self._expire(row, report, "not sent before it expired")
            return False
        decision = self._gate(row, client, now)
        if decision.action != "send":
            self._apply(row, decision, report, now)
            return False
        if not self._buckets.for_team(row.team_id).acquire(self._stop):
            self._put_back([row])
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

    def _expire(self, row: OutboxRow, report: TickReport, why: str, error: str = "") -> None:
        """Too late to be useful: never sent, counted in metrics and health, logged (id, kind
        and reason only; never the message)."""
        self._metrics.expired.labels(row.kind).inc()
        self._expired_one()
        log.info("delivery %s (%s) expired: %s", row.id, row.kind, error or why)
        self._finish(row, report, EXPIRED, "expired", error=error or None)

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
            self._expire(row, report, "deferred past its expiry", decision.reason or "deferred")
            return
        self._outbox.retry_at(row.id, when=until, error=decision.reason or "deferred")
        report.count(row, "deferred")

    def _confirm(self, row: OutboxRow, client: WebClient, report: TickReport) -> bool:
        """For an in-doubt row: True if Slack already has it (then it is marked sent), or if we
        could not tell (then it stays in doubt and is looked up again later)."""
        try:
            found = find_delivered(client, row)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            code = _error_code(exc)
            if isinstance(exc, SlackApiError) and not _is_outage(exc):
                if _is_rate_limit(exc):
                    self._rate_limited(code, _retry_after(exc))
                    delay = _retry_after(exc)
                else:
                    self._reached()
                    delay = self._backoff(row)
            else:
                self._failed(row.team_id, code)
                delay = self._backoff(row)
            label = "check_no_response" if code.startswith("no response") else f"check_{code}"
            self._metrics.send_failures.labels(row.kind, label).inc()
            self._retry(row, report, code, delay=delay, in_doubt=True)
            return True
        self._reached()
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
            # No answer: Slack may or may not have posted it. The row stays in doubt so the next
            # attempt checks the conversation first.
            self._metrics.send_failures.labels(row.kind, "no_response").inc()
            log.warning("delivery %s got no answer from Slack (%s)", row.id, type(exc).__name__)
            self._failed(row.team_id, _error_code(exc))
            self._retry(row, report, "no_response", delay=self._backoff(row), in_doubt=True)
            return True
        self._reached(sent=True)
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
        if _is_rate_limit(exc):
            retry_after = _retry_after(exc)
            self._buckets.for_team(row.team_id).pause(retry_after)
            self._rate_limited(code, retry_after)
            self._retry(row, report, code, delay=retry_after, told=True)
        elif _is_outage(exc):
            # Slack is down or overloaded: not the message's fault, so no attempt is used up.
            # Slack says that after internal_error / fatal_error "it's possible some aspect of
            # the operation succeeded": such a row stays in doubt.
            self._failed(row.team_id, code)
            self._retry(row, report, code, delay=self._backoff(row), in_doubt=_maybe_posted(exc))
        elif code in PERMANENT_ERRORS:
            self._reached()
            log.warning("delivery %s refused by Slack: %s", row.id, code)
            self._finish(row, report, FAILED, "failed", error=code)
        else:
            self._reached()
            self._retry(row, report, code, delay=self._backoff(row), count_attempt=True)

    def _backoff(self, row: OutboxRow) -> float:
        return min(self._max_backoff, 2.0 ** min(row.attempts, 16))

    def _retry(
        self,
        row: OutboxRow,
        report: TickReport,
        code: str,
        *,
        delay: float,
        count_attempt: bool = False,
        told: bool = False,
        in_doubt: bool = False,
    ) -> None:
        """Try again after `delay` while the message is still valid.

        Only errors that say something about the message itself (`count_attempt`) use up
        `max_attempts`; outages and rate limits are retried until the message expires (or, for
        one without an expiry, until `give_up_after`). A backoff of our own choosing is
        shortened to leave one last try before the expiry; a `Retry-After` from Slack (`told`)
        is not, so such a message expires now instead of being sent late.
        """
        now = self._clock.now()
        when = now + timedelta(seconds=delay)
        if count_attempt and row.attempts >= self._max_attempts:
            self._finish(row, report, FAILED, "failed", error=code)
            return
        deadline = row.expires_at or (row.due_at + self._give_up_after)
        if when >= deadline:
            last_try = deadline - timedelta(seconds=1)
            if told or last_try <= now:
                if row.expires_at is None:
                    log.warning(
                        "delivery %s gave up after %s: %s", row.id, self._give_up_after, code
                    )
                    self._finish(row, report, FAILED, "failed", error=code)
                else:
                    self._expire(row, report, "Slack could not take it in time", code)
                return
            when = last_try
        if in_doubt:
            self._outbox.keep_in_doubt(row.id, until=when, error=code)
        else:
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


def _api_error(exc: SlackApiError) -> str | None:
    """Slack's error code, when the answer had one (a proxy's HTML error page has none)."""
    data = exc.response.data
    code = data.get("error") if isinstance(data, dict) else None
    return code if isinstance(code, str) and _CODE.fullmatch(code) else None


def _is_rate_limit(exc: SlackApiError) -> bool:
    return exc.response.status_code == 429 or _api_error(exc) in {"ratelimited", "rate_limited"}


def _is_outage(exc: SlackApiError) -> bool:
    """Slack answered with a server error: it is down or overloaded, not refusing the message."""
    return exc.response.status_code >= 500 or _api_error(exc) in {
        "service_unavailable",
        "request_timeout",
        "fatal_error",
    }


def _maybe_posted(exc: SlackApiError) -> bool:
    """After this server error, could Slack have posted the message anyway? Only a plain
    "service unavailable" means it surely did not."""
    return exc.response.status_code != 503 and _api_error(exc) != "service_unavailable"


def _retry_after(exc: SlackApiError) -> float:
    try:
        return max(1.0, float(exc.response.headers.get("Retry-After", 1) or 1))
    except (TypeError, ValueError):
        return 1.0


def _error_code(exc: Exception) -> str:
    """A short code for logs, metrics and /healthz: Slack's error code, or "no response" and
    the exception type when no answer came (timeout, refused or dropped connection)."""
    if isinstance(exc, SlackApiError):
        return _api_error(exc) or f"http_{exc.response.status_code}"
    return f"no response: {type(exc).__name__}"


__all__ = ["CANCELLED", "Decision", "DeliveryHealth", "Dispatcher", "Gate", "TickReport"]
