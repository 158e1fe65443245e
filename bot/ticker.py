"""The in-process clock: one APScheduler 3.11 interval job that plans and delivers due work.

Per-member timers are rows in our database, not APScheduler jobs, so APScheduler's own job store
stays in memory (it must never be shared between processes) and a restart loses nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from bot.busy import Busy
from bot.clock import Clock
from bot.delivery import Dispatcher, TickReport
from bot.jobs import Planner
from bot.metrics import Metrics

log = logging.getLogger(__name__)


class Ticker:
    def __init__(
        self,
        *,
        dispatcher: Dispatcher,
        clock: Clock,
        metrics: Metrics,
        interval_seconds: float,
        planners: list[Planner] | None = None,
        busy: Busy | None = None,
    ) -> None:
        self._busy = busy or Busy()
        self._dispatcher = dispatcher
        self._clock = clock
        self._metrics = metrics
        self._interval = interval_seconds
        self.planners: list[Planner] = list(planners or [])
        self._scheduler = BackgroundScheduler(timezone="UTC")
        self._scheduler.add_listener(self._on_job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self._lock = threading.Lock()
        self.started_at = time.monotonic()
        self.last_tick_at: float | None = None
        self.last_error: str | None = None

    def start(self) -> None:
        self.started_at = time.monotonic()
        self._scheduler.add_job(
            self.run_once,
            "interval",
            seconds=self._interval,
            id="tick",
            next_run_time=self._clock.now() + timedelta(seconds=0.2),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=max(1, int(self._interval)),
            replace_existing=True,
        )
        self._scheduler.start()

    def stop(self) -> None:
        """Stop ticking and wait for a tick in progress to finish."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        self._dispatcher.stop()

    def run_once(self) -> TickReport:
        with self._busy.track(), self._lock:
            started = time.monotonic()
            now = self._clock.now()
            self.last_error = None
            for planner in self.planners:
                try:
                    planner(now)
                except Exception as exc:
                    # One feature's planning bug must not stop every delivery.
                    self.last_error = f"planner: {type(exc).__name__}"
                    log.exception("planner failed")
            report = self._dispatcher.tick()
            self._metrics.tick_seconds.observe(time.monotonic() - started)
            self.last_tick_at = time.monotonic()
            return report

    def tick_age(self) -> float:
        """Seconds since the last completed tick (or since start, before the first)."""
        return time.monotonic() - (self.last_tick_at or self.started_at)

    def _on_job_event(self, event: JobExecutionEvent) -> None:
        if event.exception is not None:
            self.last_error = type(event.exception).__name__
            log.error("scheduler tick failed: %s", self.last_error, exc_info=event.exception)
        else:
            log.warning("scheduler tick missed its time (the process was busy or asleep)")
