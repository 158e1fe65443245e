"""Housekeeping for after-hours quiet: prune old rows once a day, close scheduled-note records.

* Notices older than NOTICES_KEEP and processed event ids older than EVENTS_KEEP are deleted
  once a day per process (the first tick after start, then every 24 h). Each replica does it;
  the deletes are idempotent (`WHERE time < cutoff`), so replicas racing delete each row once
  between them, and a failed run is simply tried again at the next tick.
* A "scheduled" follow-up row only records a message Slack posts by itself: when it falls due
  the gate closes it as skipped (`scheduled_in_slack`); the dispatcher never posts it.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.delivery import Decision
from bot.deps import Deps
from bot.features.quiet import service
from bot.store import Store
from bot.store.outbox import OutboxRow

log = logging.getLogger(__name__)

# At most one notice per sender, colleague and off-shift period: after two weeks the period is
# long over (a leave longer than that may get one more notice, which is fine).
NOTICES_KEEP = timedelta(days=14)
# Slack retries an event for about an hour; two days is plenty to recognise a retry.
EVENTS_KEEP = timedelta(days=2)
EVERY = timedelta(days=1)


def register(deps: Deps) -> None:
    deps.jobs.add_planner("quiet.housekeeping", Housekeeping(deps.store))
    deps.jobs.add_gate(service.SCHEDULED_KIND, scheduled_record_gate)


def prune(store: Store, now: datetime) -> tuple[int, int]:
    """Delete old notices and processed event ids; returns how many of each went."""
    notices = store.notices.prune(before=now - NOTICES_KEEP)
    events = store.events.prune(before=now - EVENTS_KEEP)
    return notices, events


class Housekeeping:
    """A planner (called at every tick) that prunes once per EVERY."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._next: datetime | None = None
        self._lock = threading.Lock()

    def __call__(self, now: datetime) -> None:
        with self._lock:
            if self._next is not None and now < self._next:
                return
            notices, events = prune(self._store, now)  # raises: tried again next tick
            self._next = now + EVERY
        if notices or events:
            log.info("housekeeping: pruned %d notices and %d event ids", notices, events)


def scheduled_record_gate(row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    """Slack posts a scheduled note itself: its record is closed, never sent by us."""
    return Decision("skip", reason="scheduled_in_slack")
