"""After-hours quiet, following up on a notice: "remind me when they're back" (an outbox
DM), "schedule for when they're back" (Slack's chat.scheduleMessage, with its own errors) and
cancelling either from the confirmation or the Home tab. Kept apart from `actions.py` because
the scheduled-message rules (Slack's limits, what a failed delete means) are a subject of
their own."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, NamedTuple

from slack_sdk import WebClient

from bot.calendars import dm_deliver_at
from bot.commands import Reply
from bot.deps import Deps
from bot.features.quiet import service, views
from bot.features.quiet.actions import (
    REMINDER_VALID_FOR,
    SCHEDULED_RECORD_FOR,
    SLACK_ERRORS,
    action_context,
    back_for,
    error_code,
)
from bot.members import load_member, member_lang
from bot.store.members import Member
from bot.store.outbox import PENDING, NewMessage

log = logging.getLogger(__name__)


# -- following up: reminders and scheduled notes ------------------------------------------------


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
    team_id, sender_id, value = action_context(body)
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
    back = existing.due_at if existing is not None else back_for(deps, team_id, colleague_id, now)
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
    back = back_for(deps, team_id, colleague_id, now)
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
        code = error_code(exc)
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
        code = error_code(exc)
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
    team_id, user_id, key = action_context(body)
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
