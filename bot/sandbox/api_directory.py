"""conversations.*, users.*, dnd.* and team.info."""

from __future__ import annotations

import copy
import hashlib
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.methods import ApiError, Ctx, channel_or_error, flag, id_list, method, page
from bot.sandbox.state import Channel, User

# zoneinfo only knows abbreviations; Slack shows long names in tz_label.
_TZ_LABELS = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "AKST": "Alaska Standard Time",
    "AKDT": "Alaska Daylight Time",
    "HST": "Hawaii-Aleutian Standard Time",
    "AST": "Atlantic Standard Time",
    "GMT": "Greenwich Mean Time",
    "UTC": "Coordinated Universal Time",
    "BST": "British Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
}


def tz_fields(tz: str, now: datetime | None = None) -> dict[str, Any]:
    local = (now or datetime.now(UTC)).astimezone(ZoneInfo(tz))
    abbr = local.tzname() or tz
    offset = local.utcoffset()
    return {
        "tz": tz,
        "tz_label": _TZ_LABELS.get(abbr, abbr),
        "tz_offset": int(offset.total_seconds()) if offset else 0,
    }


def user_object(ctx: Ctx, user: User, *, include_locale: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": user.id,
        "team_id": user.team_id or ctx.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        **tz_fields(user.tz),
        "profile": {
            "real_name": user.real_name,
            "real_name_normalized": user.real_name,
            "display_name": user.name,
            "display_name_normalized": user.name,
            "team": user.team_id or ctx.team_id,
            **({"email": user.email} if user.email else {}),
            **({"bot_id": ctx.cfg.bot_id} if user.id == ctx.cfg.bot_user_id else {}),
        },
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_primary_owner": user.is_owner,
        "is_restricted": user.is_restricted or user.is_ultra_restricted,
        "is_ultra_restricted": user.is_ultra_restricted,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": int(time.time()),
        "has_2fa": False,
    }
    if user.enterprise_id:
        data["enterprise_user"] = {
            "id": user.id,
            "enterprise_id": user.enterprise_id,
            "enterprise_name": "Sandbox Org",
            "is_admin": False,
            "is_owner": False,
            "teams": [data["team_id"]],
        }
    if user.is_stranger:
        data["is_stranger"] = True
    if include_locale:
        data["locale"] = user.locale
    return data


def _user_or_error(ctx: Ctx, p: dict[str, Any], key: str = "user") -> User:
    user = ctx.ws.users.get(str(p.get(key) or ""))
    if user is None:
        raise ApiError("user_not_found")
    return user


def channel_object(ctx: Ctx, chan: Channel) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": chan.id,
        "created": chan.created,
        "is_im": chan.is_im,
        "is_org_shared": False,
        "context_team_id": ctx.team_id,
    }
    if chan.is_im:
        data.update(user=chan.user, is_user_deleted=False, priority=0)
    else:
        data.update(
            name=chan.name,
            name_normalized=chan.name,
            is_channel=not chan.is_private,
            is_group=chan.is_private and not chan.is_mpim,
            is_mpim=chan.is_mpim,
            is_private=chan.is_private,
            is_archived=False,
            is_general=False,
            is_member=chan.bot_is_member,
            num_members=len(chan.members),
        )
    return data


@method("conversations.open")
def conversations_open(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("channel"):
        chan = channel_or_error(ctx, p)
        return {"channel": channel_object(ctx, chan) if flag(p, "return_im") else {"id": chan.id}}
    users = id_list(p.get("users"))
    if not users:
        raise ApiError("users_list_not_supplied")
    if len(users) > 8:
        raise ApiError("too_many_users")
    for uid in users:
        if uid not in ctx.ws.users:
            raise ApiError("user_not_found")
        if ctx.ws.users[uid].deleted:
            raise ApiError("user_disabled")
    with ctx.ws.lock:
        if len(users) == 1:
            existed = ("D" + users[0][1:]) in ctx.ws.channels
            if not existed and flag(p, "prevent_creation"):
                return {"no_op": True, "already_open": False}  # a look-up that creates nothing
            dm = ctx.ws.dm_channel(users[0])
            assert dm is not None
            chan = dm
        else:
            members = sorted({*users, ctx.cfg.bot_user_id})
            cid = "G" + hashlib.sha1(",".join(members).encode()).hexdigest()[:10].upper()
            existed = cid in ctx.ws.channels
            if not existed:
                ctx.ws.channels[cid] = Channel(
                    cid, "mpdm-" + "--".join(members), members, is_private=True, is_mpim=True
                )
            chan = ctx.ws.channels[cid]
    if flag(p, "return_im") or existed:
        return {"no_op": existed, "already_open": existed, "channel": channel_object(ctx, chan)}
    return {"channel": {"id": chan.id}}


@method("conversations.info")
def conversations_info(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    return {"channel": channel_object(ctx, channel_or_error(ctx, p))}


@method("conversations.members")
def conversations_members(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    members, cursor = page(list(chan.members), p, 100)
    return {"members": members, "response_metadata": {"next_cursor": cursor}}


@method("conversations.history")
def conversations_history(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    chan = channel_or_error(ctx, p)
    oldest = float(p.get("oldest") or 0)
    latest = float(p.get("latest") or "inf")
    inclusive = flag(p, "inclusive")
    with_meta = flag(p, "include_all_metadata")
    with ctx.ws.lock:
        found = []
        for msg in reversed(ctx.ws.messages):  # newest first, like Slack
            ts = float(msg["ts"])
            inside = (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)
            if msg["channel"] != chan.id or not inside:
                continue
            out = {k: v for k, v in copy.deepcopy(msg).items() if k != "channel"}
            if not with_meta:
                out.pop("metadata", None)
            found.append(out)
    messages, cursor = page(found, p, 100)
    return {
        "messages": messages,
        "has_more": bool(cursor),
        "pin_count": 0,
        "response_metadata": {"next_cursor": cursor},
    }


@method("users.info")
def users_info(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    user = _user_or_error(ctx, p)
    return {"user": user_object(ctx, user, include_locale=flag(p, "include_locale"))}


@method("users.list")
def users_list(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    info = ctx.token_info
    if info and info.enterprise_id and info.team_id == info.enterprise_id and not p.get("team_id"):
        # Slack: `team_id` is "required if org token is used" (⚠ error name approximated).
        raise ApiError("missing_argument")
    with ctx.ws.lock:
        everyone = [
            user_object(ctx, u, include_locale=flag(p, "include_locale"))
            for u in ctx.ws.users.values()
        ]
    members, cursor = page(everyone, p, 1000)
    return {
        "members": members,
        "cache_ts": int(time.time()),
        "response_metadata": {"next_cursor": cursor},
    }


@method("users.getPresence")
def users_get_presence(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    user = _user_or_error(ctx, p)
    return {"presence": user.presence}


def _dnd(user: User) -> dict[str, Any]:
    return {
        "dnd_enabled": user.dnd_enabled,
        "next_dnd_start_ts": user.next_dnd_start_ts,
        "next_dnd_end_ts": user.next_dnd_end_ts,
    }


@method("dnd.info")
def dnd_info(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    return _dnd(_user_or_error(ctx, p))


@method("dnd.teamInfo")
def dnd_team_info(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    ids = id_list(p.get("users"))
    if not ids:
        raise ApiError("no_users_provided")
    return {"users": {uid: _dnd(ctx.ws.users[uid]) for uid in ids if uid in ctx.ws.users}}


@method("team.info")
def team_info(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    team = str(p.get("team") or ctx.team_id)
    if team != ctx.team_id:
        raise ApiError("team_not_found")
    name = ctx.ws.team_names.get(team, ctx.ws.team_name)
    return {
        "team": {
            "id": team,
            "name": name,
            "domain": ctx.ws.domain,
            "email_domain": "",
            "icon": {"image_default": True},
        }
    }
