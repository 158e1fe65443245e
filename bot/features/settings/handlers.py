"""`/balance settings` and the "Open settings" buttons: one modal for a member's own settings.

Listeners stay thin. Opening uses the command's or button's trigger_id (valid for 3 seconds).
A submission is validated with the same parsers as the commands: bad fields come back as inline
errors and nothing is saved; a good one is saved (one write) before the ack closes the modal.
After the ack, the save is confirmed where the form came from: an ephemeral answer in the
conversation of the command or button (its response_url rides in the private metadata), and
App Home is published again either way (`deps.member_changes`).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.webhook import WebhookClient

from bot.calendars import member_prefs
from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.settings import service, views
from bot.features.settings.service import Field
from bot.members import load_member, member_lang
from bot.store.members import Member
from content.models import Lang

log = logging.getLogger(__name__)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def from_command(cmd: Command) -> Reply:
        opened = open_settings(
            deps,
            cmd.client,
            cmd.member,
            cmd.lang,
            trigger_id=cmd.trigger_id,
            origin="message",
            response_url=cmd.response_url,
        )
        return None if opened else views.could_not_open(deps.catalog, cmd.lang)

    router.add("settings", from_command, aliases=("ajustes", "config", "preferencias"))

    def on_open(ack: Ack, body: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        """An "Open settings" button outside the command router (App Home)."""
        ack()
        user_id = str((body.get("user") or {}).get("id") or "")
        team_id = str(context.get("team_id") or "")
        member = load_member(
            deps.store, client, team_id=team_id, user_id=user_id, now=deps.clock.now()
        )
        surface = (body.get("view") or {}).get("type")
        open_settings(
            deps,
            client,
            member,
            member_lang(member),
            trigger_id=body.get("trigger_id"),
            origin="home" if surface == "home" else "message",
            response_url=body.get("response_url"),
            push=surface == "modal",  # a button inside a modal stacks the form on top
        )

    def on_submit(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        team_id, user_id = _who(body, context)
        member = deps.store.members.get_or_default(team_id=team_id, user_id=user_id)
        form = views.read_form(body.get("view") or {})
        try:
            chosen = service.validate(form, member_prefs(member), lang=member_lang(member))
        except service.InvalidForm as exc:
            errors = views.field_errors(deps.catalog, member_lang(member), exc.problems)
            ack(response_action="errors", errors=errors)
            return
        deps.store.members.update(
            team_id=team_id, user_id=user_id, now=deps.clock.now(), **chosen.changes()
        )
        ack()

    def confirm(body: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        """After the ack: say so where the form came from, and show the new settings on Home."""
        view = body.get("view") or {}
        team_id, user_id = _who(body, context)
        member = deps.store.members.get_or_default(team_id=team_id, user_id=user_id)
        lang = member_lang(member)
        if not service.is_valid(views.read_form(view), lang=lang):
            return  # the inline errors were the answer; nothing was saved
        deps.member_changes.notify(client, team_id=team_id, user_id=user_id)
        url = views.response_url_of(view)
        if url is None:
            return
        answer = {"response_type": "ephemeral", "replace_original": False}
        try:
            sent = WebhookClient(url, timeout=5).send_dict(
                {**answer, **views.saved(deps.catalog, lang)}
            )
        except OSError as exc:
            log.warning("could not confirm a settings save: %s", type(exc).__name__)
            return
        if sent.status_code != 200:
            log.warning("could not confirm a settings save: HTTP %s", sent.status_code)

    app.action(views.OPEN_ACTION)(on_open)
    app.view(views.CALLBACK_ID)(ack=on_submit, lazy=[confirm])


def open_settings(
    deps: Deps,
    client: WebClient,
    member: Member,
    lang: Lang,
    *,
    trigger_id: str | None,
    origin: views.Origin,
    push: bool = False,
    focus: Field | None = None,
    response_url: str | None = None,
) -> bool:
    """Open the modal prefilled with the member's settings; False when Slack refused."""
    if not trigger_id:
        return False
    view = views.settings_modal(
        deps.catalog,
        lang,
        service.form_for(member),
        origin=origin,
        tz=member.tz or "UTC",
        focus=focus,
        response_url=response_url,
    )
    try:
        if push:
            client.views_push(trigger_id=trigger_id, view=view)
        else:
            client.views_open(trigger_id=trigger_id, view=view)
    except (SlackApiError, SlackRequestError, OSError) as exc:
        code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        log.warning("could not open the settings modal: %s", code or type(exc).__name__)
        return False
    return True


def _who(body: dict[str, Any], context: dict[str, Any]) -> tuple[str, str]:
    """The workspace and the member who submitted: members only ever change their own."""
    user = body.get("user") or {}
    team_id = context.get("team_id") or (body.get("team") or {}).get("id") or user.get("team_id")
    return str(team_id or ""), str(user.get("id") or "")
