"""views.* and the external file upload flow."""

from __future__ import annotations

import copy
import secrets
import time
from typing import Any

from bot.sandbox.blockkit import check_view
from bot.sandbox.methods import ApiError, Ctx, as_int, as_json, channel_or_error, id_list, method

_VIEW_FIELDS = (
    "type",
    "blocks",
    "private_metadata",
    "callback_id",
    "title",
    "close",
    "submit",
    "clear_on_close",
    "notify_on_close",
    "external_id",
)


def _view_arg(p: dict[str, Any], expected: str | None) -> dict[str, Any]:
    view = as_json(p.get("view"), "invalid_arguments")
    if not view:
        raise ApiError(
            "invalid_arguments",
            response_metadata={"messages": ["[ERROR] missing required field: view"]},
        )
    problems = check_view(view)
    if not problems and expected and view.get("type") != expected:
        problems = [f"[ERROR] must be {expected} [json-pointer:/view/type]"]
    if problems:
        raise ApiError("invalid_arguments", response_metadata={"messages": problems})
    assert isinstance(view, dict)
    return view


def _store(
    ctx: Ctx, view: dict[str, Any], *, view_id: str | None = None, previous: str | None = None
) -> dict[str, Any]:
    with ctx.ws.lock:
        external_id = view.get("external_id")
        if (
            external_id
            and view_id is None
            and any(v.get("external_id") == external_id for v in ctx.ws.views.values())
        ):
            raise ApiError("duplicate_external_id")
        vid = view_id or ctx.ws.new_id("V")
        old = ctx.ws.views.get(vid, {})
        stored: dict[str, Any] = {
            "id": vid,
            "team_id": ctx.team_id,
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{secrets.token_hex(4)}",
            "root_view_id": old.get("root_view_id", vid),
            "previous_view_id": old.get("previous_view_id", previous),
            "app_id": ctx.cfg.app_id,
            "app_installed_team_id": ctx.team_id,
            "bot_id": ctx.cfg.bot_id,
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            "clear_on_close": False,
            "notify_on_close": False,
        }
        stored.update({k: copy.deepcopy(view[k]) for k in _VIEW_FIELDS if k in view})
        ctx.ws.views[vid] = stored
        return copy.deepcopy(stored)


def _check_hash(ctx: Ctx, p: dict[str, Any], vid: str) -> None:
    given = p.get("hash")
    if given and ctx.ws.views.get(vid, {}).get("hash") != given:
        raise ApiError("hash_conflict")


def _use_trigger(ctx: Ctx, p: dict[str, Any]) -> None:
    trigger = str(p.get("trigger_id") or p.get("interactivity_pointer") or "")
    if not trigger:
        raise ApiError(
            "invalid_arguments",
            response_metadata={"messages": ["[ERROR] missing required field: trigger_id"]},
        )
    with ctx.ws.lock:
        issued = ctx.ws.triggers.get(trigger)
        if issued is None:
            return  # not issued by the sandbox (hand-made in a test): accept
        if issued < 0:
            raise ApiError("exchanged_trigger_id")
        if time.monotonic() - issued > ctx.cfg.trigger_ttl:
            raise ApiError("expired_trigger_id")
        ctx.ws.triggers[trigger] = -1.0


def _record(ctx: Ctx, name: str, user: str | None, view: dict[str, Any]) -> None:
    with ctx.ws.lock:
        ctx.ws.view_events.append((name, user, copy.deepcopy(view)))


@method("views.open")
def views_open(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    view = _view_arg(p, "modal")
    _use_trigger(ctx, p)
    stored = _store(ctx, view)
    _record(ctx, "views.open", None, stored)
    return {"view": stored}


@method("views.push")
def views_push(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    view = _view_arg(p, "modal")
    _use_trigger(ctx, p)
    stored = _store(ctx, view)
    _record(ctx, "views.push", None, stored)
    return {"view": stored}


@method("views.update")
def views_update(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    view = _view_arg(p, None)
    with ctx.ws.lock:
        vid = str(p.get("view_id") or "")
        if not vid and p.get("external_id"):
            vid = next(
                (k for k, v in ctx.ws.views.items() if v.get("external_id") == p["external_id"]), ""
            )
        if vid not in ctx.ws.views:
            raise ApiError("not_found")
        _check_hash(ctx, p, vid)
        stored = _store(ctx, view, view_id=vid)
    _record(ctx, "views.update", None, stored)
    return {"view": stored}


@method("views.publish")
def views_publish(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    user_id = str(p.get("user_id") or "")
    if user_id not in ctx.ws.users:
        raise ApiError(
            "invalid_arguments",
            response_metadata={"messages": ["[ERROR] invalid `user_id` [json-pointer:/user_id]"]},
        )
    view = _view_arg(p, "home")
    with ctx.ws.lock:
        vid = ctx.ws.home_view_by_user.get(user_id)
        if vid:
            _check_hash(ctx, p, vid)
        stored = _store(ctx, view, view_id=vid)
        ctx.ws.home_view_by_user[user_id] = stored["id"]
    _record(ctx, "views.publish", user_id, stored)
    return {"view": stored}


@method("files.getUploadURLExternal")
def get_upload_url(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    filename = str(p.get("filename") or "")
    length = as_int(p, "length", 0, error="invalid_arguments") or 0
    if not filename or length <= 0:
        raise ApiError("missing_argument" if filename else "invalid_arguments")
    if len(str(p.get("alt_txt") or "")) > 1000:
        raise ApiError("alt_txt_too_large")
    with ctx.ws.lock:
        fid = ctx.ws.new_id("F")
        ctx.ws.uploads[fid] = {
            "file_id": fid,
            "filename": filename,
            "length": length,
            "alt_txt": p.get("alt_txt"),
            "data": None,
            "completed": False,
        }
    return {"upload_url": f"{ctx.base_url}/upload/{fid}", "file_id": fid}


@method("files.completeUploadExternal")
def complete_upload(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    files = as_json(p.get("files"), "invalid_arguments")
    if not isinstance(files, list) or not files:
        raise ApiError("invalid_arguments")
    channels = id_list(p.get("channels")) or id_list(p.get("channel_id"))
    chans = [channel_or_error(ctx, {"channel": c}) for c in channels]
    out = []
    with ctx.ws.lock:
        for entry in files:
            up = ctx.ws.uploads.get(str(entry.get("id") if isinstance(entry, dict) else ""))
            if up is None or up["data"] is None:
                raise ApiError("file_not_found")
            up.update(
                completed=True,
                title=entry.get("title") or up["filename"],
                channels=[c.id for c in chans],
                initial_comment=p.get("initial_comment"),
                thread_ts=p.get("thread_ts"),
            )
            out.append(
                {
                    "id": up["file_id"],
                    "name": up["filename"],
                    "title": up["title"],
                    "size": len(up["data"]),
                    "created": int(time.time()),
                    "user": ctx.cfg.bot_user_id,
                }
            )
        for chan in chans:
            ctx.ws.messages.append(
                {
                    "type": "message",
                    "subtype": "file_share",
                    "channel": chan.id,
                    "ts": ctx.ws.next_ts(),
                    "text": p.get("initial_comment") or "",
                    "user": ctx.cfg.bot_user_id,
                    "bot_id": ctx.cfg.bot_id,
                    "files": out,
                    **({"thread_ts": p["thread_ts"]} if p.get("thread_ts") else {}),
                }
            )
    return {"files": copy.deepcopy(out)}
