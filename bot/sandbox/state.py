"""Workspace data and recordings kept by the sandbox.

Everything here is guarded by one re-entrant lock owned by `Workspace`; the HTTP and WebSocket
servers call in from many threads.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """One Web API request as the sandbox saw it."""

    method: str
    params: dict[str, Any]
    token: str | None
    status: int  # HTTP status sent back; 0 when the connection was dropped without an answer
    time: float  # time.monotonic() when the request arrived
    response: dict[str, Any] | None = None
    team_id: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response and self.response.get("ok"))

    @property
    def error(self) -> str | None:
        return None if self.response is None else self.response.get("error")


@dataclass
class User:
    id: str
    name: str
    real_name: str
    tz: str = "America/Chicago"
    locale: str = "en-US"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False
    email: str | None = None
    presence: str = "active"
    dnd_enabled: bool = False
    next_dnd_start_ts: int = 1
    next_dnd_end_ts: int = 1
    # Someone from elsewhere: another workspace (Slack Connect, or a sister workspace on
    # Enterprise Grid), a guest, or a stranger Slack shares nothing about.
    team_id: str | None = None  # None: the sandbox's own workspace
    enterprise_id: str | None = None
    is_restricted: bool = False  # multi-channel guest
    is_ultra_restricted: bool = False  # single-channel guest
    is_stranger: bool = False


@dataclass
class Channel:
    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    user: str | None = None  # the other party of an IM
    bot_is_member: bool = True
    created: int = field(default_factory=lambda: int(time.time()))


@dataclass
class TokenInfo:
    kind: str  # "bot" | "app" | "user"
    team_id: str
    user_id: str | None = None
    execution_id: str | None = None  # a custom step's bot_access_token: valid while it runs
    # Enterprise Grid: the organisation; an org-wide token has `team_id` == `enterprise_id`.
    enterprise_id: str | None = None


class Workspace:
    """Users, channels, posted messages and every recorded interaction."""

    def __init__(self, *, team_id: str, team_name: str, bot_user_id: str) -> None:
        self.lock = threading.RLock()
        self.team_id = team_id
        self.team_name = team_name
        self.domain = "".join(c for c in team_name.lower() if c.isalnum()) or "sandbox"
        self.bot_user_id = bot_user_id
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.tokens: dict[str, TokenInfo] = {}
        self.team_names: dict[str, str] = {team_id: team_name}
        self.calls: list[Call] = []
        self.messages: list[dict[str, Any]] = []
        self.ephemerals: list[dict[str, Any]] = []
        self.scheduled: dict[str, dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.home_view_by_user: dict[str, str] = {}
        self.view_events: list[tuple[str, str | None, dict[str, Any]]] = []  # (method, user, view)
        self.uploads: dict[str, dict[str, Any]] = {}
        self.triggers: dict[str, float] = {}  # trigger_id -> issued at (monotonic); used -> -1
        self.response_urls: dict[str, dict[str, Any]] = {}
        self.responses: list[dict[str, Any]] = []
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.refresh_tokens: dict[str, dict[str, Any]] = {}
        self.function_defs: dict[str, dict[str, Any]] = {}  # custom steps, by callback_id
        self.function_runs: dict[str, Any] = {}  # FunctionRun by function_execution_id
        self._ids = itertools.count(1)
        self._last_ts = 0.0

    # -- id helpers ---------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        with self.lock:
            return f"{prefix}0SBX{next(self._ids):06d}"

    def next_ts(self) -> str:
        """A Slack message ts: wall-clock seconds, strictly increasing, six decimals."""
        with self.lock:
            now = max(time.time(), self._last_ts + 0.000001)
            self._last_ts = now
            return f"{now:.6f}"

    # -- lookups ------------------------------------------------------------------------------
    def dm_channel(self, user_id: str, *, create: bool = True) -> Channel | None:
        """The bot's IM with a user; a stable D-id derived from the user id."""
        with self.lock:
            cid = "D" + user_id[1:]
            chan = self.channels.get(cid)
            if chan is None and create and user_id in self.users:
                chan = Channel(
                    cid, cid, [user_id, self.bot_user_id], is_private=True, is_im=True, user=user_id
                )
                self.channels[cid] = chan
            return chan

    def resolve_channel(self, channel: str | None) -> Channel | None:
        """Accept a C/G/D id, or a user id (Slack posts that to the app DM)."""
        if not channel:
            return None
        with self.lock:
            if channel in self.channels:
                return self.channels[channel]
            if channel[:1] in ("U", "W") and channel in self.users:
                return self.dm_channel(channel)
            return None

    def find_message(self, channel_id: str, ts: str) -> dict[str, Any] | None:
        with self.lock:
            for msg in self.messages:
                if msg["channel"] == channel_id and msg["ts"] == ts:
                    return msg
            return None

    def add_call(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def snapshot(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        with self.lock:
            return copy.deepcopy(items)
