"""auth.test, apps.connections.open and oauth.v2.access."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from bot.sandbox.methods import ApiError, Ctx, method
from bot.sandbox.state import TokenInfo


@method("auth.test")
def auth_test(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    ctx.response_headers["x-oauth-scopes"] = ",".join(ctx.cfg.scopes)
    team_id = ctx.team_id
    is_bot = ctx.token_info is None or ctx.token_info.kind == "bot"
    user_id = (
        ctx.cfg.bot_user_id if is_bot else (ctx.token_info.user_id if ctx.token_info else None)
    )
    enterprise_id = ctx.token_info.enterprise_id if ctx.token_info else None
    body: dict[str, Any] = {
        "url": f"https://{ctx.ws.domain}.slack.com/",
        "team": ctx.ws.team_names.get(team_id, ctx.ws.team_name),
        "user": ctx.cfg.bot_name if is_bot else (user_id or ""),
        "team_id": team_id,
        "user_id": user_id,
        "is_enterprise_install": bool(enterprise_id) and team_id == enterprise_id,
    }
    if enterprise_id:
        body["enterprise_id"] = enterprise_id
    if is_bot:
        body.update(bot_id=ctx.cfg.bot_id, app_id=ctx.cfg.app_id, app_name="Balance Bot")
    return body


@method("apps.connections.open", token="app")
def connections_open(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    return {"url": ctx.ws_url()}


def _client_credentials(ctx: Ctx, p: dict[str, Any]) -> tuple[str, str]:
    auth = ctx.headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        try:
            cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        except ValueError:
            raise ApiError("invalid_client_id") from None
        return cid, secret
    return str(p.get("client_id") or ""), str(p.get("client_secret") or "")


def _grant(ctx: Ctx, grant: dict[str, Any], rotate: bool) -> dict[str, Any]:
    team_id, team_name, user_id = grant["team_id"], grant["team_name"], grant["user_id"]
    enterprise_id, org = grant.get("enterprise_id"), bool(grant.get("org_install"))
    token = f"xoxb-sandbox-{secrets.token_hex(8)}"
    # An org-wide token belongs to the organisation, not to one of its workspaces.
    owner = str(enterprise_id if org else team_id)
    ctx.ws.tokens[token] = TokenInfo("bot", owner, enterprise_id=enterprise_id)
    ctx.ws.team_names[owner] = grant["enterprise_name"] if org else team_name
    enterprise = (
        {"id": enterprise_id, "name": grant.get("enterprise_name")} if enterprise_id else None
    )
    body: dict[str, Any] = {
        "access_token": token,
        "token_type": "bot",
        "scope": ",".join(ctx.cfg.scopes),
        "bot_user_id": ctx.cfg.bot_user_id,
        "app_id": ctx.cfg.app_id,
        "team": None if org else {"id": team_id, "name": team_name},
        "enterprise": enterprise,
        "is_enterprise_install": org,
        "authed_user": {"id": user_id, "scope": "", "token_type": "user"},
    }
    if rotate:
        refresh = f"xoxe-1-sandbox-{secrets.token_hex(8)}"
        ctx.ws.refresh_tokens[refresh] = {**grant, "rotate": True}
        body.update(refresh_token=refresh, expires_in=43_200)
    return body


@method("oauth.v2.access", token="none")
def oauth_access(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    cid, secret = _client_credentials(ctx, p)
    if cid != ctx.cfg.client_id:
        raise ApiError("invalid_client_id")
    if secret != ctx.cfg.client_secret:
        raise ApiError("bad_client_secret")
    with ctx.ws.lock:
        if p.get("grant_type") == "refresh_token":
            grant = ctx.ws.refresh_tokens.pop(str(p.get("refresh_token") or ""), None)
            if grant is None:
                raise ApiError("invalid_refresh_token")
            body = _grant(ctx, grant, True)
            # A refresh answers with just the new token pair (no authed_user).
            body.pop("authed_user")
            return body
        code = ctx.ws.oauth_codes.pop(str(p.get("code") or ""), None)
        if code is None:
            raise ApiError("invalid_code")
        return _grant(ctx, code, code["rotate"])
