"""Slack mrkdwn and plain_text objects as HTML, the way the Slack client shows them.

Every character that reaches the page passes through `html.escape` exactly once: Slack's own
three entities (&amp; &lt; &gt;) are decoded first, control sequences (`<@U…>`, `<url|label>`,
code) are cut out into placeholders, the rest is escaped, and only then are formatting marks
turned into tags. So a member's `<script>` stays text, whatever the message was.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import emoji

# Placeholders for already-rendered pieces: characters from a private-use plane, removed
# from the input first so no text can forge one.
_BASE = 0xF0000
_PLACEHOLDER = re.compile("[\U000f0000-\U000ffffd]")

_FENCE = re.compile(r"```(.*?)```", re.S)
_QUOTE = re.compile(r"^(?:>|&gt;) ?")
_INLINE = re.compile(r"`([^`\n]+)`|<([^<>\n]+)>")
_BARE_URL = re.compile(r"\bhttps?://[^\s<>]+[^\s<>.,;:!?)\]'\"]")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Slack's emphasis: the marks hug the words and sit at word edges; no mark spans a line.
_EMPHASIS = [
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"), "b"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])"), "i"),
    (re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])"), "s"),
]


@dataclass(frozen=True)
class Names:
    """Who and what ids stand for, and whose view this is (their mentions are highlighted)."""

    people: dict[str, str] = field(default_factory=dict)
    viewer: str | None = None

    def person(self, user_id: str, label: str | None) -> str:
        return self.people.get(user_id) or label or user_id

    def channel(self, channel_id: str, label: str | None) -> str:
        return label or self.people.get(channel_id) or channel_id


def unescape(text: str) -> str:
    """Slack's three entities, and nothing else (`&quot;` stays as typed)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def text_html(text: str, *, emojis: bool = True) -> str:
    """Literal text: shortcodes become emoji, everything is escaped."""
    return html.escape(emoji.emojize(text, language="alias") if emojis else text)


def link(href: str, label_html: str) -> str:
    if not href.lower().startswith(_SAFE_SCHEMES):
        return label_html
    return (
        f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer" '
        f'target="_blank">{label_html}</a>'
    )


def _bare_link(url: str) -> str:
    return link(url, text_html(url, emojis=False))


def _control(token: str, names: Names) -> str:
    """One `<…>` control sequence, as Slack draws it."""
    raw_body, _, raw_label = token.partition("|")
    body, label = unescape(raw_body), unescape(raw_label) or None
    if body.startswith("@"):
        user_id = body[1:]
        me = " me" if names.viewer and names.person(user_id, None) == names.viewer else ""
        return f'<span class="mention{me}">@{text_html(names.person(user_id, label))}</span>'
    if body.startswith("#"):
        return f'<span class="mention">#{text_html(names.channel(body[1:], label))}</span>'
    if body.startswith("!"):
        command = body[1:].split("^", 1)[0]
        if command in ("here", "channel", "everyone"):
            return f'<span class="mention loud">@{command}</span>'
        if command == "subteam":
            return f'<span class="mention">{text_html(label or "@group")}</span>'
        return text_html(label or "")  # <!date^…|fallback> and the like show their fallback
    if label is None and not body.lower().startswith(_SAFE_SCHEMES):
        return text_html(f"<{body}>", emojis=False)  # not a link Slack would draw: as typed
    return link(body, text_html(label or body, emojis=False))


def _inline(text: str, names: Names, *, verbatim: bool) -> str:
    """One line of mrkdwn: control sequences, code, emphasis, emoji."""
    pieces: list[str] = []

    def hold(rendered: str) -> str:
        pieces.append(rendered)
        return chr(_BASE + len(pieces) - 1)

    def token(m: re.Match[str]) -> str:
        if m[1] is not None:
            return hold(f"<code>{text_html(unescape(m[1]), emojis=False)}</code>")
        return hold(_control(m[2], names))

    held = _INLINE.sub(token, text)
    if not verbatim:
        held = _BARE_URL.sub(lambda m: hold(_bare_link(unescape(m[0]))), held)
    out = text_html(unescape(held))
    for pattern, tag in _EMPHASIS:
        out = pattern.sub(lambda m, t=tag: f"<{t}>{m[1]}</{t}>", out)  # type: ignore[misc]
    return _PLACEHOLDER.sub(lambda m: pieces[ord(m[0]) - _BASE], out)


def _lines(text: str, names: Names, *, verbatim: bool) -> str:
    """Lines with block quotes (`>` at the start of a line) grouped together."""
    out: list[str] = []
    quote: list[str] = []

    def flush() -> None:
        if quote:
            out.append(f"<blockquote>{'<br>'.join(quote)}</blockquote>")
            quote.clear()

    plain: list[str] = []
    for line in text.split("\n"):
        marker = _QUOTE.match(line)
        if marker:
            if plain:
                out.append("<br>".join(plain))
                plain = []
            quote.append(_inline(line[marker.end() :], names, verbatim=verbatim))
        else:
            flush()
            plain.append(_inline(line, names, verbatim=verbatim))
    flush()
    if plain:
        out.append("<br>".join(plain))
    return "".join(out)


def mrkdwn_html(text: str, names: Names | None = None, *, verbatim: bool = False) -> str:
    """A mrkdwn string as HTML. `verbatim` turns off the auto-linking of bare URLs."""
    names = names or Names()
    text = _PLACEHOLDER.sub("", text)
    out: list[str] = []
    last = 0
    for fence in _FENCE.finditer(text):
        before = text[last : fence.start()].strip("\n")
        if before:
            out.append(_lines(before, names, verbatim=verbatim))
        out.append(f"<pre>{text_html(unescape(fence[1].strip(chr(10))), emojis=False)}</pre>")
        last = fence.end()
    rest = text[last:].strip("\n") if last else text
    if rest:
        out.append(_lines(rest, names, verbatim=verbatim))
    return "".join(out)


def plain_html(text: str, *, emojis: bool = True) -> str:
    """A plain_text object's text: no formatting, line breaks kept."""
    return "<br>".join(text_html(line, emojis=emojis) for line in text.split("\n"))


def text_object_html(obj: Any, names: Names | None = None) -> str:
    """A Block Kit text object (`{"type": "mrkdwn"|"plain_text", "text": …}`) or a bare string."""
    if isinstance(obj, str):
        return plain_html(obj)
    if not isinstance(obj, dict):
        return ""
    text = str(obj.get("text", ""))
    if obj.get("type") == "mrkdwn":
        return mrkdwn_html(text, names, verbatim=bool(obj.get("verbatim")))
    return plain_html(text, emojis=obj.get("emoji", True) is not False)


def plain_of(obj: Any) -> str:
    """The text of a text object, unrendered (for labels and alt text)."""
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return str(obj or "")
