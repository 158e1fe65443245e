"""Block Kit `rich_text` blocks (sections, lists, quotes, code) as HTML."""

from __future__ import annotations

from typing import Any

import emoji

from bot.demo.mrkdwn import Names, link, plain_html, text_html

_STYLE_TAGS = (("bold", "b"), ("italic", "i"), ("strike", "s"), ("code", "code"))


def _styled(inner: str, style: Any) -> str:
    if isinstance(style, dict):
        for key, tag in _STYLE_TAGS:
            if style.get(key):
                inner = f"<{tag}>{inner}</{tag}>"
    return inner


def _inline(element: Any, names: Names) -> str:
    if not isinstance(element, dict):
        return ""
    kind = element.get("type")
    style = element.get("style")
    if kind == "text":
        code = isinstance(style, dict) and bool(style.get("code"))
        return _styled(plain_html(str(element.get("text", "")), emojis=not code), style)
    if kind == "link":
        url = str(element.get("url", ""))
        return _styled(link(url, text_html(str(element.get("text") or url), emojis=False)), style)
    if kind == "user":
        name = names.person(str(element.get("user_id", "")), None)
        me = " me" if names.viewer == name else ""
        return f'<span class="mention{me}">@{text_html(name)}</span>'
    if kind == "channel":
        name = names.channel(str(element.get("channel_id", "")), None)
        return f'<span class="mention">#{text_html(name)}</span>'
    if kind == "broadcast":
        return f'<span class="mention loud">@{text_html(str(element.get("range", "here")))}</span>'
    if kind == "emoji":
        glyph = emoji.emojize(f":{element.get('name', '')}:", language="alias")
        return text_html(glyph, emojis=False)
    if kind == "date":
        return text_html(str(element.get("fallback", "")))
    return text_html(str(element.get("text", "")))


def _inlines(container: dict[str, Any], names: Names) -> str:
    return "".join(_inline(e, names) for e in container.get("elements") or [])


def _part(part: Any, names: Names) -> str:
    if not isinstance(part, dict):
        return ""
    kind = part.get("type")
    if kind == "rich_text_list":
        tag = "ol" if part.get("style") == "ordered" else "ul"
        items = "".join(
            f"<li>{_inlines(item, names)}</li>"
            for item in part.get("elements") or []
            if isinstance(item, dict)
        )
        return f"<{tag}>{items}</{tag}>"
    if kind == "rich_text_quote":
        return f"<blockquote>{_inlines(part, names)}</blockquote>"
    if kind == "rich_text_preformatted":
        return f"<pre>{_inlines(part, names)}</pre>"
    return f"<div>{_inlines(part, names)}</div>"


def rich_text_html(block: dict[str, Any], names: Names) -> str:
    return "".join(_part(p, names) for p in block.get("elements") or [])
