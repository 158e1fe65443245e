"""Whether Slack takes our messages: the delivery health that `/healthz` reports.

Owns `DeliveryHealth` (an immutable snapshot: consecutive failures, rate limits, last send,
expired count; error codes only, never message text) and `HealthTracker`, which the dispatcher
updates from its sending threads.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.delivery.errors import Failure

log = logging.getLogger(__name__)

# Consecutive failures to reach Slack before `/healthz` reports it unreachable, and before a
# tick stops trying (the rest of the batch waits for the next tick instead of timing out too).
UNREACHABLE_AFTER = 3


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


class HealthTracker:
    """The current `DeliveryHealth`, updated under a lock by concurrent sends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._health = DeliveryHealth()
        # The workspace that failed last: the one to probe while nothing else is being sent.
        self.last_failed_team: str | None = None

    def snapshot(self) -> DeliveryHealth:
        with self._lock:
            return self._health

    def reached(self, now: datetime, *, sent: bool = False) -> None:
        with self._lock:
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

    def failed(self, team_id: str, code: str, now: datetime) -> None:
        with self._lock:
            h = self._health
            self.last_failed_team = team_id
            self._health = replace(
                h,
                consecutive_failures=h.consecutive_failures + 1,
                failing_since=h.failing_since or now,
                last_error=code,
                last_error_at=now,
            )
        if h.consecutive_failures + 1 == UNREACHABLE_AFTER:
            log.warning("Slack is unreachable (%s); deliveries wait and are retried", code)

    def rate_limited(self, code: str, seconds: float, now: datetime) -> None:
        until = now + timedelta(seconds=seconds)
        with self._lock:
            h = self._health
            self._health = replace(
                h,
                last_error=code,
                last_error_at=now,
                rate_limited_until=max(until, h.rate_limited_until or until),
            )

    def observe(self, team_id: str, failure: Failure, now: datetime) -> None:
        """What a failed call to Slack says about its health."""
        if failure.kind == "rate_limited":
            self.rate_limited(failure.code, failure.retry_after, now)
        elif failure.slack_down:
            self.failed(team_id, failure.code, now)
        else:
            self.reached(now)

    def expired_one(self) -> None:
        with self._lock:
            self._health = replace(self._health, expired=self._health.expired + 1)


__all__ = ["UNREACHABLE_AFTER", "DeliveryHealth", "HealthTracker"]
