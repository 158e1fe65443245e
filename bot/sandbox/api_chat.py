"""chat.* methods."""

from __future__ import annotations

import copy
import time
from typing import Any

from bot.sandbox.methods import (
    ApiError,
    Ctx,
    SandboxConfig,
    as_int,
    as_json,
    channel_or_error,
    message_blocks,
    method,
)
from bot.sandbox.state import Workspace

MAX_TEXT = 40_000
MAX_SCHEDULE_AHEAD = 120 * 86_400
SCHEDULE_WINDOW, SCHEDULE_PER_WINDOW = 300, 30


def _metadata(p: dict[str, Any]) -> dict[str, Any] | None:
    raw = p.get("metadata")
    if raw in (None, ""):
        return None
    meta = as_json(raw, "invalid_metadata_format")
    if (
        not isinstance(meta, dict)
        or not isinstance(meta.get("event_type"), str)
        or not isinstance(meta.get("event_payload"), dict)
    ):
        raise ApiError("invalid_metadata_format")
    return meta


def _content(p: dict[str, Any], *, require: bool = True) -> dict[str, Any]:
    """text / blocks / attachments of a message, validated as Slack does."""
    blocks = message_blocks(p)
    text = p.get("text")
    attachments = as_json(p.get("attachments"), "invalid_attachments") or None
    if require and not text and not blocks and not attachments:
        raise ApiError("no_text")
    if isinstance(text, str) and len(text) > MAX_TEXT:
        raise ApiError("msg_too_long")
    out: dict[str, Any] = {"text": text or ""}
    if blocks is not None:
        out["blocks"] = blocks
    if attachments:
        out["attachments"] = attachments
    return out


def _bot_message(ctx: Ctx, content: dict[str, Any], ts: str) -> dict[str, Any]:
    return {
        "type": "message",
        "user": ctx.cfg.bot_user_id,
        "bot_id": ctx.cfg.bot_id,
        "app_id": ctx.cfg.app_id,
        "team": ctx.team_id,
        "ts": ts,
        **content,
    }


def _public(msg: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in msg.items() if k != "channel"}
    return copy.deepcopy(out)


@method("chat.postMessage")
def post_message(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    if not chan.bot_is_member and chan.is_private:
        raise ApiError("channel_not_found")
    if not chan.bot_is_member:
        raise ApiError("not_in_channel")
    content = _content(p)
    meta = _metadata(p)
    with ctx.ws.lock:
        ts = ctx.ws.next_ts()
        msg = _bot_message(ctx, content, ts)
        if meta is not None:
            msg["metadata"] = meta
        if p.get("thread_ts"):
            msg["thread_ts"] = str(p["thread_ts"])
        msg["channel"] = chan.id
        ctx.ws.messages.append(msg)
        return {"channel": chan.id, "ts": ts, "message": _public(msg)}


@method("chat.postEphemeral")
def post_ephemeral(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    user = str(p.get("user") or "")
    if user not in ctx.ws.users:
        raise ApiError("user_not_found")
    if user not in chan.members:
        raise ApiError("user_not_in_channel")
    content = _content(p)
    with ctx.ws.lock:
        ts = ctx.ws.next_ts()
        ctx.ws.ephemerals.append(
            {"channel": chan.id, "user": user, "ts": ts, "thread_ts": p.get("thread_ts"), **content}
        )
    return {"message_ts": ts}


@method("chat.update")
def update(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    ts = str(p.get("ts") or "")
    with ctx.ws.lock:
        msg = ctx.ws.find_message(chan.id, ts)
        if msg is None:
            raise ApiError("message_not_found")
        if msg.get("bot_id") != ctx.cfg.bot_id:
            raise ApiError("cant_update_message")
        content = _content(p, require=False)
        meta = _metadata(p)
        msg["text"] = content["text"]
        for key in ("blocks", "attachments"):
            if key in content:
                msg[key] = content[key]
            elif key in p:  # an explicit empty value clears it
                msg.pop(key, None)
        if meta is not None:
            msg["metadata"] = meta
        msg["edited"] = {"user": ctx.cfg.bot_user_id, "ts": ctx.ws.next_ts()}
        public = _public(msg)
    return {"channel": chan.id, "ts": ts, "text": public["text"], "message": public}


@method("chat.getPermalink")
def get_permalink(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    ts = str(p.get("message_ts") or "")
    if ctx.ws.find_message(chan.id, ts) is None:
        raise ApiError("message_not_found")
    link = f"https://{ctx.ws.domain}.slack.com/archives/{chan.id}/p{ts.replace('.', '')}"
    return {"channel": chan.id, "permalink": link}


@method("chat.scheduleMessage")
def schedule_message(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    post_at = as_int(p, "post_at", error="invalid_time")
    if post_at is None:
        raise ApiError("invalid_time")
    now = time.time()
    if post_at <= now:
        raise ApiError("time_in_past")
    if post_at > now + MAX_SCHEDULE_AHEAD:
        raise ApiError("time_too_far")
    content = _content(p)
    meta = _metadata(p)
    with ctx.ws.lock:
        recent = [
            s
            for s in ctx.ws.scheduled.values()
            if s["channel_id"] == chan.id and s["created_mono"] > time.monotonic() - 300
        ]
        if len(recent) >= SCHEDULE_PER_WINDOW:
            raise ApiError("restricted_too_many")
        sid = ctx.ws.new_id("Q")
        entry = {
            "id": sid,
            "channel_id": chan.id,
            "post_at": post_at,
            "date_created": int(now),
            "created_mono": time.monotonic(),
            "thread_ts": p.get("thread_ts"),
            "metadata": meta,
            **content,
        }
        ctx.ws.scheduled[sid] = entry
    message = {
        "type": "delayed_message",
        "user": ctx.cfg.bot_user_id,
        "bot_id": ctx.cfg.bot_id,
        "team": ctx.team_id,
        **copy.deepcopy(content),
    }
    return {"channel": chan.id, "scheduled_message_id": sid, "post_at": post_at, "message": message}


@method("chat.deleteScheduledMessage")
def delete_scheduled(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    sid = str(p.get("scheduled_message_id") or "")
    with ctx.ws.lock:
        entry = ctx.ws.scheduled.get(sid)
        if entry is None or entry["channel_id"] != chan.id:
            raise ApiError("invalid_scheduled_message_id")
        del ctx.ws.scheduled[sid]
    return {}


@method("chat.scheduledMessages.list")
def list_scheduled(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    channel = p.get("channel")
    chan_id = None
    if channel:
        chan_id = channel_or_error(ctx, p).id
    latest = as_int(p, "latest")
    oldest = as_int(p, "oldest")
    with ctx.ws.lock:
        items = [
            {k: s[k] for k in ("id", "channel_id", "post_at", "date_created", "text")}
            for s in sorted(ctx.ws.scheduled.values(), key=lambda s: s["post_at"])
            if (chan_id is None or s["channel_id"] == chan_id)
            and (latest is None or s["post_at"] <= latest)
            and (oldest is None or s["post_at"] >= oldest)
        ]
    return {"scheduled_messages": items, "response_metadata": {"next_cursor": ""}}


def deliver_due(
    ctx_ws: Workspace, cfg: SandboxConfig, now: float | None = None
) -> list[dict[str, Any]]:
    """Post scheduled messages whose time has come (Slack does this by itself)."""
    now = time.time() if now is None else now
    posted: list[dict[str, Any]] = []
    with ctx_ws.lock:
        for sid, s in sorted(ctx_ws.scheduled.items(), key=lambda kv: kv[1]["post_at"]):
            if s["post_at"] > now:
                continue
            del ctx_ws.scheduled[sid]
            msg = {
                "type": "message",
                "user": cfg.bot_user_id,
                "bot_id": cfg.bot_id,
                "app_id": cfg.app_id,
                "team": ctx_ws.team_id,
                "ts": ctx_ws.next_ts(),
                "text": s.get("text", ""),
                "channel": s["channel_id"],
            }
            for key in ("blocks", "attachments", "thread_ts"):
                if s.get(key):
                    msg[key] = s[key]
            ctx_ws.messages.append(msg)
            posted.append(copy.deepcopy(msg))
    return posted


@method("chat.delete")
def delete(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    ts = str(p.get("ts") or "")
    with ctx.ws.lock:
        msg = ctx.ws.find_message(chan.id, ts)
        if msg is None:
            raise ApiError("message_not_found")
        if msg.get("bot_id") != ctx.cfg.bot_id:
            raise ApiError("cant_delete_message")
        ctx.ws.messages.remove(msg)
    return {"channel": chan.id, "ts": ts}
