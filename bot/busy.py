"""Work still running after Slack got its ack: lazy listeners and the tick.

Bolt runs lazy listeners on its `listener_executor`; we hand it a `TrackedExecutor` that counts
what it was given, and the ticker counts its own run. `Busy.wait_idle()` blocks until both are
done, so a check that "nothing was sent" runs only once the work that could send has finished
(tests and a graceful shut-down wait on that event instead of guessing a duration).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Busy:
    """A count of work in flight, with a wait for it to reach zero."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = threading.Condition()

    @property
    def in_flight(self) -> int:
        with self._idle:
            return self._count

    def begin(self) -> None:
        with self._idle:
            self._count += 1

    def end(self) -> None:
        with self._idle:
            self._count -= 1
            if self._count == 0:
                self._idle.notify_all()

    @contextmanager
    def track(self) -> Iterator[None]:
        self.begin()
        try:
            yield
        finally:
            self.end()

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is in flight; False if work is still running after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._count:
                left = deadline - time.monotonic()
                if left <= 0 or not self._idle.wait(left):
                    return self._count == 0
            return True


class TrackedExecutor(Executor):
    """Bolt's default listener executor (a thread pool of 5), counting each task in `busy`
    from the moment it is submitted (before the ack is sent) until it returns."""

    def __init__(self, busy: Busy, *, max_workers: int = 5) -> None:
        self._busy = busy
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="listener")

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        self._busy.begin()
        try:
            future = self._pool.submit(fn, *args, **kwargs)
        except BaseException:
            self._busy.end()  # never queued (the pool is shut down)
            raise
        # Called once the task returned or raised, or was cancelled before it ran.
        future.add_done_callback(lambda _: self._busy.end())
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)
