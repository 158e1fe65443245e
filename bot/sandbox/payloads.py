"""Request bodies exactly as Slack builds them (reference §2–§4), shared by both senders."""

from __future__ import annotations

import secrets
import time
from typing import Any

_TOKEN = "sandbox-verification-token"  # deprecated field Slack still sends


def trigger_id() -> str:
    return f"{int(time.time())}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"


def _user(user_id: str, user_name: str | None, team_id: str) -> dict[str, Any]:
    name = user_name or user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": team_id}


def _org(enterprise_id: str | None) -> dict[str, str] | None:
    return {"id": enterprise_id, "name": f"Org {enterprise_id}"} if enterprise_id else None


def _team(team_id: str, enterprise_id: str | None) -> dict[str, Any]:
    team: dict[str, Any] = {"id": team_id, "domain": "sandbox"}
    if enterprise_id:
        team.update(enterprise_id=enterprise_id, enterprise_name=f"Org {enterprise_id}")
    return team


def command(
    *,
    user_id: str,
    text: str,
    command: str,
    channel_id: str,
    user_name: str | None,
    team_id: str,
    api_app_id: str,
    response_url: str,
    trigger: str,
    enterprise_id: str | None = None,
    org_install: bool = False,
) -> dict[str, str]:
    channel_name = "directmessage" if channel_id.startswith("D") else "front-desk"
    body = {
        "token": _TOKEN,
        "team_id": team_id,
        "team_domain": "sandbox",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "true" if org_install else "false",
        "response_url": response_url,
        "trigger_id": trigger,
    }
    if enterprise_id:  # Enterprise Grid only
        body.update(enterprise_id=enterprise_id, enterprise_name=f"Org {enterprise_id}")
    return body


def _find_block_id(blocks: list[Any], action_id: str) -> str | None:
    for block in blocks or []:
        if not isinstance(block, dict):
            continue
        elements = list(block.get("elements") or [])
        elements += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        if any(isinstance(e, dict) and e.get("action_id") == action_id for e in elements):
            return block.get("block_id")
    return None


def block_actions(
    *,
    user_id: str,
    action_id: str,
    value: str | None,
    block_id: str | None,
    action_type: str,
    action_extra: dict[str, Any] | None,
    message: dict[str, Any] | None,
    view: dict[str, Any] | None,
    channel_id: str | None,
    container: dict[str, Any] | None,
    response_url: str | None,
    team_id: str,
    api_app_id: str,
    trigger: str,
    user_name: str | None,
    enterprise_id: str | None = None,
    org_install: bool = False,
) -> dict[str, Any]:
    blocks = (view or message or {}).get("blocks") or []
    block_id = block_id or _find_block_id(blocks, action_id) or "sandbox-block"
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "type": action_type,
        "action_ts": f"{time.time():.6f}",
    }
    if value is not None:
        action["value"] = value
    if action_type == "button":
        action["text"] = {"type": "plain_text", "text": action_id, "emoji": True}
    action.update(action_extra or {})
    body: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": _TOKEN,
        "trigger_id": trigger,
        "team": _team(team_id, enterprise_id),
        "enterprise": _org(enterprise_id),
        "is_enterprise_install": org_install,
        "actions": [action],
    }
    if view is not None:
        body["container"] = container or {"type": "view", "view_id": view.get("id", "")}
        body["view"] = {"state": {"values": {}}, **view}
        body["state"] = body["view"]["state"]
    else:
        channel_id = channel_id or (message or {}).get("channel") or "C0FRONTDESK"
        ts = (message or {}).get("ts") or f"{time.time():.6f}"
        body["container"] = container or {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        body["channel"] = {
            "id": channel_id,
            "name": "directmessage" if channel_id.startswith("D") else "front-desk",
        }
        if message is not None:
            body["message"] = {k: v for k, v in message.items() if k != "channel"}
        body["state"] = {"values": {}}
        body["response_url"] = response_url or ""
    return body


def state_values(values: dict[str, Any]) -> dict[str, Any]:
    """Accept Slack's shape or a shorthand `{block_id: {action_id: "typed text"}}`."""
    out: dict[str, Any] = {}
    for block_id, actions in values.items():
        out[block_id] = {
            action_id: (
                {"type": "plain_text_input", "value": v} if isinstance(v, str) or v is None else v
            )
            for action_id, v in actions.items()
        }
    return out


def view_submission(
    *,
    user_id: str,
    view: dict[str, Any],
    values: dict[str, Any],
    callback_id: str | None,
    team_id: str,
    api_app_id: str,
    trigger: str,
    bot_id: str,
    user_name: str | None,
    enterprise_id: str | None = None,
    org_install: bool = False,
) -> dict[str, Any]:
    # ⚠ For an org-wide install the view's installed "team" is taken to be the organisation.
    installed_on = enterprise_id if org_install and enterprise_id else team_id
    full = {
        "id": "V0SBXSUBMIT",
        "team_id": team_id,
        "type": "modal",
        "blocks": [],
        "private_metadata": "",
        "callback_id": "",
        "hash": f"{int(time.time())}.sandbox",
        "title": {"type": "plain_text", "text": "Balance Bot"},
        "clear_on_close": False,
        "notify_on_close": False,
        "close": None,
        "submit": None,
        "previous_view_id": None,
        "root_view_id": view.get("id", "V0SBXSUBMIT"),
        "app_id": api_app_id,
        "external_id": "",
        "app_installed_team_id": installed_on,
        "bot_id": bot_id,
        **view,
    }
    if callback_id is not None:
        full["callback_id"] = callback_id
    full["state"] = {"values": state_values(values)}
    return {
        "type": "view_submission",
        "team": _team(team_id, enterprise_id),
        "user": _user(user_id, user_name, team_id),
        "api_app_id": api_app_id,
        "token": _TOKEN,
        "trigger_id": trigger,
        "view": full,
        "response_urls": [],
        "is_enterprise_install": org_install,
        "enterprise": _org(enterprise_id),
    }


def event_callback(
    event: dict[str, Any],
    *,
    team_id: str,
    api_app_id: str,
    bot_user_id: str,
    event_id: str | None,
    event_time: int | None,
    enterprise_id: str | None = None,
    org_install: bool = False,
) -> dict[str, Any]:
    now = time.time()
    inner = {"event_ts": f"{now:.6f}", **event}
    body: dict[str, Any] = {
        "token": _TOKEN,
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": inner,
        "type": "event_callback",
        "event_id": event_id or f"Ev{secrets.token_hex(5).upper()}",
        "event_time": event_time if event_time is not None else int(now),
        # An org-wide installation is no workspace's: Slack sends its team_id as null.
        "authorizations": [
            {
                "enterprise_id": enterprise_id,
                "team_id": None if org_install else team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": org_install,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-sandbox-{secrets.token_hex(6)}",
    }
    if enterprise_id:
        body["enterprise_id"] = enterprise_id
    return body
