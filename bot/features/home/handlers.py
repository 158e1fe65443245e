"""Publish the Home tab when a member opens it (after the ack: it calls Slack)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.commands import CommandRouter
from bot.deps import Deps
from bot.event_once import once_per_event
from bot.features.breaks import views as breaks_views
from bot.features.home import views
from bot.features.pulse.handlers import home_blocks as pulse_home_blocks
from bot.features.quiet.home import follow_up_blocks as quiet_follow_up_blocks
from bot.features.tips.handlers import tip_of_day_blocks
from bot.members import load_member, member_lang


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def publish(event: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        publish_home(deps, client, team_id=str(context.get("team_id")), user_id=event["user"])

    app.event("app_home_opened")(ack=ack_now, lazy=[once_per_event(deps, publish)])


def publish_home(deps: Deps, client: WebClient, *, team_id: str, user_id: str) -> None:
    member = load_member(deps.store, client, team_id=team_id, user_id=user_id, now=deps.clock.now())
    lang = member_lang(member)
    extra = tip_of_day_blocks(deps, member, lang, deps.clock.now())
    extra = [*extra, *breaks_views.week_summary_blocks(deps, member)]
    extra += pulse_home_blocks(deps, client, team_id=team_id, user_id=user_id, lang=lang)
    extra += quiet_follow_up_blocks(deps, member, lang, deps.clock.now())
    view = views.home_view(deps.catalog, lang, member, extra=extra)
    client.views_publish(user_id=user_id, view=view)
