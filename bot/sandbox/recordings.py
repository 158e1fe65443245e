"""Read-only views of what the sandbox recorded, mixed into `SlackSandbox`."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from bot.sandbox.ratelimit import RateLimiter
from bot.sandbox.state import Call, Workspace


class Recordings:
    workspace: Workspace
    limiter: RateLimiter

    # -- recordings -----------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        with self.workspace.lock:
            return [c for c in self.workspace.calls if method is None or c.method == method]

    def clear_calls(self) -> None:
        with self.workspace.lock:
            self.workspace.calls.clear()

    def _chan_id(self, channel: str | None) -> str | None:
        if channel is None:
            return None
        chan = self.workspace.resolve_channel(channel)
        return chan.id if chan else channel

    def messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        cid = self._chan_id(channel)
        with self.workspace.lock:
            return copy.deepcopy(
                [m for m in self.workspace.messages if cid is None or m["channel"] == cid]
            )

    def ephemerals(
        self, channel: str | None = None, user: str | None = None
    ) -> list[dict[str, Any]]:
        cid = self._chan_id(channel)
        with self.workspace.lock:
            return copy.deepcopy(
                [
                    e
                    for e in self.workspace.ephemerals
                    if (cid is None or e["channel"] == cid) and (user is None or e["user"] == user)
                ]
            )

    def views_published(self, user_id: str | None = None) -> list[dict[str, Any]]:
        with self.workspace.lock:
            return copy.deepcopy(
                [
                    v
                    for m, u, v in self.workspace.view_events
                    if m == "views.publish" and user_id in (None, u)
                ]
            )

    def views_opened(self) -> list[dict[str, Any]]:
        """Views from views.open and views.push, in order."""
        with self.workspace.lock:
            return copy.deepcopy(
                [v for m, _, v in self.workspace.view_events if m in ("views.open", "views.push")]
            )

    def views_updated(self) -> list[dict[str, Any]]:
        with self.workspace.lock:
            return copy.deepcopy(
                [v for m, _, v in self.workspace.view_events if m == "views.update"]
            )

    def scheduled_messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        cid = self._chan_id(channel)
        with self.workspace.lock:
            return copy.deepcopy(
                [
                    s
                    for s in self.workspace.scheduled.values()
                    if cid is None or s["channel_id"] == cid
                ]
            )

    def uploads(self) -> list[dict[str, Any]]:
        with self.workspace.lock:
            return copy.deepcopy(list(self.workspace.uploads.values()))

    def responses(self, url: str | None = None) -> list[dict[str, Any]]:
        """Bodies POSTed to response_urls: `{"url", "body", "time"}`."""
        with self.workspace.lock:
            return copy.deepcopy(
                [r for r in self.workspace.responses if url is None or r["url"] == url]
            )

    def rate_limited_count(self, method: str | None = None) -> int:
        """How many requests were answered 429 by the rate limiter (not by `fail_next`)."""
        return self.limiter.count(method)

    def wait_for(
        self,
        predicate_or_method: str | Callable[[], Any],
        count: int = 1,
        timeout: float = 5.0,
        interval: float = 0.01,
    ) -> Any:
        """Poll until `count` calls of a method were recorded (returns them) or until
        `predicate()` is truthy (returns its value). Raises TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            if isinstance(predicate_or_method, str):
                found: Any = self.calls(predicate_or_method)
                if len(found) >= count:
                    return found
            else:
                found = predicate_or_method()
                if found:
                    return found
            if time.monotonic() >= deadline:
                raise TimeoutError(f"sandbox.wait_for({predicate_or_method!r}) timed out")
            time.sleep(interval)
