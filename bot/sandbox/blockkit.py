"""Block Kit checks the way Slack's servers do them.

Slack rejects bad blocks with `invalid_blocks` (messages) or `invalid_arguments` (views) and
explains each problem as `"[ERROR] <text> [json-pointer:<path>]"` in
`response_metadata.messages`. slack_sdk only validates model objects, never plain dicts, so the
sandbox runs its own length checks and then slack_sdk's model validators on every block.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100

# Block.parse logs a warning for unknown block types; we report those as errors instead.
logging.getLogger(Block.__module__).setLevel(logging.ERROR)


class BlocksFormatError(ValueError):
    """The blocks argument is not a JSON array of objects."""


def _err(text: str, pointer: str) -> str:
    return f"[ERROR] {text} [json-pointer:{pointer}]"


def _too_long(value: Any, limit: int, pointer: str, out: list[str]) -> None:
    if isinstance(value, str) and len(value) > limit:
        out.append(_err(f"must be less than {limit + 1} characters", pointer))


def _text_of(obj: Any) -> Any:
    return obj.get("text") if isinstance(obj, dict) else obj


def coerce_blocks(raw: Any) -> list[Any] | None:
    """Blocks arrive as a list (JSON body) or a JSON string (form body)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise BlocksFormatError(str(exc)) from exc
    if not isinstance(raw, list):
        raise BlocksFormatError("blocks must be an array")
    return raw


def _check_element(el: Any, ptr: str, out: list[str]) -> None:
    if not isinstance(el, dict):
        return
    _too_long(el.get("action_id"), 255, f"{ptr}/action_id", out)
    if el.get("type") == "button":
        _too_long(_text_of(el.get("text")), 75, f"{ptr}/text/text", out)
        _too_long(el.get("value"), 2000, f"{ptr}/value", out)
        _too_long(el.get("url"), 3000, f"{ptr}/url", out)
    if el.get("type") in ("checkboxes", "radio_buttons"):
        options = el.get("options") or []
        if len(options) > 10:
            out.append(_err("no more than 10 items allowed", f"{ptr}/options"))


def _check_block(block: Any, ptr: str, out: list[str]) -> None:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        out.append(_err("failed to match all allowed schemas", ptr))
        return
    kind = block["type"]
    _too_long(block.get("block_id"), 255, f"{ptr}/block_id", out)
    if kind == "section":
        _too_long(_text_of(block.get("text")), 3000, f"{ptr}/text/text", out)
        for i, f in enumerate(block.get("fields") or []):
            _too_long(_text_of(f), 2000, f"{ptr}/fields/{i}/text", out)
        if block.get("accessory") is not None:
            _check_element(block["accessory"], f"{ptr}/accessory", out)
    elif kind == "header":
        _too_long(_text_of(block.get("text")), 150, f"{ptr}/text/text", out)
    elif kind in ("actions", "context"):
        limit = 25 if kind == "actions" else 10
        elements = block.get("elements") or []
        if len(elements) > limit:
            out.append(_err(f"no more than {limit} items allowed", f"{ptr}/elements"))
        for i, el in enumerate(elements):
            _check_element(el, f"{ptr}/elements/{i}", out)
    elif kind == "input":
        _check_element(block.get("element"), f"{ptr}/element", out)
    if out:
        return
    # slack_sdk's own validators: they only run inside to_dict(), which walks nested elements.
    try:
        parsed = Block.parse(block)
        if parsed is None:
            out.append(_err("failed to match all allowed schemas", ptr))
            return
        parsed.validate_json()
        parsed.to_dict()
    except SlackObjectFormationError as exc:
        out.append(_err(str(exc), ptr))
    except (TypeError, AttributeError, KeyError, ValueError):
        out.append(_err("failed to match all allowed schemas", ptr))


def check_blocks(blocks: list[Any], *, limit: int, prefix: str) -> list[str]:
    out: list[str] = []
    if len(blocks) > limit:
        out.append(_err(f"no more than {limit} items allowed", prefix))
    for i, block in enumerate(blocks):
        found: list[str] = []
        _check_block(block, f"{prefix}/{i}", found)
        out.extend(found)
    return out


def check_message_blocks(blocks: list[Any]) -> list[str]:
    return check_blocks(blocks, limit=MAX_MESSAGE_BLOCKS, prefix="/blocks")


def check_view(view: Any) -> list[str]:
    """Problems with a `views.*` payload; pointers start at `/view`."""
    if not isinstance(view, dict):
        return [_err("must provide an object", "/view")]
    out: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        out.append(_err("must be either modal or home", "/view/type"))
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        out.append(_err("must provide an array", "/view/blocks"))
        blocks = []
    if kind == "modal":
        title = _text_of(view.get("title"))
        if not title:
            out.append(_err("missing required field: title", "/view"))
        _too_long(title, 24, "/view/title/text", out)
        _too_long(_text_of(view.get("submit")), 24, "/view/submit/text", out)
        _too_long(_text_of(view.get("close")), 24, "/view/close/text", out)
        if view.get("submit") is None:
            for i, block in enumerate(blocks):
                if isinstance(block, dict) and block.get("type") == "input":
                    out.append(
                        _err("must define submit to use input block", f"/view/blocks/{i}/input")
                    )
                    break
    elif kind == "home" and (view.get("submit") or view.get("close")):
        out.append(_err("home views cannot have submit or close", "/view"))
    _too_long(view.get("private_metadata"), 3000, "/view/private_metadata", out)
    _too_long(view.get("callback_id"), 255, "/view/callback_id", out)
    _too_long(view.get("external_id"), 255, "/view/external_id", out)
    out.extend(check_blocks(blocks, limit=MAX_VIEW_BLOCKS, prefix="/view/blocks"))
    return out
