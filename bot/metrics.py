"""Prometheus metrics, one registry per running app (tests build many apps in one process)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("balance_requests", "Slack requests received", ["kind"], registry=r)
        self.ack_seconds = Histogram(
            "balance_ack_seconds",
            "Time from receiving a Slack request to answering it",
            ["kind"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3),
            registry=r,
        )
        self.refused = Counter(
            "balance_requests_refused",
            "Requests refused at the edge, by status (400, 401, 408, 413)",
            ["status"],
            registry=r,
        )
        self.sends = Counter("balance_sends", "Messages delivered to Slack", ["kind"], registry=r)
        self.send_failures = Counter(
            "balance_send_failures", "Delivery attempts that failed", ["kind", "error"], registry=r
        )
        self.expired = Counter(
            "balance_expired",
            "Messages dropped because their moment had passed",
            ["kind"],
            registry=r,
        )
        self.skipped = Counter(
            "balance_skipped", "Messages skipped by a pre-send rule", ["kind", "reason"], registry=r
        )
        self.tick_seconds = Histogram(
            "balance_tick_seconds", "Duration of one scheduler tick", registry=r
        )
        self.outbox_depth = Gauge(
            "balance_outbox_depth", "Messages waiting in the outbox", registry=r
        )
        self.duplicate_events = Counter(
            "balance_duplicate_events", "Event deliveries ignored as retries", registry=r
        )
        self.planning_failures = Counter(
            "balance_planning_failures",
            "Members a planning pass skipped because planning them failed",
            ["stage"],
            registry=r,
        )
        self.members_failing = Gauge(
            "balance_planning_members_failing",
            "Members whose latest planning pass failed (tried again later)",
            registry=r,
        )

    def track_outbox_depth(self, depth: Callable[[], int]) -> None:
        self.outbox_depth.set_function(lambda: float(depth()))

    def track_members_failing(self, count: Callable[[], int]) -> None:
        self.members_failing.set_function(lambda: float(count()))

    def render(self) -> bytes:
        return generate_latest(self.registry)
