"""Tiny Block Kit builders shared by every feature's views (plain dicts, as Slack takes them)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

Block = dict[str, Any]


def clip(text: str, limit: int) -> str:
    """Fit Slack's length limit, showing that something was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape(text: str) -> str:
    """Text from content or people, made safe for mrkdwn (&, < and > are control characters)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Characters that would let a person's text take over a message: line breaks (they escape a
# quote and can fake result lines), and invisible or direction-changing marks (spoofing).
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# mrkdwn has no backslash escape, so formatting marks become look-alikes that Slack ignores.
_FORMATTING = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,20}):/")
_SPACES = re.compile(r"\s{2,}")


def user_text(text: str, limit: int | None = None) -> str:
    """What a person typed, made inert for mrkdwn: no mention, link, formatting or line break
    in it is interpreted, so it can be quoted anywhere. Use it for every piece of member or
    admin text echoed into a message, with `verbatim` sections (no auto-linking)."""
    flat = _BREAKS.sub(" ", text)
    flat = _INVISIBLE.sub("", flat)
    flat = "".join(c for c in flat if unicodedata.category(c) != "Cc")
    flat = _SPACES.sub(" ", flat).strip()
    if limit is not None:
        flat = clip(flat, limit)
    flat = escape(flat).translate(_FORMATTING)
    # "https://…" stays readable but no client turns it into a link.
    return _SCHEME.sub(lambda m: f"{m.group(1)}:\u200b/", flat)


def header(text: str) -> Block:
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": clip(text, 150), "emoji": True},
    }


def section(
    text: str,
    *,
    accessory: Block | None = None,
    block_id: str | None = None,
    verbatim: bool = False,
) -> Block:
    """`verbatim=True` when the text quotes a person (see `user_text`): Slack then links and
    parses nothing it did not get as explicit markup."""
    text_obj: Block = {"type": "mrkdwn", "text": clip(text, 3000)}
    if verbatim:
        text_obj["verbatim"] = True
    block: Block = {"type": "section", "text": text_obj}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


def context(*texts: str, verbatim: bool = False) -> Block:
    elements: list[Block] = [{"type": "mrkdwn", "text": clip(t, 3000)} for t in texts[:10]]
    if verbatim:
        for element in elements:
            element["verbatim"] = True
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
