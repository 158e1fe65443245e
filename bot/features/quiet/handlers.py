"""After-hours quiet: off-shift notices, "remind me when they're back", `/balance quiet`.

Listeners stay thin: events are acknowledged at once and the work runs in a lazy listener, so
Slack's 3-second window is never held. Message text is read for mentions only, never logged.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.calendars import member_calendar
from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.quiet import jobs, service, views
from bot.members import load_member, member_lang
from bot.schedule import MemberCalendar, off_shift_status
from bot.store.members import Member
from bot.store.outbox import NewMessage

log = logging.getLogger(__name__)

REMINDER_VALID_FOR = timedelta(hours=4)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def on_post(event: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        post = service.post_from_event(
            event,
            team_id=str(context.get("team_id") or ""),
            bot_user_id=context.get("bot_user_id"),
        )
        if post is not None:
            handle_post(deps, client, post)

    app.event("message")(ack=ack_now, lazy=[on_post])
    app.event("app_mention")(ack=ack_now, lazy=[on_post])

    def on_remind(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        reply = schedule_reminder(deps, client, body)
        if reply is not None:
            respond(replace_original=False, response_type="ephemeral", **reply)

    def on_cancel(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        respond(replace_original=True, response_type="ephemeral", **cancel_reminder(deps, client,
                                                                                   body))

    app.action(re.compile(rf"^{re.escape(views.REMIND_ACTION)}\..+$"))(on_remind)
    app.action(views.CANCEL_ACTION)(on_cancel)
    router.add("quiet", lambda cmd: quiet_command(deps, cmd), aliases=("silencio",))
    jobs.register(deps)


# -- off-shift notices -------------------------------------------------------------------------


def _calendar(deps: Deps, member: Member) -> MemberCalendar:
    workspace = deps.store.workspaces.get(member.team_id)
    return member_calendar(member, workspace, deps.settings)


def handle_post(deps: Deps, client: WebClient, post: service.Post) -> None:
    now = deps.clock.now()
    at = service.message_time(post.ts, now)
    store = deps.store
    calendars: dict[str, MemberCalendar] = {}
    for user_id in post.mentions:
        colleague = store.members.get(team_id=post.team_id, user_id=user_id)
        if colleague is None or not colleague.schedule or not colleague.quiet_notices:
            continue
        if not colleague.tz:
            colleague = load_member(store, client, team_id=post.team_id, user_id=user_id, now=now)
        calendars[user_id] = _calendar(deps, colleague)
    claimed: list[views.OffColleague] = []
    for user_id, status in service.who_is_off(calendars, at):
        if store.notices.claim(
            team_id=post.team_id,
            sender_id=post.sender,
            colleague_id=user_id,
            period_key=status.period_key,
            now=now,
        ):
            cal = calendars[user_id]
            local_date = at.astimezone(cal.zone).date()
            claimed.append(views.OffColleague(user_id, cal.tz, status, local_date))
    sender = store.members.get(team_id=post.team_id, user_id=post.sender)
    wants_self = sender is not None and sender.quiet_self and bool(sender.schedule)
    if not claimed and not wants_self:
        return
    sender = load_member(store, client, team_id=post.team_id, user_id=post.sender, now=now)
    lang = member_lang(sender)
    if claimed:
        payload = views.off_shift_notice(
            deps.catalog,
            lang,
            claimed[: service.MAX_COLLEAGUES],
            sender_tz=sender.tz or "UTC",
            now=at,
            channel=post.channel,
            ts=post.ts,
            urgent_route=store.workspaces.get(post.team_id).urgent_route,
        )
        if not _ephemeral(client, post, payload):
            store.notices.release(
                team_id=post.team_id,
                sender_id=post.sender,
                claims=[(c.user_id, c.status.period_key) for c in claimed],
            )
    if wants_self:
        _remind_self(deps, client, post, sender, at)


def _remind_self(
    deps: Deps, client: WebClient, post: service.Post, sender: Member, at: datetime
) -> None:
    cal = _calendar(deps, sender)
    if off_shift_status(cal, at) is None:
        return
    if not deps.store.notices.claim(
        team_id=post.team_id,
        sender_id=post.sender,
        colleague_id=post.sender,
        period_key=service.self_period_key(cal, at),
        now=deps.clock.now(),
    ):
        return
    payload = views.self_reminder(
        deps.catalog, member_lang(sender), next_start=service.back_at(cal, at), tz=cal.tz, now=at
    )
    _ephemeral(client, post, payload)


def _ephemeral(client: WebClient, post: service.Post, payload: dict[str, Any]) -> bool:
    try:
        client.chat_postEphemeral(
            channel=post.channel, user=post.sender, thread_ts=post.thread_ts, **payload
        )
    except (SlackApiError, SlackRequestError, OSError) as exc:
        log.warning("could not show a quiet notice: %s", type(exc).__name__)
        return False
    return True


# -- reminders ---------------------------------------------------------------------------------


def _action_context(body: dict[str, Any]) -> tuple[str, str, str]:
    action = (body.get("actions") or [{}])[0]
    user = body.get("user") or {}
    team_id = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
    return team_id, str(user.get("id") or ""), str(action.get("value") or "")


def schedule_reminder(deps: Deps, client: WebClient, body: dict[str, Any]) -> Reply:
    team_id, sender_id, value = _action_context(body)
    decoded = service.decode_reminder(value)
    if decoded is None or not sender_id:
        return None
    colleague_id, channel, ts = decoded
    now = deps.clock.now()
    store, catalog = deps.store, deps.catalog
    sender = load_member(store, client, team_id=team_id, user_id=sender_id, now=now)
    lang = member_lang(sender)
    colleague = store.members.get(team_id=team_id, user_id=colleague_id)
    back = service.back_at(_calendar(deps, colleague), now) if colleague else None
    if back is None:
        return views.plain(catalog.ui("quiet.reminder_unknown", lang, name=f"<@{colleague_id}>"))
    permalink: str | None = None
    try:
        permalink = str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except (SlackApiError, SlackRequestError, OSError, KeyError) as exc:
        log.info("no permalink for a reminder: %s", type(exc).__name__)
    key = service.reminder_key(
        team_id=team_id, sender=sender_id, channel=channel, ts=ts, colleague=colleague_id
    )
    dm = views.reminder_dm(
        catalog, lang, colleague=colleague_id, channel=channel, permalink=permalink
    )
    store.outbox.enqueue(
        [
            NewMessage(
                key=key,
                team_id=team_id,
                kind="reminder",
                channel=sender_id,
                payload=dm,
                due_at=back,
                expires_at=back + REMINDER_VALID_FOR,
                user_id=sender_id,
            )
        ],
        now=now,
    )
    back_yours = views.when_phrase(catalog, lang, back, sender.tz or "UTC", now=now)
    return views.reminder_set(
        catalog, lang, colleague=colleague_id, back_yours=back_yours, key=key
    )


def cancel_reminder(deps: Deps, client: WebClient, body: dict[str, Any]) -> dict[str, Any]:
    team_id, user_id, key = _action_context(body)
    now = deps.clock.now()
    member = load_member(deps.store, client, team_id=team_id, user_id=user_id, now=now)
    lang = member_lang(member)
    # Only the member who set a reminder may cancel it.
    if service.reminder_owner(key) == (team_id, user_id) and deps.store.outbox.cancel(
        key=key, now=now
    ):
        return views.plain(deps.catalog.ui("quiet.reminder_cancelled", lang))
    return views.plain(deps.catalog.ui("quiet.reminder_gone", lang))


# -- /balance quiet ----------------------------------------------------------------------------

_SWITCH = {"on": True, "off": False}
# word after `quiet` → (member field, reply when on, reply when off)
_TARGETS = {
    "": ("quiet_notices", "quiet.on", "quiet.off"),
    "self": ("quiet_self", "quiet.self_on", "quiet.self_off"),
    "eos": ("end_of_shift", "quiet.eos_on", "quiet.eos_off"),
}


def quiet_command(deps: Deps, cmd: Command) -> Reply:
    """`quiet on|off`, `quiet self on|off`, `quiet eos on|off`."""
    words = cmd.args.lower().split()
    target = words[0] if len(words) == 2 else ""
    switch = _SWITCH.get(words[-1]) if 1 <= len(words) <= 2 else None
    if switch is None or target not in _TARGETS:
        return views.plain(deps.catalog.ui("quiet.usage", cmd.lang))
    field, said_on, said_off = _TARGETS[target]
    deps.store.members.update(
        team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, **{field: switch}
    )
    return views.plain(deps.catalog.ui(said_on if switch else said_off, cmd.lang))
