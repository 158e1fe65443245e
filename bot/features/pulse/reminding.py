"""The pulse's one reminder, inside each member's own shift.

At the round's reminder time the `pulse_reminder` row fans out one `pulse_remind_dm` row per
member who may answer (the frozen set, readers left out), due at the first moment inside that
member's shift, or their workspace's working hours when they have none: never at night, on a
day off, on leave or a closed day. A member who can't be reached before the round's last hour
gets no row: a reminder after the close is noise.

Whether a member has answered is looked at only when their row comes due, in memory: every row
ends the same way (skipped, one reason) whether it sent a DM or not, so the outbox tells no one
who had not answered. The rows name nobody either: a row is keyed by the member's hash for the
round (as the frozen set already stores it) and carries the member id sealed with the round's
key, so a copy of the database can't even list who was due a reminder.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.calendars import dm_deliver_at
from bot.delivery import Decision
from bot.delivery.errors import SLACK_ERRORS
from bot.deps import Deps
from bot.features.pulse import eligibility, reports, views
from bot.features.pulse.sealing import SealError
from bot.members import member_lang, peek_member
from bot.store.members import Member
from bot.store.outbox import NewMessage, OutboxRow
from bot.store.pulse import Round

log = logging.getLogger(__name__)

DM_KIND = "pulse_remind_dm"
LAST_CALL = timedelta(hours=1)  # no reminder in the round's last hour: too late to be useful
RETRY = timedelta(minutes=5)
HANDLED = "reminder_handled"  # the one outcome of a member's row, sent or not


def dm_key(round_id: int, member_hash: str) -> str:
    return f"pulse-remind-dm:{round_id}:{member_hash}"


def member_deliver_at(deps: Deps, round_: Round, member: Member, now: datetime) -> datetime | None:
    """When `member`'s reminder may go: inside their hours, before the round's last hour."""
    workspace = deps.store.workspaces.get(round_.team_id)
    return dm_deliver_at(
        member, workspace, deps.settings, now, not_after=round_.closes_at - LAST_CALL
    )


def fan_out(deps: Deps, client: WebClient, round_: Round, now: datetime) -> Decision:
    """The round's reminder row: one row per member who may answer, each due in their hours."""
    if not round_.accepts_answers(now):
        return Decision("skip", reason="pulse_closed")
    key = reports.round_key(deps, round_)
    if key is None:
        return Decision("defer", until=now + RETRY, reason="no_pulse_secret")
    try:
        members = eligibility.channel_members(client, round_.channel_id)
    except SLACK_ERRORS as exc:
        log.info("pulse reminder waits: %s", eligibility.slack_error(exc))
        return Decision("defer", until=now + RETRY, reason="members_unknown")
    assert round_.eligible is not None
    config = deps.store.pulse.config(round_.team_id, round_.channel_id)
    readers = reports.readers(deps, round_.team_id, config)  # named since it opened: can't answer
    rows = []
    for user_id in members:
        if key.member(user_id) not in round_.eligible or user_id in readers:
            continue
        member = peek_member(deps.store, client, team_id=round_.team_id, user_id=user_id)
        at = member_deliver_at(deps, round_, member, now)
        if at is None:
            continue
        member_hash = key.member(user_id)
        rows.append(
            NewMessage(
                dm_key(round_.id, member_hash),
                round_.team_id,
                DM_KIND,
                member_hash[:32],  # never posted to: the gate sends the DM itself
                {"to": key.seal_text(user_id)},
                due_at=at,
                expires_at=round_.closes_at - LAST_CALL,
            )
        )
    deps.store.outbox.enqueue(rows, now=now)  # keyed per round and member: twice is once
    deps.store.pulse.mark_reminded(round_.id)
    log.info("pulse reminder planned for %d member(s)", len(rows))
    return Decision("skip", reason="reminders_planned")


def dm_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    """A member's reminder: wait for their hours (their shift may have changed), then DM them
    if they have not answered. Sent or not, the row is skipped with the same reason."""
    round_id = row.key.removeprefix("pulse-remind-dm:").split(":", 1)[0]
    round_ = deps.store.pulse.round(int(round_id))
    if round_ is None or not round_.accepts_answers(now):
        return Decision("skip", reason="pulse_closed")
    key = reports.round_key(deps, round_)
    if key is None:
        return Decision("defer", until=now + RETRY, reason="no_pulse_secret")
    try:
        user_id = key.open_text(str(row.payload.get("to") or ""))
    except SealError:
        return Decision("skip", reason=HANDLED)
    member = peek_member(deps.store, client, team_id=round_.team_id, user_id=user_id)
    at = member_deliver_at(deps, round_, member, now)
    if at is None:
        return Decision("skip", reason="out_of_hours_until_close")
    if at > now:
        return Decision("defer", until=at, reason="outside_hours")
    if row.in_doubt:  # a crash mid-send may have reached Slack: better lost than twice
        return Decision("skip", reason=HANDLED)
    blob = deps.store.pulse.sealed(round_.id)
    try:
        voted = key.open(blob).voters if blob else frozenset()
    except SealError:
        return Decision("skip", reason=HANDLED)
    if key.member(user_id) not in voted:
        payload = views.reminder_dm(
            deps.catalog,
            member_lang(member),
            round_,
            channel_id=round_.channel_id,
            tz=member.tz or "UTC",
            now=now,
        )
        try:
            client.chat_postMessage(channel=user_id, **payload)
        except SLACK_ERRORS as exc:  # deactivated accounts…
            log.info("a pulse reminder was not delivered: %s", type(exc).__name__)
    return Decision("skip", reason=HANDLED)
