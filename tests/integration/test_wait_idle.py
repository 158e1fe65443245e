"""`Runtime.wait_idle`: what the other integration tests rely on before checking that nothing
(more) happened. It must wait for a lazy listener and a tick in progress, and say so when one
is still running at the deadline."""

from __future__ import annotations

import threading
from datetime import datetime

from bot.busy import Busy, TrackedExecutor
from tests.integration.conftest import Bot


def test_a_lazy_listener_still_running_keeps_the_app_busy(http_bot: Bot) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow_lazy(ack: object) -> None:
        started.set()
        release.wait(10)

    http_bot.runtime.app.event("reaction_added")(ack=lambda ack: ack(), lazy=[slow_lazy])
    event = {
        "type": "reaction_added",
        "user": "U0BEN",
        "reaction": "+1",
        "item": {"type": "message", "channel": "C0FRONTDESK", "ts": "1.000001"},
    }
    assert http_bot.sender.event(event).status == 200  # acknowledged; the lazy work goes on
    assert not http_bot.runtime.wait_idle(0.2)
    assert started.is_set()
    release.set()
    assert http_bot.runtime.wait_idle(5)
    assert http_bot.runtime.deps.busy.in_flight == 0


def test_a_tick_in_progress_keeps_the_app_busy(http_bot: Bot) -> None:
    release = threading.Event()
    planning = threading.Event()

    def slow_planner(now: datetime) -> None:
        planning.set()
        release.wait(10)

    http_bot.runtime.ticker.planners.append(slow_planner)
    tick = threading.Thread(target=http_bot.tick)
    tick.start()
    assert planning.wait(5)
    assert not http_bot.runtime.wait_idle(0.2)
    release.set()
    assert http_bot.runtime.wait_idle(5)
    tick.join(5)


def test_work_that_raises_or_is_cancelled_is_no_longer_counted() -> None:
    busy = Busy()
    pool = TrackedExecutor(busy, max_workers=1)
    boom = pool.submit(lambda: 1 / 0)
    assert busy.wait_idle(5)
    assert isinstance(boom.exception(), ZeroDivisionError)

    running, gate = threading.Event(), threading.Event()

    def first_task() -> bool:
        running.set()
        return gate.wait(10)

    first = pool.submit(first_task)
    never = pool.submit(print, "never runs")
    assert running.wait(5)
    assert busy.in_flight == 2
    pool.shutdown(wait=False, cancel_futures=True)
    gate.set()
    assert busy.wait_idle(5)
    assert first.result() is True and never.cancelled()
