"""Tiny Block Kit builders shared by every feature's views (plain dicts, as Slack takes them)."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]


def clip(text: str, limit: int) -> str:
    """Fit Slack's length limit, showing that something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """Text from content or people, made safe for mrkdwn (&, < and > are control characters)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def header(text: str) -> Block:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": clip(text, 150), "emoji": True},
    }


def section(text: str, *, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


def context(*texts: str) -> Block:
    elements = [{"type": "mrkdwn", "text": clip(t, 3000)} for t in texts[:10]]
    return {"type": "context", "elements": elements}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, *, action_id: str, value: str | None = None, style: str | None = None
) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(text, 75), "emoji": True},
        "action_id": action_id,
    }
    if value is not None:
        element["value"] = value
    if style is not None:
        element["style"] = style
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)[:25]}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def message(text: str, blocks: list[Block]) -> dict[str, Any]:
    """A message payload: `text` is the notification and screen-reader fallback."""
    return {"text": text, "blocks": blocks}
