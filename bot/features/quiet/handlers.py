"""After-hours quiet: off-shift notices, "remind me when they're back", "schedule for when
they're back", their cancellation (from the confirmation or the Home tab), `/balance quiet`.

Listeners stay thin: events and clicks are acknowledged at once and the work (database, Slack
calls) runs in a lazy listener, so Slack's 3-second window is never held. Message text is read
for mentions only, never logged, stored or copied into another message.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.commands import CommandRouter
from bot.deps import Deps
from bot.event_once import once_per_event
from bot.features.home.handlers import publish_home
from bot.features.quiet import audience, housekeeping, jobs, service, views
from bot.features.quiet.actions import (
    SLACK_ERRORS,
    action_context,
    error_code,
    handle_post,
    quiet_command,
)
from bot.features.quiet.followups import (
    cancel_follow_up,
    cancel_reminder,
    schedule_for_colleague,
    schedule_reminder,
)

log = logging.getLogger(__name__)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    senders = audience.SenderCheck()

    def on_post(event: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        post = service.post_from_event(
            event,
            team_id=str(context.get("team_id") or ""),
            bot_user_id=context.get("bot_user_id"),
            enterprise_id=context.get("enterprise_id"),
        )
        if post is not None:
            handle_post(deps, client, post, senders)

    app.event("message")(ack=ack_now, lazy=[once_per_event(deps, on_post)])
    app.event("app_mention")(ack=ack_now, lazy=[once_per_event(deps, on_post)])

    # These buttons live in ephemeral messages, which always come with a response_url; a
    # payload without one (forged, or odd) gets no answer rather than an error.
    def on_remind(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        reply = schedule_reminder(deps, client, body)
        if reply is not None and body.get("response_url"):
            respond(replace_original=False, response_type="ephemeral", **reply)

    def on_schedule(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        reply = schedule_for_colleague(deps, client, body)
        if reply is not None and body.get("response_url"):
            respond(replace_original=False, response_type="ephemeral", **reply)

    def on_cancel(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        reply, replace = cancel_reminder(deps, client, body)
        if body.get("response_url"):
            respond(replace_original=replace, response_type="ephemeral", **reply)

    def on_home_cancel(body: dict[str, Any], client: WebClient) -> None:
        team_id, user_id, key = action_context(body)
        if not user_id:
            return
        cancel_follow_up(deps, client, team_id=team_id, user_id=user_id, key=key)
        try:
            publish_home(deps, client, team_id=team_id, user_id=user_id)
        except SLACK_ERRORS as exc:
            log.warning("could not refresh the Home tab: %s", error_code(exc))

    remind = re.compile(rf"^{re.escape(views.REMIND_ACTION)}\..+$")
    schedule = re.compile(rf"^{re.escape(views.SCHEDULE_ACTION)}\..+$")
    app.action(remind)(ack=ack_now, lazy=[on_remind])
    app.action(schedule)(ack=ack_now, lazy=[on_schedule])
    app.action(views.CANCEL_ACTION)(ack=ack_now, lazy=[on_cancel])
    app.action(views.HOME_CANCEL_ACTION)(ack=ack_now, lazy=[on_home_cancel])
    router.add("quiet", lambda cmd: quiet_command(deps, cmd), aliases=("silencio",))
    jobs.register(deps)
    housekeeping.register(deps)
