"""Client-side pacing so we stay inside Slack's limits instead of bouncing off 429s."""

from __future__ import annotations

import threading
import time


class TokenBucket:
    """A workspace-wide rate: `rate` sends per second with a small burst."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, rate)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def acquire(self, stop: threading.Event | None = None) -> bool:
        """Wait for a token; False if `stop` was set while waiting."""
        while True:
            with self._lock:
                now = time.monotonic()
                self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if now >= self._paused_until and self._tokens >= 1:
                    self._tokens -= 1
                    return True
                wait = max(self._paused_until - now, (1 - self._tokens) / self.rate)
            if stop is not None and stop.wait(min(wait, 0.5)):
                return False
            if stop is None:
                time.sleep(min(wait, 0.5))

    def pause(self, seconds: float) -> None:
        """Slack said slow down (429 Retry-After): nobody sends for that long."""
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)
            self._tokens = 0


class Buckets:
    """One bucket per workspace."""

    def __init__(self, rate: float) -> None:
        self._rate = rate
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def for_team(self, team_id: str) -> TokenBucket:
        with self._lock:
            bucket = self._buckets.get(team_id)
            if bucket is None:
                bucket = self._buckets[team_id] = TokenBucket(self._rate)
            return bucket
