"""`SlackSandbox`: a local stand-in for Slack (Web API over HTTP + Socket Mode) on 127.0.0.1."""

from __future__ import annotations

import secrets
import threading
import time
from types import TracebackType
from typing import Any

from bot.sandbox.api_chat import deliver_due
from bot.sandbox.functions import FunctionSteps
from bot.sandbox.methods import SandboxConfig
from bot.sandbox.ratelimit import Fault, Faults, RateLimiter
from bot.sandbox.recordings import Recordings
from bot.sandbox.socket_mode import SocketModeServer
from bot.sandbox.state import Channel, TokenInfo, User, Workspace
from bot.sandbox.webapi import WebApi, start_http


class SlackSandbox(Recordings, FunctionSteps):
    """Start with `with SlackSandbox() as slack:`; point a WebClient at `slack.api_url`."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-sandbox-token",
        app_token: str = "xapp-sandbox-token",
        signing_secret: str = "sandbox-signing-secret",
        team_id: str = "T0SANDBOX",
        team_name: str = "Sandbox Family Clinic",
        bot_user_id: str = "U0BALANCE",
        bot_id: str = "B0BALANCE",
        app_id: str = "A0BALANCE",
        post_message_per_channel_per_sec: float | None = 1.0,
        post_message_burst: float = 4.0,
        workspace_post_rate: float | None = None,
        enforce_tiers: bool = False,
        latency: float = 0.0,
        trigger_ttl: float = 3.0,
    ) -> None:
        self.config = SandboxConfig(
            bot_token,
            app_token,
            signing_secret,
            team_id,
            team_name,
            bot_user_id,
            bot_id,
            app_id,
            trigger_ttl=trigger_ttl,
        )
        self.workspace = Workspace(team_id=team_id, team_name=team_name, bot_user_id=bot_user_id)
        ws = self.workspace
        ws.tokens[bot_token] = TokenInfo("bot", team_id)
        ws.tokens[app_token] = TokenInfo("app", team_id)
        ws.users[bot_user_id] = User(bot_user_id, "balancebot", "Balance Bot", is_bot=True)
        ws.users["USLACKBOT"] = User("USLACKBOT", "slackbot", "Slackbot")  # is_bot False, as Slack
        self.limiter = RateLimiter(
            post_message_per_channel_per_sec=post_message_per_channel_per_sec,
            post_message_burst=post_message_burst,
            workspace_post_rate=workspace_post_rate,
            enforce_tiers=enforce_tiers,
        )
        self.faults = Faults()
        self._stopping = threading.Event()
        self.socket = SocketModeServer(app_id)
        self._api = WebApi(
            ws, self.config, self.limiter, self.faults, self.socket.new_url, latency, self._stopping
        )
        self._http: Any = None
        self._http_thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> SlackSandbox:
        self._stopping.clear()
        self.socket.start()
        self._http, self._http_thread = start_http(self._api)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.socket.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None

    def __enter__(self) -> SlackSandbox:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return self._api.base_url

    @property
    def api_url(self) -> str:
        return f"{self._api.base_url}/api/"

    @property
    def bot_token(self) -> str:
        return self.config.bot_token

    @property
    def app_token(self) -> str:
        return self.config.app_token

    @property
    def signing_secret(self) -> str:
        return self.config.signing_secret

    @property
    def team_id(self) -> str:
        return self.config.team_id

    @property
    def bot_user_id(self) -> str:
        return self.config.bot_user_id

    # -- workspace set-up -----------------------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str | None = None,
        tz: str = "America/Chicago",
        locale: str = "en-US",
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        deleted: bool = False,
        email: str | None = None,
        team_id: str | None = None,
        enterprise_id: str | None = None,
        is_restricted: bool = False,
        is_ultra_restricted: bool = False,
        is_stranger: bool = False,
    ) -> None:
        """A person. `team_id` / `enterprise_id` make them someone from another workspace or
        organisation (users.info says so); `is_restricted` / `is_ultra_restricted` a guest."""
        with self.workspace.lock:
            self.workspace.users[user_id] = User(
                user_id,
                name,
                real_name or name,
                tz,
                locale,
                is_admin,
                is_owner,
                is_bot,
                deleted,
                email,
                team_id=team_id,
                enterprise_id=enterprise_id,
                is_restricted=is_restricted,
                is_ultra_restricted=is_ultra_restricted,
                is_stranger=is_stranger,
            )

    def update_user(self, user_id: str, **changes: Any) -> None:
        """Change fields of an existing user (e.g. `tz=`), as a profile edit would."""
        with self.workspace.lock:
            user = self.workspace.users[user_id]
            for key, value in changes.items():
                if not hasattr(user, key):
                    raise AttributeError(key)
                setattr(user, key, value)

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: list[str] | None = None,
        *,
        is_private: bool = False,
        bot_is_member: bool = True,
    ) -> None:
        members = list(members or [])
        if bot_is_member and self.config.bot_user_id not in members:
            members.append(self.config.bot_user_id)
        with self.workspace.lock:
            self.workspace.channels[channel_id] = Channel(
                channel_id, name, members, is_private=is_private, bot_is_member=bot_is_member
            )

    def set_dnd(
        self,
        user_id: str,
        enabled: bool,
        next_dnd_start_ts: int | None = None,
        next_dnd_end_ts: int | None = None,
    ) -> None:
        with self.workspace.lock:
            user = self.workspace.users[user_id]
            user.dnd_enabled = enabled
            user.next_dnd_start_ts = next_dnd_start_ts if next_dnd_start_ts is not None else 1
            user.next_dnd_end_ts = next_dnd_end_ts if next_dnd_end_ts is not None else 1

    def set_presence(self, user_id: str, presence: str) -> None:
        if presence not in ("active", "away"):
            raise ValueError("presence is 'active' or 'away'")
        with self.workspace.lock:
            self.workspace.users[user_id].presence = presence

    def add_bot_token(self, token: str, team_id: str, team_name: str | None = None) -> None:
        """Another workspace's bot token. Users, channels and messages are shared by all
        workspaces; calls record the token's team_id."""
        with self.workspace.lock:
            self.workspace.tokens[token] = TokenInfo("bot", team_id)
            self.workspace.team_names.setdefault(team_id, team_name or team_id)

    def revoke_token(self, token: str) -> None:
        with self.workspace.lock:
            self.workspace.tokens.pop(token, None)

    def dm_channel_id(self, user_id: str) -> str:
        chan = self.workspace.dm_channel(user_id)
        if chan is None:
            raise KeyError(user_id)
        return chan.id

    def add_message(self, channel: str, text: str, *, user: str, at: float | None = None) -> str:
        """A message written by a person (e.g. for conversations.history); returns its ts.
        `at` (unix seconds) dates it on a simulated clock, as the demo's."""
        chan = self.workspace.resolve_channel(channel)
        if chan is None:
            raise KeyError(channel)
        with self.workspace.lock:
            ts = f"{at:.6f}" if at is not None else self.workspace.next_ts()
            self.workspace.messages.append(
                {
                    "type": "message",
                    "user": user,
                    "text": text,
                    "ts": ts,
                    "team": self.team_id,
                    "channel": chan.id,
                }
            )
        return ts

    def deliver_scheduled(self, now: float | None = None) -> list[dict[str, Any]]:
        """Post scheduled messages whose `post_at` has passed; returns them."""
        return deliver_due(self.workspace, self.config, now)

    # -- things the Slack side hands out --------------------------------------------------------
    def new_trigger_id(self) -> str:
        trigger = f"{int(time.time())}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"
        with self.workspace.lock:
            self.workspace.triggers[trigger] = time.monotonic()
        return trigger

    def new_response_url(self, *, channel: str | None = None, message_ts: str | None = None) -> str:
        url_id = secrets.token_hex(12)
        url = f"{self.base_url}/respond/{url_id}"
        with self.workspace.lock:
            self.workspace.response_urls[url_id] = {
                "url": url,
                "uses": 0,
                "issued": time.monotonic(),
                "channel": channel,
                "message_ts": message_ts,
            }
        return url

    def oauth_code(
        self,
        *,
        team_id: str | None = None,
        team_name: str | None = None,
        user_id: str = "U0INSTALLER",
        rotate: bool = False,
        enterprise_id: str | None = None,
        enterprise_name: str | None = None,
        org_install: bool = False,
    ) -> str:
        """A one-use code that oauth.v2.access exchanges for a fresh bot token.

        `org_install=True` (with `enterprise_id`) is an Enterprise Grid org-wide install: one
        token for every workspace of the organisation, and no workspace in the grant."""
        if org_install and not enterprise_id:
            raise ValueError("an org-wide install needs enterprise_id")
        code = f"sandbox-code-{secrets.token_hex(8)}"
        with self.workspace.lock:
            self.workspace.oauth_codes[code] = {
                "team_id": team_id or self.team_id,
                "team_name": team_name or self.workspace.team_name,
                "user_id": user_id,
                "rotate": rotate,
                "enterprise_id": enterprise_id,
                "enterprise_name": enterprise_name
                or (f"Org {enterprise_id}" if enterprise_id else None),
                "org_install": org_install,
            }
        return code

    # -- fault injection ------------------------------------------------------------------------
    def fail_next(
        self, method: str | None, count: int = 1, status: int = 500, retry_after: int = 1
    ) -> None:
        self.faults.add(Fault("fail", method, count, status=status, retry_after=retry_after))

    def hang_next(self, method: str | None, count: int = 1, seconds: float = 10.0) -> None:
        self.faults.add(Fault("hang", method, count, seconds=seconds))

    def slow(self, method: str | None, seconds: float) -> None:
        """Every call of `method` (None: any) answers `seconds` late, until `slow(method, 0)`
        or `clear_faults()`: a Slack that is up but slow."""
        self.faults.slow(method, seconds)

    def accept_then_drop(self, method: str | None, count: int = 1) -> None:
        self.faults.add(Fault("drop", method, count))

    def outage(self, seconds: float, *, mode: str = "503") -> None:
        self.faults.outage(seconds, mode)

    def set_down(self, down: bool, *, mode: str = "503") -> None:
        self.faults.set_down(down, mode)

    def clear_faults(self) -> None:
        self.faults.clear()

    # -- Socket Mode ----------------------------------------------------------------------------
    def socket_send(
        self,
        type: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 3.0,
        accepts_response_payload: bool | None = None,
    ) -> dict[str, Any] | None:
        return self.socket.send(
            type,
            payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
            timeout=timeout,
            accepts_response_payload=accepts_response_payload,
        )

    def socket_disconnect(self, reason: str = "refresh_requested") -> int:
        return self.socket.disconnect(reason)

    def socket_drop(self) -> None:
        self.socket.drop()

    def socket_connection_count(self) -> int:
        return self.socket.connection_count()

    def wait_for_socket(self, timeout: float = 5.0, count: int = 1) -> None:
        if not self.socket.wait_for_connections(count, timeout):
            raise TimeoutError(f"no {count} Socket Mode connection(s) within {timeout}s")
