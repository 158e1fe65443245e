"""Slack-like rate limits (token buckets) and injected faults."""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass

# Per-minute tiers (Slack docs / java-slack-sdk MethodsRateLimits); applied per method per team.
TIER_PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "apps.connections.open": 1,
    "users.list": 2,
    "dnd.teamInfo": 2,
    "chat.update": 3,
    "chat.scheduleMessage": 3,
    "chat.deleteScheduledMessage": 3,
    "chat.scheduledMessages.list": 3,
    "conversations.open": 3,
    "conversations.history": 3,
    "conversations.info": 3,
    "users.getPresence": 3,
    "dnd.info": 3,
    "team.info": 3,
    "functions.completeSuccess": 3,
    "functions.completeError": 3,
    "chat.postEphemeral": 4,
    "chat.getPermalink": 4,
    "conversations.members": 4,
    "users.info": 4,
    "views.publish": 4,
    "views.open": 4,
    "views.update": 4,
    "views.push": 4,
    "files.getUploadURLExternal": 4,
    "files.completeUploadExternal": 4,
}


class TokenBucket:
    """`rate` tokens per second, holding at most `burst`."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = max(1.0, burst)
        self.tokens = self.burst
        self.stamp = time.monotonic()

    def take(self) -> float:
        """Take one token; 0.0 on success, else seconds until one is available."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


class RateLimiter:
    def __init__(
        self,
        *,
        post_message_per_channel_per_sec: float | None,
        post_message_burst: float,
        workspace_post_rate: float | None,
        enforce_tiers: bool,
    ) -> None:
        self.per_channel = post_message_per_channel_per_sec
        self.burst = post_message_burst
        self.workspace_rate = workspace_post_rate
        self.enforce_tiers = enforce_tiers
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, ...], TokenBucket] = {}
        self.limited: Counter[str] = Counter()

    def _take(self, key: tuple[str, ...], rate: float, burst: float) -> float:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(rate, burst)
        return bucket.take()

    def count(self, method: str | None = None) -> int:
        with self._lock:
            return sum(self.limited.values()) if method is None else self.limited[method]

    def check(self, method: str, team_id: str, channel: str | None) -> int:
        """0 when allowed, else the integer Retry-After (seconds) to send with a 429."""
        with self._lock:
            wait = 0.0
            if self.enforce_tiers and method in METHOD_TIERS:
                per_min = TIER_PER_MINUTE[METHOD_TIERS[method]]
                wait = self._take(("tier", team_id, method), per_min / 60.0, per_min)
            if not wait and method == "chat.postMessage":
                if self.workspace_rate:
                    wait = self._take(
                        ("ws", team_id), self.workspace_rate, max(1.0, self.workspace_rate)
                    )
                if not wait and self.per_channel and channel:
                    wait = self._take(("ch", team_id, channel), self.per_channel, self.burst)
            if wait:
                self.limited[method] += 1
                return max(1, math.ceil(wait))
            return 0


@dataclass
class Fault:
    kind: str  # "fail" | "hang" | "drop"
    method: str | None  # None: any method
    remaining: int
    status: int = 500
    retry_after: int = 1
    seconds: float = 0.0


class Faults:
    """Queued one-shot faults plus an outage switch."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._down_until = 0.0
        self._down = False
        self.down_mode = "503"  # or "close"
        self._slow: dict[str | None, float] = {}  # method (None: any) -> seconds, every call

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, method: str, kinds: tuple[str, ...]) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.kind in kinds and fault.method in (None, method) and fault.remaining > 0:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
            return None

    def slow(self, method: str | None, seconds: float) -> None:
        with self._lock:
            if seconds > 0:
                self._slow[method] = seconds
            else:
                self._slow.pop(method, None)

    def delay_for(self, method: str) -> float:
        with self._lock:
            return max(self._slow.get(method, 0.0), self._slow.get(None, 0.0))

    def set_down(self, down: bool, mode: str = "503") -> None:
        with self._lock:
            self._down = down
            self.down_mode = mode
            if not down:
                self._down_until = 0.0

    def outage(self, seconds: float, mode: str = "503") -> None:
        with self._lock:
            self._down_until = time.monotonic() + seconds
            self.down_mode = mode

    def is_down(self) -> bool:
        with self._lock:
            return self._down or time.monotonic() < self._down_until

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._slow.clear()
            self._down = False
            self._down_until = 0.0
