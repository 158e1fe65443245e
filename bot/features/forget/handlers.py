"""`/balance forget-me` → a confirmation → "Yes, delete my data": what Slack still holds for or
about the member is withdrawn, then every row about them is deleted (`job`). Only whoever
clicked is forgotten: the button carries no member id."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.forget import job, views
from bot.members import language_and_zone

log = logging.getLogger(__name__)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def forget_me(cmd: Command) -> Reply:
        return views.confirm_message(deps.catalog, cmd.lang)

    router.add("forget-me", forget_me, aliases=("forgetme", "forget_me", "olvidame", "olvídame"))

    def on_confirm(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        """Record the request before the ack (it survives a restart); the work follows."""
        team_id, user_id = _who(body, context)
        if team_id and user_id:
            job.start(deps, team_id=team_id, user_id=user_id, now=deps.clock.now())
        ack()

    def forget(
        body: dict[str, Any], context: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        """Withdraw from Slack, then delete; tell the member how it went."""
        team_id, user_id = _who(body, context)
        if not team_id or not user_id:
            return
        # Read before the deletion; a second click finds no record, so Slack's locale says it
        # (without storing anything again).
        lang, _ = language_and_zone(deps.store, client, team_id=team_id, user_id=user_id)
        done = job.run(deps, client, team_id=team_id, user_id=user_id)
        message = views.done_message if done else views.pending_message
        _reply(respond, message(deps.catalog, lang))

    def on_cancel(
        ack: Ack, body: dict[str, Any], context: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        team_id, user_id = _who(body, context)
        lang, _ = language_and_zone(deps.store, client, team_id=team_id, user_id=user_id)
        _reply(respond, views.cancelled_message(deps.catalog, lang))

    app.action(views.CONFIRM_ACTION)(ack=on_confirm, lazy=[forget])
    app.action(views.CANCEL_ACTION)(on_cancel)
    job.register(deps)


def _who(body: dict[str, Any], context: dict[str, Any]) -> tuple[str, str]:
    # Whoever clicked: the button carries no member id, so nobody can forget someone else.
    return str(context.get("team_id") or ""), str((body.get("user") or {}).get("id") or "")


def _reply(respond: Respond, payload: dict[str, Any]) -> None:
    try:
        respond(replace_original=True, response_type="ephemeral", **payload)
    except (SlackApiError, SlackRequestError, OSError, ValueError) as exc:
        log.warning("could not answer a forget-me button: %s", type(exc).__name__)
