"""The finish step of a delivery: recording what happened to each claimed row.

Owns the types features and the ticker see (`Decision` and `Gate` for pre-send rules,
`TickReport`) and `Outcomes`, which writes a row's end (sent, skipped, deferred, retried,
expired, failed, put back) to the outbox, the tick's report, metrics and health. Logs carry ids,
kinds and error codes only, never the message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from slack_sdk import WebClient

from bot.clock import Clock
from bot.delivery.health import HealthTracker
from bot.delivery.retry import RetryPlan
from bot.metrics import Metrics
from bot.store.outbox import EXPIRED, FAILED, SENT, SKIPPED, Outbox, OutboxRow

log = logging.getLogger(__name__)


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


class Outcomes:
    def __init__(
        self, *, outbox: Outbox, clock: Clock, metrics: Metrics, health: HealthTracker
    ) -> None:
        self._outbox = outbox
        self._clock = clock
        self._metrics = metrics
        self._health = health

    def sent(
        self, row: OutboxRow, report: TickReport, channel: str, ts: str, outcome: str = "sent"
    ) -> None:
        """Slack has it: posted now (`sent`) or found by its delivery id (`confirmed`)."""
        self.finish(row, report, SENT, outcome, slack_channel=channel, slack_ts=ts)
        self._metrics.sends.labels(row.kind).inc()

    def failed(self, row: OutboxRow, report: TickReport, code: str) -> None:
        self.finish(row, report, FAILED, "failed", error=code)

    def expire(self, row: OutboxRow, report: TickReport, why: str, error: str = "") -> None:
        """Too late to be useful: never sent, counted in metrics and health, logged (id, kind
        and reason only; never the message)."""
        self._metrics.expired.labels(row.kind).inc()
        self._health.expired_one()
        log.info("delivery %s (%s) expired: %s", row.id, row.kind, error or why)
        self.finish(row, report, EXPIRED, "expired", error=error or None)

    def decided(
        self, row: OutboxRow, decision: Decision, report: TickReport, now: datetime
    ) -> None:
        """A gate said skip or defer."""
        if decision.action == "skip":
            self._metrics.skipped.labels(row.kind, decision.reason or "rule").inc()
            self.finish(row, report, SKIPPED, "skipped", error=decision.reason)
            return
        until = decision.until or now
        if row.expires_at is not None and until >= row.expires_at:
            self.expire(row, report, "deferred past its expiry", decision.reason or "deferred")
            return
        self._outbox.retry_at(row.id, when=until, error=decision.reason or "deferred")
        report.count(row, "deferred")

    def follow(self, row: OutboxRow, report: TickReport, plan: RetryPlan) -> None:
        """Carry out a plan from `plan_retry`."""
        if plan.action == "expire":
            self.expire(row, report, plan.reason, plan.code)
        elif plan.action == "fail":
            log.warning("delivery %s %s: %s", row.id, plan.reason, plan.code)
            self.failed(row, report, plan.code)
        else:
            assert plan.when is not None
            if plan.in_doubt:
                self._outbox.keep_in_doubt(row.id, until=plan.when, error=plan.code)
            else:
                self._outbox.retry_at(row.id, when=plan.when, error=plan.code)
            report.count(row, "retried")

    def put_back(self, rows: list[OutboxRow]) -> None:
        """Rows claimed but not tried: back to the outbox, due again at the next tick. A row
        that was in doubt stays in doubt."""
        now = self._clock.now()
        for row in rows:
            if row.in_doubt:
                self._outbox.keep_in_doubt(row.id, until=now, error="not tried")
        self._outbox.release(r.id for r in rows if not r.in_doubt)

    def finish(
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


__all__ = ["SEND", "Decision", "Gate", "Outcomes", "TickReport"]
