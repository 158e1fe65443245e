"""`/balance status`, `level`, `lang`, and keeping time zones current from `user_change`."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.event_once import once_per_event
from bot.features.breaks import jobs as breaks_jobs
from bot.features.profile import service, views
from bot.members import apply_profile


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    catalog, store = deps.catalog, deps.store

    def status(cmd: Command) -> Reply:
        today = breaks_jobs.today_status_lines(deps, cmd.member, cmd.now)
        return views.status_message(catalog, cmd.lang, cmd.member, today=today)

    def level(cmd: Command) -> Reply:
        chosen = service.parse_level(cmd.args)
        if chosen is None:
            return views.level_invalid(catalog, cmd.lang)
        store.members.update(team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, level=chosen)
        return views.level_saved(catalog, cmd.lang, chosen)

    def lang(cmd: Command) -> Reply:
        chosen = service.parse_lang(cmd.args)
        if chosen is None:
            return views.lang_invalid(catalog, cmd.lang)
        store.members.update(
            team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, lang=chosen, lang_override=True
        )
        return views.lang_saved(catalog, chosen)

    router.add("status", status, aliases=("estado",))
    router.add("level", level, aliases=("nivel",))
    router.add("lang", lang, aliases=("language", "idioma"))

    def on_user_change(event: dict[str, Any], context: dict[str, Any]) -> None:
        user = event.get("user") or {}
        team_id = str(user.get("team_id") or context.get("team_id") or "")
        if not user.get("id") or user.get("is_bot") or user.get("deleted"):
            return
        if store.members.get(team_id=team_id, user_id=str(user["id"])) is None:
            return  # only members who use Balance Bot are kept
        apply_profile(store, team_id=team_id, user=user, now=deps.clock.now())

    # A profile change is rare and cheap: recorded before it is applied, in the ack path.
    app.event("user_change")(once_per_event(deps, on_user_change))
