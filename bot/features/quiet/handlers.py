"""After-hours quiet: off-shift notices, "remind me when they're back", "schedule for when
they're back", their cancellation (from the confirmation or the Home tab), `/balance quiet`.

Listeners stay thin: events and clicks are acknowledged at once and the work (database, Slack
calls) runs in a lazy listener, so Slack's 3-second window is never held. Message text is read
for mentions only, never logged, stored or copied into another message.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.calendars import dm_deliver_at, member_calendar
from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.event_once import once_per_event
from bot.features.home.handlers import publish_home
from bot.features.quiet import audience, housekeeping, jobs, service, views
from bot.members import apply_profile, load_member, member_lang
from bot.schedule import MemberCalendar, off_shift_status
from bot.store.members import Member
from bot.store.outbox import PENDING, NewMessage
from bot.store.workspaces import Workspace

log = logging.getLogger(__name__)

REMINDER_VALID_FOR = timedelta(hours=4)
# The record of a message Slack schedules stays pending until a day after its time, then the
# gate below closes it (skipped: Slack posted it, we never do).
SCHEDULED_RECORD_FOR = timedelta(days=1)
SLACK_ERRORS = (SlackApiError, SlackRequestError, OSError)


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
        team_id, user_id, key = _action_context(body)
        if not user_id:
            return
        cancel_follow_up(deps, client, team_id=team_id, user_id=user_id, key=key)
        try:
            publish_home(deps, client, team_id=team_id, user_id=user_id)
        except SLACK_ERRORS as exc:
            log.warning("could not refresh the Home tab: %s", _error_code(exc))

    remind = re.compile(rf"^{re.escape(views.REMIND_ACTION)}\..+$")
    schedule = re.compile(rf"^{re.escape(views.SCHEDULE_ACTION)}\..+$")
    app.action(remind)(ack=ack_now, lazy=[on_remind])
    app.action(schedule)(ack=ack_now, lazy=[on_schedule])
    app.action(views.CANCEL_ACTION)(ack=ack_now, lazy=[on_cancel])
    app.action(views.HOME_CANCEL_ACTION)(ack=ack_now, lazy=[on_home_cancel])
    router.add("quiet", lambda cmd: quiet_command(deps, cmd), aliases=("silencio",))
    jobs.register(deps)
    housekeeping.register(deps)


# -- off-shift notices -------------------------------------------------------------------------


def _calendar(deps: Deps, member: Member, workspace: Workspace | None = None) -> MemberCalendar:
    workspace = workspace or deps.store.workspaces.get(member.team_id)
    return member_calendar(member, workspace, deps.settings)


def _back(deps: Deps, team_id: str, colleague_id: str, now: datetime) -> datetime | None:
    """When a follow-up is due: the colleague's next shift start while they are off; `now`
    when they are on shift already; None when we can't tell."""
    colleague = deps.store.members.get(team_id=team_id, user_id=colleague_id)
    if colleague is None or not colleague.schedule:
        return None
    cal = _calendar(deps, colleague)
    if off_shift_status(cal, now) is None:
        return now
    return service.back_at(cal, now)


def handle_post(
    deps: Deps, client: WebClient, post: service.Post, senders: audience.SenderCheck
) -> None:
    """Runs after the ack. Few, short database transactions: each one is a moment the
    ack path's event de-duplication may have to wait for (SQLite has one writer)."""
    now = deps.clock.now()
    at = service.message_time(post.ts, now)
    store = deps.store
    workspace: Workspace | None = None
    calendars: dict[str, MemberCalendar] = {}
    if audience.foreign_by_event(
        post.user_team, team_id=post.team_id, enterprise_id=post.enterprise_id
    ):
        return  # someone from another organisation: they learn nothing, and we store nothing
    sharing: set[str] = set()
    for user_id in post.mentions:
        colleague = store.members.get(team_id=post.team_id, user_id=user_id)
        if colleague is None or not colleague.schedule or not colleague.quiet_notices:
            continue
        if not colleague.tz:
            colleague = load_member(store, client, team_id=post.team_id, user_id=user_id, now=now)
        workspace = workspace or store.workspaces.get(post.team_id)
        calendars[user_id] = _calendar(deps, colleague, workspace)
        if colleague.share_leave:
            sharing.add(user_id)
    off = service.who_is_off(calendars, at)
    sender = store.members.get(team_id=post.team_id, user_id=post.sender)
    wants_self = sender is not None and sender.quiet_self and bool(sender.schedule)
    if off:
        # Only people of this organisation learn when a colleague works (checked before
        # anything is claimed or stored about the sender).
        profile = senders.allowed(
            client, team_id=post.team_id, enterprise_id=post.enterprise_id, user_id=post.sender
        )
        if profile is None:
            off = []
        elif sender is None or not (sender.tz and sender.lang):
            sender = apply_profile(
                store, team_id=post.team_id, user=profile, now=now, current=sender
            )
    claimed: list[views.OffColleague] = []
    for user_id, status in off:
        if store.notices.claim(
            team_id=post.team_id,
            sender_id=post.sender,
            colleague_id=user_id,
            period_key=status.period_key,
            now=now,
        ):
            cal = calendars[user_id]
            local_date = at.astimezone(cal.zone).date()
            claimed.append(
                views.OffColleague(user_id, cal.tz, status, local_date, user_id in sharing)
            )
    if not claimed and not wants_self:
        return
    if sender is None or not (sender.tz and sender.lang):
        sender = load_member(store, client, team_id=post.team_id, user_id=post.sender, now=now)
    lang = member_lang(sender)
    workspace = workspace or store.workspaces.get(post.team_id)
    if claimed:
        payload = views.off_shift_notice(
            deps.catalog,
            lang,
            claimed[: service.MAX_COLLEAGUES],
            sender_tz=sender.tz or "UTC",
            now=at,
            channel=post.channel,
            ts=post.ts,
            urgent_route=workspace.urgent_route,
        )
        if not _ephemeral(client, post, payload):
            store.notices.release(
                team_id=post.team_id,
                sender_id=post.sender,
                claims=[(c.user_id, c.status.period_key) for c in claimed],
            )
    if wants_self:
        _remind_self(deps, client, post, sender, at, workspace)


def _remind_self(
    deps: Deps,
    client: WebClient,
    post: service.Post,
    sender: Member,
    at: datetime,
    workspace: Workspace,
) -> None:
    cal = _calendar(deps, sender, workspace)
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
        deps.catalog,
        member_lang(sender),
        next_start=service.back_at(cal, at),
        tz=cal.tz,
        now=at,
        situation=service.self_situation(cal, at),
    )
    _ephemeral(client, post, payload)


def _ephemeral(client: WebClient, post: service.Post, payload: dict[str, Any]) -> bool:
    try:
        client.chat_postEphemeral(
            channel=post.channel, user=post.sender, thread_ts=post.thread_ts, **payload
        )
    except SLACK_ERRORS as exc:
        log.warning("could not show a quiet notice: %s", type(exc).__name__)
        return False
    return True


# -- following up: reminders and scheduled notes ------------------------------------------------


def _action_context(body: dict[str, Any]) -> tuple[str, str, str]:
    action = (body.get("actions") or [{}])[0]
    user = body.get("user") or {}
    team_id = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
    return team_id, str(user.get("id") or ""), str(action.get("value") or "")


def _error_code(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "")
    return type(exc).__name__


def _permalink(client: WebClient, channel: str, ts: str) -> str | None:
    try:
        return str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except (*SLACK_ERRORS, KeyError) as exc:
        log.info("no permalink for a follow-up: %s", type(exc).__name__)
        return None


class FollowUp(NamedTuple):
    """Who clicked a follow-up button on a notice, about whom, and which message."""

    team_id: str
    sender_id: str
    colleague_id: str
    channel: str
    ts: str
    sender: Member
    now: datetime


def _follow_up(deps: Deps, client: WebClient, body: dict[str, Any]) -> FollowUp | None:
    team_id, sender_id, value = _action_context(body)
    decoded = service.decode_reminder(value)
    if decoded is None or not sender_id:
        return None
    colleague_id, channel, ts = decoded
    now = deps.clock.now()
    sender = load_member(deps.store, client, team_id=team_id, user_id=sender_id, now=now)
    return FollowUp(team_id, sender_id, colleague_id, channel, ts, sender, now)


def schedule_reminder(deps: Deps, client: WebClient, body: dict[str, Any]) -> Reply:
    """ "Remind me when they're back": a DM to the sender at the colleague's next shift."""
    follow = _follow_up(deps, client, body)
    if follow is None:
        return None
    team_id, sender_id, colleague_id, channel, ts, sender, now = follow
    lang = member_lang(sender)
    store, catalog = deps.store, deps.catalog
    key = service.reminder_key(
        team_id=team_id, sender=sender_id, channel=channel, ts=ts, colleague=colleague_id
    )
    name = f"<@{colleague_id}>"
    existing = store.outbox.by_key(key)
    if existing is not None and existing.status != PENDING:
        return views.plain(catalog.ui("quiet.reminder_gone", lang))
    back = existing.due_at if existing is not None else _back(deps, team_id, colleague_id, now)
    if back is None:
        return views.plain(catalog.ui("quiet.reminder_unknown", lang, name=name))
    if existing is None and back <= now:
        return views.plain(catalog.ui("quiet.schedule_back_now", lang, name=name))
    due = back
    if existing is None:
        # The reminder is the sender's, not urgent: it waits for their own hours if need be.
        workspace = store.workspaces.get(team_id)
        due = dm_deliver_at(sender, workspace, deps.settings, back) or back
        dm = views.reminder_dm(
            catalog,
            lang,
            colleague=colleague_id,
            channel=channel,
            permalink=_permalink(client, channel, ts),
        )
        store.outbox.enqueue(
            [
                NewMessage(
                    key=key,
                    team_id=team_id,
                    kind=service.REMINDER_KIND,
                    channel=sender_id,
                    payload=dm,
                    due_at=due,
                    expires_at=due + REMINDER_VALID_FOR,
                    user_id=sender_id,
                )
            ],
            now=now,
        )
    tz = sender.tz or "UTC"
    back_yours = views.when_phrase(catalog, lang, back, tz, now=now)
    later = views.when_phrase(catalog, lang, due, tz, now=now) if due > back else None
    return views.reminder_set(
        catalog, lang, colleague=colleague_id, back_yours=back_yours, key=key, later=later
    )


def schedule_for_colleague(deps: Deps, client: WebClient, body: dict[str, Any]) -> Reply:
    """ "Schedule for when they're back": Slack posts a note from the bot to the colleague at
    the start of their next shift, saying who wanted them, with a link to the message (never
    its text). Our outbox row keeps Slack's `scheduled_message_id` so it can be cancelled."""
    follow = _follow_up(deps, client, body)
    if follow is None:
        return None
    team_id, sender_id, colleague_id, channel, ts, sender, now = follow
    store, catalog = deps.store, deps.catalog
    lang, sender_tz, name = member_lang(sender), sender.tz or "UTC", f"<@{colleague_id}>"
    key = service.follow_up_key(
        service.SCHEDULED_KIND,
        team_id=team_id,
        sender=sender_id,
        channel=channel,
        ts=ts,
        colleague=colleague_id,
    )

    def confirmed(back: datetime) -> Reply:
        back_yours = views.when_phrase(catalog, lang, back, sender_tz, now=now)
        return views.scheduled_set(
            catalog, lang, colleague=colleague_id, back_yours=back_yours, key=key
        )

    existing = store.outbox.by_key(key)
    if existing is not None:  # a second click: one note per message and colleague
        if existing.status == PENDING:
            return confirmed(existing.due_at)
        return views.plain(catalog.ui("quiet.schedule_used", lang))
    back = _back(deps, team_id, colleague_id, now)
    if back is None:
        return views.plain(catalog.ui("quiet.schedule_unknown", lang, name=name))
    window = service.schedule_window(back, now)
    if window == "too_far":
        back_yours = views.when_phrase(catalog, lang, back, sender_tz, now=now)
        return views.plain(
            catalog.ui("quiet.schedule_too_far", lang, name=name, back_yours=back_yours)
        )
    if window == "too_soon":
        return views.plain(catalog.ui("quiet.schedule_back_now", lang, name=name))
    colleague = load_member(store, client, team_id=team_id, user_id=colleague_id, now=now)
    permalink = _permalink(client, channel, ts)
    note = views.scheduled_dm(
        catalog, member_lang(colleague), sender=sender_id, channel=channel, permalink=permalink
    )
    post_at = int(back.timestamp())
    try:
        dm_channel = str(client.conversations_open(users=colleague_id)["channel"]["id"])
        # No `metadata`: Slack does not post scheduled messages that carry it (its bug alert).
        scheduled = client.chat_scheduleMessage(channel=dm_channel, post_at=post_at, **note)
        scheduled_id = str(scheduled["scheduled_message_id"])
    except (*SLACK_ERRORS, KeyError, TypeError) as exc:
        code = _error_code(exc)
        log.warning("could not schedule a note for a colleague: %s", code or "no id")
        if code == "time_too_far":
            back_yours = views.when_phrase(catalog, lang, back, sender_tz, now=now)
            return views.plain(
                catalog.ui("quiet.schedule_too_far", lang, name=name, back_yours=back_yours)
            )
        if code == "time_in_past":
            return views.plain(catalog.ui("quiet.schedule_back_now", lang, name=name))
        if code == "restricted_too_many":
            return views.plain(catalog.ui("quiet.schedule_busy", lang, name=name))
        return views.plain(catalog.ui("quiet.schedule_failed", lang))
    record = NewMessage(
        key=key,
        team_id=team_id,
        kind=service.SCHEDULED_KIND,
        channel=dm_channel,
        # Our record, not a message: no text or blocks, so the dispatcher could not post it
        # even if the gate that closes it were missing (Slack answers `no_text`).
        payload={"scheduled_message_id": scheduled_id, "post_at": post_at, "permalink": permalink},
        due_at=back,
        expires_at=back + SCHEDULED_RECORD_FOR,
        user_id=sender_id,
    )
    try:
        added = store.outbox.enqueue([record], now=now)
    except Exception:
        # Without its record nobody could cancel it: take it back.
        _delete_scheduled(client, dm_channel, scheduled_id)
        raise
    if not added:
        # Another click won the race and scheduled its own note: take ours back.
        _delete_scheduled(client, dm_channel, scheduled_id)
        won = store.outbox.by_key(key)
        return confirmed(won.due_at if won else back)
    return confirmed(back)


def _delete_scheduled(client: WebClient, channel: str, scheduled_id: str) -> str:
    """ "deleted", "gone" (Slack no longer has it: posted or deleted before) or "failed"."""
    try:
        client.chat_deleteScheduledMessage(channel=channel, scheduled_message_id=scheduled_id)
    except SLACK_ERRORS as exc:
        code = _error_code(exc)
        if code == "invalid_scheduled_message_id":
            return "gone"
        log.warning("could not delete a scheduled note: %s", code)
        return "failed"
    return "deleted"


def cancel_follow_up(deps: Deps, client: WebClient, *, team_id: str, user_id: str, key: str) -> str:
    """Cancel one of the member's pending follow-ups: "cancelled", "gone" (sent, cancelled
    before, or not theirs) or "failed" (Slack could not be asked; nothing changed)."""
    ref = service.parse_follow_up(key)
    # Only the member who set a follow-up may cancel it.
    if ref is None or (ref.team_id, ref.sender) != (team_id, user_id):
        return "gone"
    now = deps.clock.now()
    row = deps.store.outbox.by_key(key)
    if row is None or row.status != PENDING:
        return "gone"
    if row.kind == service.SCHEDULED_KIND:
        scheduled_id = str(row.payload.get("scheduled_message_id") or "")
        outcome = _delete_scheduled(client, row.channel, scheduled_id)
        if outcome == "failed":
            return "failed"
        if outcome == "gone" and row.due_at <= now:
            return "gone"  # Slack has posted it already
    return "cancelled" if deps.store.outbox.cancel(key=key, now=now) else "gone"


def cancel_reminder(
    deps: Deps, client: WebClient, body: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """The Cancel button under a confirmation (a reminder or a scheduled note): the answer, and
    whether it replaces the confirmation (not when cancelling failed: its button stays)."""
    team_id, user_id, key = _action_context(body)
    now = deps.clock.now()
    member = load_member(deps.store, client, team_id=team_id, user_id=user_id, now=now)
    lang = member_lang(member)
    outcome = cancel_follow_up(deps, client, team_id=team_id, user_id=user_id, key=key)
    ref = service.parse_follow_up(key)
    scheduled = ref is not None and ref.kind == service.SCHEDULED_KIND
    text_key = {
        "cancelled": "quiet.scheduled_cancelled" if scheduled else "quiet.reminder_cancelled",
        "gone": "quiet.scheduled_gone" if scheduled else "quiet.reminder_gone",
        "failed": "quiet.cancel_failed",
    }[outcome]
    return views.plain(deps.catalog.ui(text_key, lang)), outcome != "failed"


# -- /balance quiet ----------------------------------------------------------------------------

_SWITCH = {"on": True, "off": False}
# word after `quiet` → (member field, reply when on, reply when off)
_TARGETS = {
    "": ("quiet_notices", "quiet.on", "quiet.off"),
    "self": ("quiet_self", "quiet.self_on", "quiet.self_off"),
    "eos": ("end_of_shift", "quiet.eos_on", "quiet.eos_off"),
    # Off by default: a notice says "off shift"; "on leave" only if the member chose it.
    "leave": ("share_leave", "quiet.leave_on", "quiet.leave_off"),
}
_TARGET_WORDS = {"licencia": "leave", "permiso": "leave"}


def quiet_command(deps: Deps, cmd: Command) -> Reply:
    """`quiet on|off`, `quiet self on|off`, `quiet eos on|off`, `quiet leave on|off`."""
    words = cmd.args.lower().split()
    target = words[0] if len(words) == 2 else ""
    target = _TARGET_WORDS.get(target, target)
    switch = _SWITCH.get(words[-1]) if 1 <= len(words) <= 2 else None
    if switch is None or target not in _TARGETS:
        return views.plain(deps.catalog.ui("quiet.usage", cmd.lang))
    field, said_on, said_off = _TARGETS[target]
    deps.store.members.update(
        team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, **{field: switch}
    )
    return views.plain(deps.catalog.ui(said_on if switch else said_off, cmd.lang))
