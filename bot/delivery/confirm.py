"""Look a delivery up in Slack before sending it again.

Every message we post carries Slack message metadata with its delivery id, so a delivery left
in doubt (the process died after Slack accepted it, or the answer never came) can be found in
the conversation's history instead of being posted twice.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.store.outbox import OutboxRow

DELIVERY_EVENT = "balance_delivery"


def find_delivered(client: WebClient, row: OutboxRow) -> tuple[str, str] | None:
    """(channel, ts) of the message carrying this delivery's id, or None."""
    channel = row.channel
    if channel.startswith(("U", "W")):
        opened = client.conversations_open(users=channel)
        channel = opened["channel"]["id"]
    # The newest messages suffice: a row is in doubt only for the length of its lease. No
    # `oldest` bound, so our clock and Slack's need not agree.
    history = client.conversations_history(channel=channel, include_all_metadata=True, limit=200)
    for message in history.get("messages") or []:
        payload = (message.get("metadata") or {}).get("event_payload") or {}
        if payload.get("delivery_id") == row.key:
            return channel, str(message.get("ts"))
    return None
