"""Block Kit layout blocks as HTML: section, header, divider, context, actions, image, input,
rich_text, and a visible stand-in for any block the page does not draw."""

from __future__ import annotations

from typing import Any

from bot.demo.elements_html import Ctx, attr, element_html, image_element
from bot.demo.mrkdwn import mrkdwn_html, plain_of, text_html, text_object_html
from bot.demo.rich_text import rich_text_html


def _text(obj: Any, ctx: Ctx) -> str:
    return text_object_html(obj, ctx.names)


def section(block: dict[str, Any], ctx: Ctx) -> str:
    parts = []
    if block.get("text"):
        parts.append(f'<div class="mrkdwn">{_text(block["text"], ctx)}</div>')
    fields = [f for f in block.get("fields") or [] if isinstance(f, dict)]
    if fields:
        cells = "".join(f'<div class="mrkdwn">{_text(f, ctx)}</div>' for f in fields)
        parts.append(f'<div class="fields">{cells}</div>')
    accessory = block.get("accessory")
    side = ""
    if isinstance(accessory, dict):
        inner = (
            image_element(accessory, ctx, "accessory-image")
            if accessory.get("type") == "image"
            else element_html(accessory, ctx)
        )
        side = f'<div class="accessory">{inner}</div>'
    return f'<div class="section"><div class="section-main">{"".join(parts)}</div>{side}</div>'


def header(block: dict[str, Any], ctx: Ctx) -> str:
    return f'<div class="header">{_text(block.get("text"), ctx)}</div>'


def context(block: dict[str, Any], ctx: Ctx) -> str:
    items = []
    for element in block.get("elements") or []:
        if isinstance(element, dict) and element.get("type") == "image":
            items.append(image_element(element, ctx, "ctx-image"))
        elif isinstance(element, dict):
            items.append(f'<span class="ctx-text">{_text(element, ctx)}</span>')
    return f'<div class="context">{"".join(items)}</div>'


def actions(block: dict[str, Any], ctx: Ctx) -> str:
    block_id = str(block.get("block_id", ""))
    items = "".join(element_html(e, ctx, block_id) for e in block.get("elements") or [])
    return f'<div class="actions">{items}</div>'


def image(block: dict[str, Any], ctx: Ctx) -> str:
    title = block.get("title")
    head = f'<div class="image-title">{_text(title, ctx)}</div>' if title else ""
    source = ctx.image(block)
    alt = str(block.get("alt_text", ""))
    if source is None:
        body = (
            f'<div class="image-missing">'
            f"{text_html(ctx.words('image_missing', alt=alt), emojis=False)}</div>"
        )
    else:
        body = f'<img class="block-image" src="{attr(source)}" alt="{attr(alt)}">'
    return f'<figure class="image">{head}{body}</figure>'


def input_block(block: dict[str, Any], ctx: Ctx) -> str:
    label = _text(block.get("label"), ctx)
    if block.get("optional"):
        label += f' <span class="optional">{text_html(ctx.words("optional"))}</span>'
    hint = block.get("hint")
    block_id = str(block.get("block_id", ""))
    error = ctx.errors.get(block_id)
    parts = [
        f'<div class="input-label">{label}</div>',
        element_html(block.get("element"), ctx, block_id),
    ]
    if error:
        parts.append(
            '<div class="input-error" role="alert"><span class="glyph" aria-hidden="true">⚠️</span>'
            f"{text_html(error, emojis=False)}</div>"
        )
    if hint:
        parts.append(f'<div class="hint">{_text(hint, ctx)}</div>')
    invalid = " invalid" if error else ""
    return f'<div class="input{invalid}">{"".join(parts)}</div>'


def unsupported(block: dict[str, Any], ctx: Ctx) -> str:
    kind = str(block.get("type", "?"))
    return f'<div class="unsupported">{text_html(ctx.words("unsupported", kind=kind))}</div>'


def markdown(block: dict[str, Any], ctx: Ctx) -> str:
    return f'<div class="mrkdwn">{mrkdwn_html(str(block.get("text", "")), ctx.names)}</div>'


_BLOCKS = {
    "section": section,
    "header": header,
    "context": context,
    "actions": actions,
    "image": image,
    "input": input_block,
    "markdown": markdown,
}


def block_html(block: Any, ctx: Ctx) -> str:
    if not isinstance(block, dict):
        return ""
    kind = block.get("type")
    if kind == "divider":
        return '<hr class="divider">'
    if kind == "rich_text":
        return f'<div class="mrkdwn">{rich_text_html(block, ctx.names)}</div>'
    draw = _BLOCKS.get(str(kind), unsupported)
    block_id = block.get("block_id")
    inner = draw(block, ctx)
    if block_id:
        return f'<div class="block" data-block-id="{attr(block_id)}">{inner}</div>'
    return f'<div class="block">{inner}</div>'


def blocks_html(blocks: Any, ctx: Ctx) -> str:
    if not isinstance(blocks, list):
        return ""
    return "".join(block_html(b, ctx) for b in blocks)


__all__ = ["Ctx", "block_html", "blocks_html", "plain_of"]
