"""`/balance admin closed|urgent|managers`: practice closed days, the urgent route shown in
off-shift notices, and the managers who see pulse results. Slack workspace admins only: each
of these changes what the whole workspace sees (every notice quotes the urgent route, closed
days stop everyone's nudges). Managers an admin named see and set up the pulse, nothing more."""

from __future__ import annotations

import logging
from dataclasses import replace
from zoneinfo import ZoneInfo

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot import authz
from bot.blocks import user_text
from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.admin import service, views
from bot.features.admin.service import AdminCommand
from bot.privacy import screen
from bot.schedule import phrases

log = logging.getLogger(__name__)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    router.add("admin", lambda cmd: admin_command(deps, cmd))


def admin_command(deps: Deps, cmd: Command) -> Reply:
    catalog, lang = deps.catalog, cmd.lang
    today = cmd.now.astimezone(ZoneInfo(cmd.member.tz or "UTC")).date()
    parsed = service.parse(cmd.args, today=today, lang=lang)
    workspaces = deps.store.workspaces
    workspace = workspaces.get(cmd.team_id)
    action = parsed.action
    if not authz.is_admin(cmd.client, cmd.team_id, cmd.user_id):
        return views.plain(catalog.ui("auth.admin_only", lang))
    if action == "usage":
        return views.plain(catalog.ui("admin.usage", lang))
    if action == "invalid_date" and parsed.error is not None:
        return views.quoting(phrases.problem(catalog, lang, parsed.error))
    if action.startswith("closed"):
        days = set(workspace.closed_days)
        if action == "closed_add":
            days |= set(parsed.dates)
        elif action == "closed_clear":
            days -= set(parsed.dates)
        elif action == "closed_clear_all":
            days = set()
        if action != "closed_list":
            workspace = workspaces.update(cmd.team_id, now=cmd.now, closed_days=days)
            # Members plan again at the next tick, so a reopened day gets its nudges back.
            deps.store.members.replan_team(cmd.team_id, now=cmd.now)
        return views.closed_days(catalog, lang, sorted(workspace.closed_days))
    if action.startswith("urgent"):
        return _urgent(deps, cmd, parsed)
    return _managers(deps, cmd, parsed)


def _urgent(deps: Deps, cmd: Command, parsed: AdminCommand) -> Reply:
    catalog, lang = deps.catalog, cmd.lang
    workspaces = deps.store.workspaces
    if parsed.action == "urgent_too_long":
        return views.plain(catalog.ui("admin.urgent.too_long", lang, max=str(service.URGENT_MAX)))
    if parsed.action == "urgent_clear":
        workspaces.update(cmd.team_id, now=cmd.now, urgent_route=None)
        return views.plain(catalog.ui("admin.urgent.cleared", lang))
    if parsed.action == "urgent_set":
        # The practice's own phones, mailbox and address are expected here; a patient is not.
        found = screen(parsed.text, mode="urgent")
        if found is not None:  # refused, not stored, not logged; quoted to the admin only
            words = " · ".join(f"“{user_text(w)}”" for w in found.quotes(parsed.text))
            reason = catalog.ui(found.reason_key, lang)
            return views.plain(catalog.ui("phi.refused_words", lang, reason=reason, words=words))
        workspaces.update(cmd.team_id, now=cmd.now, urgent_route=parsed.text)
        return views.quoting(catalog.ui("admin.urgent.set", lang, text=user_text(parsed.text)))
    current = workspaces.get(cmd.team_id).urgent_route
    if current:
        return views.quoting(catalog.ui("admin.urgent.show", lang, text=user_text(current)))
    return views.plain(catalog.ui("admin.urgent.none", lang))


def _managers(deps: Deps, cmd: Command, parsed: AdminCommand) -> Reply:
    catalog, lang = deps.catalog, cmd.lang
    workspace = deps.store.workspaces.get(cmd.team_id)
    if parsed.action == "managers_show":
        return views.managers(catalog, lang, workspace.managers)
    missing: list[str] = []
    if parsed.handles:
        found, missing = resolve_handles(cmd.client, parsed.handles, team_id=cmd.team_id)
        parsed = replace(parsed, user_ids=tuple(dict.fromkeys([*parsed.user_ids, *found])))
    if missing:
        names = ", ".join(f"@{user_text(h, 40)}" for h in missing)
        return views.quoting(catalog.ui("admin.managers.unknown", lang, names=names))
    chosen = service.apply_managers(workspace.managers, parsed)
    workspace = deps.store.workspaces.update(cmd.team_id, now=cmd.now, managers=chosen)
    return views.managers(catalog, lang, workspace.managers)


def resolve_handles(
    client: WebClient, handles: tuple[str, ...], *, team_id: str
) -> tuple[list[str], list[str]]:
    """Plain `@name`s (when Slack did not escape them) → user ids, through users.list.

    `team_id` keeps an org-wide (Enterprise Grid) token to this workspace's people; Slack
    requires it with such a token."""
    wanted = {h.lower() for h in handles}
    found: dict[str, str] = {}
    cursor: str | None = None
    try:
        while wanted - found.keys():
            page = client.users_list(limit=200, cursor=cursor, team_id=team_id)
            for user in page.get("members") or []:
                if user.get("deleted") or user.get("is_bot") or user.get("id") == "USLACKBOT":
                    continue
                profile = user.get("profile") or {}
                for name in (user.get("name"), profile.get("display_name")):
                    if name and str(name).lower() in wanted:
                        found.setdefault(str(name).lower(), str(user["id"]))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
    except (SlackApiError, SlackRequestError, OSError) as exc:
        log.warning("could not look up members by name: %s", type(exc).__name__)
    return [found[h] for h in handles if h in found], [h for h in handles if h not in found]
