"""`/balance forget-me` → a confirmation → "Yes, delete my data" deletes every row about the
member who clicked (never anyone else: the button carries no member id)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.forget import erase, views
from bot.members import member_lang

log = logging.getLogger(__name__)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def forget_me(cmd: Command) -> Reply:
        return views.confirm_message(deps.catalog, cmd.lang)

    router.add("forget-me", forget_me, aliases=("forgetme", "forget_me", "olvidame", "olvídame"))

    def on_confirm(ack: Ack, body: dict[str, Any], context: dict[str, Any],
                   respond: Respond) -> None:
        """Delete first (one short transaction), then ack; tell the member afterwards."""
        team_id = str(context.get("team_id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        if not team_id or not user_id:
            ack()
            return
        member = deps.store.members.get_or_default(team_id=team_id, user_id=user_id)
        lang = member_lang(member)
        report = erase.forget_member(deps.store.engine, team_id=team_id, user_id=user_id)
        # Counts only: the member's id does not go into the logs either.
        log.info("forget-me: deleted %d rows, cleaned %d", sum(report.deleted.values()),
                 sum(report.scrubbed.values()))
        ack()
        _reply(respond, views.done_message(deps.catalog, lang))

    def on_cancel(ack: Ack, body: dict[str, Any], context: dict[str, Any],
                  respond: Respond) -> None:
        ack()
        user_id = str((body.get("user") or {}).get("id") or "")
        member = deps.store.members.get_or_default(
            team_id=str(context.get("team_id") or ""), user_id=user_id
        )
        _reply(respond, views.cancelled_message(deps.catalog, member_lang(member)))

    app.action(views.CONFIRM_ACTION)(on_confirm)
    app.action(views.CANCEL_ACTION)(on_cancel)


def _reply(respond: Respond, payload: dict[str, Any]) -> None:
    try:
        respond(replace_original=True, response_type="ephemeral", **payload)
    except (SlackApiError, SlackRequestError, OSError, ValueError) as exc:
        log.warning("could not answer a forget-me button: %s", type(exc).__name__)
