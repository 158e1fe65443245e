"""Who may learn that a colleague is off: people of the same organisation only.

A notice says when a colleague works and is back. That goes to a sender who is a full member
of the same workspace, or — on Enterprise Grid — of a workspace of the same organisation.
Everyone else gets nothing: people from other organisations in a Slack Connect channel, guests
(single- and multi-channel guests are outside the practice: a vendor, an agency), bots, and
anyone Slack cannot vouch for right now (fail closed: a missed notice costs little, a leaked
absence is what this guards against).

Pure rule (`same_organisation`) plus a short-lived cache of Slack's answer (`SenderCheck`), so a
busy channel costs one `users.info` per sender every few minutes, and only when a notice would
actually be sent.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

log = logging.getLogger(__name__)

CACHE_SECONDS = 300.0
CACHE_MAX = 5_000


def same_organisation(user: Mapping[str, Any], *, team_id: str, enterprise_id: str | None) -> bool:
    """True for a full (non-guest, human, active) member of the workspace or its Grid org."""
    if user.get("deleted") or user.get("is_bot") or user.get("is_app_user"):
        return False
    if user.get("is_stranger") or user.get("is_restricted") or user.get("is_ultra_restricted"):
        return False
    if team_id and user.get("team_id") == team_id:
        return True
    org = (user.get("enterprise_user") or {}).get("enterprise_id") or user.get("enterprise_id")
    return bool(enterprise_id) and org == enterprise_id


def foreign_by_event(user_team: str | None, *, team_id: str, enterprise_id: str | None) -> bool:
    """The event alone says the sender is from elsewhere (a shared channel's other side)."""
    return bool(user_team) and user_team != team_id and not enterprise_id


class SenderCheck:
    """`allowed(...)` asks Slack about a sender (cached) and returns their profile when they
    may see notices, else None."""

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], tuple[float, dict[str, Any] | None]] = {}

    def allowed(
        self, client: WebClient, *, team_id: str, enterprise_id: str | None, user_id: str
    ) -> dict[str, Any] | None:
        key, now = (team_id, user_id), self._clock()
        with self._lock:
            cached = self._seen.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            user = client.users_info(user=user_id, include_locale=True)["user"]
        except (SlackApiError, SlackRequestError, OSError, KeyError, TypeError) as exc:
            log.warning("could not tell whether a sender may see notices: %s", type(exc).__name__)
            return None  # not cached: ask again next time
        ok = isinstance(user, dict) and same_organisation(
            user, team_id=team_id, enterprise_id=enterprise_id
        )
        profile = dict(user) if ok else None
        with self._lock:
            if len(self._seen) >= CACHE_MAX:
                self._seen.clear()
            self._seen[key] = (now + CACHE_SECONDS, profile)
        return profile
