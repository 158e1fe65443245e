"""The one slash command, `/balance`, and the buttons that mirror its words."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.commands import RUN_ACTION, Command, CommandRouter, Reply, split_command
from bot.deps import Deps
from bot.features.help import views as help_views
from bot.members import load_member, member_lang

log = logging.getLogger(__name__)


def register_command_listener(app: App, deps: Deps, router: CommandRouter) -> None:
    def on_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        reply = run(
            deps,
            router,
            client=client,
            text=str(command.get("text", "")),
            team_id=str(command.get("team_id", "")),
            user_id=str(command.get("user_id", "")),
            channel_id=command.get("channel_id"),
            trigger_id=command.get("trigger_id"),
        )
        if reply is None:
            ack()
        else:
            ack(response_type="ephemeral", **reply)

    def on_run_action(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        user = body.get("user") or {}
        reply = run(
            deps,
            router,
            client=client,
            text=str(action.get("value") or "help"),
            team_id=str((body.get("team") or {}).get("id") or user.get("team_id")),
            user_id=str(user.get("id", "")),
            channel_id=(body.get("channel") or {}).get("id"),
            trigger_id=body.get("trigger_id"),
        )
        if reply is not None:
            reply_to_action(body, client, respond, reply)

    app.command("/balance")(on_command)
    # Buttons that mirror a command: `balance.run`, or `balance.run.<words>` where one message
    # holds several (Slack wants action ids unique within a message).
    app.action(re.compile(rf"^{re.escape(RUN_ACTION)}(\..+)?$"))(on_run_action)


def run(
    deps: Deps,
    router: CommandRouter,
    *,
    client: WebClient,
    text: str,
    team_id: str,
    user_id: str,
    channel_id: str | None,
    trigger_id: str | None,
) -> Reply:
    """Parse → route → answer. Never lets an exception reach the member as a trace."""
    now = deps.clock.now()
    name, args = split_command(text)
    member = load_member(deps.store, client, team_id=team_id, user_id=user_id, now=now)
    lang = member_lang(member)
    handler = router.find(name)
    if handler is None:
        return help_views.usage_hint(deps.catalog, lang, name)
    cmd = Command(
        team_id=team_id,
        user_id=user_id,
        channel_id=channel_id,
        name=name,
        args=args,
        trigger_id=trigger_id,
        member=member,
        lang=lang,
        client=client,
        now=now,
    )
    try:
        return handler(cmd)
    except Exception:
        # The global error handler can't answer the member; say something useful instead.
        log.exception("/balance %s failed", name)
        return help_views.something_went_wrong(deps.catalog, lang)


def reply_to_action(
    body: dict[str, Any], client: WebClient, respond: Respond, reply: dict[str, Any]
) -> None:
    """Answer a button: in the conversation it came from, or in a modal from App Home."""
    container = body.get("container") or {}
    if container.get("type") == "view" and body.get("trigger_id"):
        client.views_open(
            trigger_id=body["trigger_id"], view=help_views.as_modal(reply, title="Balance Bot")
        )
        return
    respond(replace_original=False, response_type="ephemeral", **reply)
