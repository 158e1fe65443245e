"""Withdraw from Slack what it still holds for or about a member who asked to be forgotten:
the notes Slack will post later (`chat.scheduleMessage`) that name them or go to their DM.

Two passes: the notes our outbox recorded (by their `scheduled_message_id`), then a sweep of
every message this app still has scheduled in the workspace (`chat.scheduledMessages.list`),
which also finds a note whose record was never written (a crash between Slack's answer and
our write). Each step is safe to repeat: a note Slack no longer has counts as withdrawn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

log = logging.getLogger(__name__)

SLACK_ERRORS = (SlackApiError, SlackRequestError, OSError)
GONE = frozenset({"invalid_scheduled_message_id", "channel_not_found"})
MAX_PAGES = 50

Note = tuple[str, str]  # (channel, scheduled_message_id)


@dataclass
class Withdrawal:
    withdrawn: int = 0
    left: list[Note] = field(default_factory=list)
    swept: bool = False  # the workspace-wide sweep ran to its end

    @property
    def done(self) -> bool:
        return not self.left and self.swept


def withdraw(client: WebClient, user_id: str, notes: list[Note]) -> Withdrawal:
    result = Withdrawal()
    for note in dict.fromkeys(notes):
        if _delete(client, note):
            result.withdrawn += 1
        else:
            result.left.append(note)
    dm = _dm_channel(client, user_id)
    found = _sweep(client, user_id, dm)
    if found is None:
        return result
    for note in found:
        if note in result.left:
            continue
        if _delete(client, note):
            result.withdrawn += 1
        else:
            result.left.append(note)
    result.swept = True
    return result


def _delete(client: WebClient, note: Note) -> bool:
    """True once Slack no longer holds the note (deleted now, or earlier / already posted)."""
    channel, scheduled_id = note
    try:
        client.chat_deleteScheduledMessage(channel=channel, scheduled_message_id=scheduled_id)
    except SLACK_ERRORS as exc:
        code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        if code in GONE:
            return True
        log.warning(
            "forget-me: a scheduled note could not be withdrawn yet: %s", code or type(exc).__name__
        )
        return False
    return True


def _dm_channel(client: WebClient, user_id: str) -> str | None:
    """The app's DM with the member, if there is one (never creates it)."""
    try:
        opened = client.conversations_open(users=user_id, prevent_creation=True)
    except SLACK_ERRORS as exc:
        log.info("forget-me: no DM look-up: %s", type(exc).__name__)
        return None
    channel = opened.get("channel") or {}
    return str(channel.get("id")) if channel.get("id") else None


def _sweep(client: WebClient, user_id: str, dm: str | None) -> list[Note] | None:
    """Scheduled messages that mention the member or go to their DM; None when Slack could
    not be asked to the end."""
    mention = f"<@{user_id}"
    found: list[Note] = []
    cursor: str | None = None
    try:
        for _ in range(MAX_PAGES):
            page = client.chat_scheduledMessages_list(limit=100, cursor=cursor)
            for item in page.get("scheduled_messages") or []:
                channel, scheduled_id = str(item.get("channel_id")), str(item.get("id"))
                if channel == dm or mention in str(item.get("text") or ""):
                    found.append((channel, scheduled_id))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return found
    except SLACK_ERRORS as exc:
        log.warning("forget-me: scheduled messages could not be listed yet: %s", type(exc).__name__)
        return None
    log.warning("forget-me: more than %d pages of scheduled messages", MAX_PAGES)
    return None
