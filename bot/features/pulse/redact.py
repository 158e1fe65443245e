"""When a round's comments reach the end of their retention, the results messages already in
Slack are edited to the same figures without them (the database copy goes in the same step,
see `PulseStore.prune_comments`). One outbox row per message, so a replica that dies half-way
or a Slack outage only delays an edit, never loses it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.delivery import Decision
from bot.delivery.errors import error_code
from bot.deps import Deps
from bot.features.pulse import reports, views_results
from bot.features.pulse.closing import channel_lang, reader_lang
from bot.store.outbox import OutboxRow

log = logging.getLogger(__name__)

REDACT_KIND = "pulse-redact"
RETRY = timedelta(minutes=10)
# Slack's answers that mean the message can no longer be edited: nothing left to redact.
GONE = frozenset(
    {
        "message_not_found",
        "channel_not_found",
        "cant_update_message",
        "is_archived",
        "not_in_channel",
        "account_inactive",
        "user_not_found",
    }
)


def prune(deps: Deps, now: datetime) -> int:
    weeks = deps.settings.pulse_comment_retention_weeks
    return deps.store.pulse.prune_comments(
        before=now - timedelta(weeks=weeks), now=now, redact_kind=REDACT_KIND
    )


def redact_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    """Edit one sent results message to its comment-free form; never posts anything new."""
    round_ = deps.store.pulse.round(int(row.payload["round_id"]))
    if round_ is None:
        return Decision("skip", reason="no_round")
    reader = row.user_id
    member = deps.store.members.get_or_default(team_id=round_.team_id, user_id=reader or "")
    config = deps.store.pulse.config(round_.team_id, round_.channel_id)
    lang = reader_lang(member, config) if reader else channel_lang(config)
    results = reports.results_for(deps, round_, reader=reader)
    payload = views_results.results_message(
        deps.catalog, lang, results, channel_id=round_.channel_id, shared=reader is None
    )
    try:
        channel = row.channel
        if channel[:1] in ("U", "W"):  # a DM: edits need the conversation, not the person
            channel = str(client.conversations_open(users=channel)["channel"]["id"])
        client.chat_update(channel=channel, ts=str(row.payload["ts"]), **payload)
    except SlackApiError as exc:
        error = error_code(exc)
        if error in GONE:
            return Decision("skip", reason="message_gone")
        log.info("could not remove expired comments from a results message: %s", error)
        return Decision("defer", until=now + RETRY, reason="slack_error")
    except (SlackRequestError, OSError) as exc:
        log.info("could not remove expired comments from a results message: %s", type(exc).__name__)
        return Decision("defer", until=now + RETRY, reason="slack_unreachable")
    return Decision("skip", reason="redacted")
