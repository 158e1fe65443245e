"""Web API method registry and the helpers every method uses.

A method is `fn(ctx, params) -> body`; it raises `ApiError` for Slack's `{"ok": false}` answers.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.blockkit import BlocksFormatError, check_message_blocks, coerce_blocks
from bot.sandbox.state import Channel, TokenInfo, Workspace


@dataclass
class SandboxConfig:
    bot_token: str
    app_token: str
    signing_secret: str
    team_id: str
    team_name: str
    bot_user_id: str
    bot_id: str
    app_id: str
    bot_name: str = "balancebot"
    scopes: tuple[str, ...] = (
        "commands",
        "chat:write",
        "im:write",
        "im:history",
        "app_mentions:read",
        "channels:read",
        "channels:history",
        "groups:read",
        "users:read",
        "dnd:read",
        "team:read",
        "files:write",
    )
    client_id: str = "sandbox-client-id"
    client_secret: str = "sandbox-client-secret"
    trigger_ttl: float = 3.0


class ApiError(Exception):
    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Ctx:
    ws: Workspace
    cfg: SandboxConfig
    token: str | None
    token_info: TokenInfo | None
    headers: Mapping[str, str]
    base_url: str  # "http://127.0.0.1:<port>"
    ws_url: Callable[[], str]
    response_headers: dict[str, str] = field(default_factory=dict)

    @property
    def team_id(self) -> str:
        return self.token_info.team_id if self.token_info else self.cfg.team_id


Handler = Callable[[Ctx, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class MethodSpec:
    fn: Handler
    token: str  # "bot" (bot or user token), "app", or "none"


REGISTRY: dict[str, MethodSpec] = {}


def method(name: str, *, token: str = "bot") -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        REGISTRY[name] = MethodSpec(fn, token)
        return fn

    return register


# -- parameter helpers ---------------------------------------------------------------------------
def flag(p: Mapping[str, Any], key: str) -> bool:
    value = p.get(key)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def as_int(
    p: Mapping[str, Any], key: str, default: int | None = None, *, error: str = "invalid_arguments"
) -> int | None:
    value = p.get(key)
    if value is None or value == "":
        return default
    try:
        return int(float(value))
    except (TypeError, ValueError):
        raise ApiError(error) from None


def as_json(value: Any, error: str) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise ApiError(error) from None
    return value


def id_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def message_blocks(p: Mapping[str, Any]) -> list[Any] | None:
    """Parsed, validated blocks; raises Slack's `invalid_blocks*` errors."""
    try:
        blocks = coerce_blocks(p.get("blocks"))
    except BlocksFormatError:
        raise ApiError("invalid_blocks_format") from None
    if blocks is not None:
        problems = check_message_blocks(blocks)
        if problems:
            raise ApiError("invalid_blocks", response_metadata={"messages": problems})
    return blocks


def channel_or_error(ctx: Ctx, p: Mapping[str, Any], key: str = "channel") -> Channel:
    chan = ctx.ws.resolve_channel(str(p.get(key) or ""))
    if chan is None:
        raise ApiError("channel_not_found")
    return chan


def page(items: list[Any], p: Mapping[str, Any], default_limit: int) -> tuple[list[Any], str]:
    """Cursor pagination; the cursor is an opaque offset like Slack's base64 strings."""
    cursor = str(p.get("cursor") or "")
    start = 0
    if cursor:
        try:
            start = int(base64.b64decode(cursor).decode().removeprefix("offset:"))
        except ValueError:
            raise ApiError("invalid_cursor") from None
    limit = as_int(p, "limit", 0, error="invalid_limit") or default_limit
    chunk = items[start : start + limit]
    nxt = start + limit
    next_cursor = base64.b64encode(f"offset:{nxt}".encode()).decode() if nxt < len(items) else ""
    return chunk, next_cursor
