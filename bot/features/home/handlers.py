"""Publish the Home tab when a member opens it (after the ack: it calls Slack), again whenever
their settings change (`refresh`), and open the settings form from the three-step start."""

from __future__ import annotations

import re
from typing import Any, cast

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.commands import CommandRouter
from bot.deps import Deps
from bot.event_once import once_per_event
from bot.features.breaks import jobs as breaks_jobs
from bot.features.breaks import views as breaks_views
from bot.features.home import refresh, views
from bot.features.pulse.home import home_blocks as pulse_home_blocks
from bot.features.quiet.home import follow_up_blocks as quiet_follow_up_blocks
from bot.features.settings.handlers import open_settings
from bot.features.tips.handlers import tip_of_day_blocks
from bot.members import load_member, member_lang, peek_member

STEP_PATTERN = re.compile(rf"^{re.escape(views.STEP_ACTION)}\.({'|'.join(views.STEPS)})$")


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def publish(event: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        publish_home(deps, client, team_id=str(context.get("team_id")), user_id=event["user"])

    def on_step(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: dict[str, Any],
        client: WebClient,
    ) -> None:
        """A step's button: the settings form, focused on that step's field."""
        ack()
        step = cast(views.Step, str(action.get("action_id")).rsplit(".", 1)[-1])
        team_id = str(context.get("team_id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        member = load_member(
            deps.store, client, team_id=team_id, user_id=user_id, now=deps.clock.now()
        )
        open_settings(
            deps,
            client,
            member,
            member_lang(member),
            trigger_id=body.get("trigger_id"),
            origin="home",
            focus=views.STEP_FIELDS[step],
        )

    app.event("app_home_opened")(ack=ack_now, lazy=[once_per_event(deps, publish)])
    app.action(STEP_PATTERN)(on_step)
    refresh.listen(
        deps,
        lambda d, client, team_id, user_id: publish_home(
            d, client, team_id=team_id, user_id=user_id, refresh=True
        ),
    )


def publish_home(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, refresh: bool = False
) -> None:
    """Build and publish a member's Home. A `refresh` after a change stores nothing: a member
    forgotten in the meantime (forget-me) is not brought back by their own Home."""
    now = deps.clock.now()
    if refresh:
        if deps.store.members.get(team_id=team_id, user_id=user_id) is None:
            return
        member = peek_member(deps.store, client, team_id=team_id, user_id=user_id)
    else:
        member = load_member(deps.store, client, team_id=team_id, user_id=user_id, now=now)
    lang = member_lang(member)
    extra = pulse_home_blocks(deps, client, team_id=team_id, user_id=user_id, lang=lang)
    extra += quiet_follow_up_blocks(deps, member, lang, now)
    view = views.home_view(
        deps.catalog,
        lang,
        member,
        today=breaks_jobs.today_status_lines(deps, member, now),
        tip=tip_of_day_blocks(deps, member, lang, now),
        week=breaks_views.week_summary_blocks(deps, member),
        extra=extra,
    )
    client.views_publish(user_id=user_id, view=view)
