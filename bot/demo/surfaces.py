"""Slack's surfaces as HTML: a message (from Balance Bot or a person), a modal, a Home tab,
and the one-line stage directions for what a person did."""

from __future__ import annotations

import html
from typing import Any

from bot.demo.blocks_html import blocks_html
from bot.demo.elements_html import Ctx, attr
from bot.demo.moments import Act
from bot.demo.mrkdwn import mrkdwn_html, plain_html, plain_of, text_html

APP_NAME = "Balance Bot"
APP_BADGE = "APP"  # Slack shows this tag after an app's name in every language
# The app's icon: a balance on the manifest's background colour.
APP_ICON = (
    '<svg viewBox="0 0 36 36" aria-hidden="true"><rect width="36" height="36" rx="8" '
    'fill="#2f6f6a"/><g stroke="#fff" stroke-width="2.2" fill="none" stroke-linecap="round">'
    '<path d="M18 9v18M12 27h12M9 13h18"/><path d="M9 13l-4 8h8zM27 13l-4 8h8z" '
    'stroke-linejoin="round"/></g></svg>'
)
_EYE = (
    '<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M10 5C5.5 5 2.7 8.3 2 10c.7 1.7 3.5 5 '
    '8 5s7.3-3.3 8-5c-.7-1.7-3.5-5-8-5zm0 8a3 3 0 1 1 0-6 3 3 0 0 1 0 6z" fill="currentColor"/>'
    "</svg>"
)


def avatar(name: str, *, small: bool = False) -> str:
    """A person's initial on a colour of their own (the same in every run)."""
    tone = sum(map(ord, name)) % 8
    size = " small" if small else ""
    initial = text_html(name[:1].upper() or "?", emojis=False)
    return f'<span class="avatar tone{tone}{size}" aria-hidden="true">{initial}</span>'


def app_avatar(*, small: bool = False) -> str:
    return f'<span class="avatar app{" small" if small else ""}">{APP_ICON}</span>'


def _files(payload: dict[str, Any], ctx: Ctx) -> str:
    out = []
    for file in payload.get("files") or []:
        if not isinstance(file, dict):
            continue
        title = text_html(str(file.get("title") or file.get("name") or ""), emojis=False)
        source = ctx.image({"slack_file": {"id": file.get("id")}})
        if source is None:
            out.append(f'<div class="file-chip">📄 {title}</div>')
        else:
            alt = attr(file.get("alt_txt") or file.get("title") or "")
            out.append(
                f'<figure class="file"><figcaption>{title}</figcaption>'
                f'<img class="file-image" src="{attr(source)}" alt="{alt}"></figure>'
            )
    return "".join(out)


def _attachments(payload: dict[str, Any], ctx: Ctx) -> str:
    out = []
    for item in payload.get("attachments") or []:
        if not isinstance(item, dict):
            continue
        # Slack's named colours; a hex colour would need an inline style, which the page's
        # Content-Security-Policy forbids, so it gets the neutral bar.
        color = str(item.get("color", ""))
        tone = f" {color}" if color in ("good", "warning", "danger") else ""
        inner = blocks_html(item.get("blocks"), ctx) or (
            f'<div class="mrkdwn">{mrkdwn_html(str(item.get("text") or ""), ctx.names)}</div>'
        )
        out.append(f'<div class="attachment{tone}">{inner}</div>')
    return "".join(out)


def message_body(payload: dict[str, Any], ctx: Ctx) -> str:
    """Blocks when there are any (Slack then shows `text` only in notifications)."""
    body = blocks_html(payload.get("blocks"), ctx)
    if not body and payload.get("text"):
        body = f'<div class="mrkdwn">{mrkdwn_html(str(payload["text"]), ctx.names)}</div>'
    return body + _attachments(payload, ctx) + _files(payload, ctx)


def _message(face: str, sender: str, when: str, body: str, *, attrs: str, note: str = "") -> str:
    return (
        f'<div {attrs}>{face}<div class="msg-main">{note}'
        f'<div class="msg-head">{sender}'
        f'<span class="time">{text_html(when, emojis=False)}</span></div>'
        f'<div class="msg-body">{body}</div></div></div>'
    )


def bot_message(when: str, payload: dict[str, Any], ctx: Ctx, *, ephemeral: bool) -> str:
    note = (
        f'<div class="only-you">{_EYE}{text_html(ctx.words("only_you"))}</div>' if ephemeral else ""
    )
    attrs = f'class="msg{" ephemeral" if ephemeral else ""}" data-from="app"'
    # Which kind of delivery this was (nudge, eos, pulse…), from the message's metadata: lets a
    # screenshot pick "a nudge" in any language.
    meta = payload.get("metadata")
    delivery = (
        (meta.get("event_payload") or {}).get("delivery_id") if isinstance(meta, dict) else None
    )
    if delivery:
        attrs += f' data-delivery="{attr(str(delivery).split(":", 1)[0])}"'
    sender = f'<span class="sender">{APP_NAME}</span><span class="badge">{APP_BADGE}</span>'
    return _message(app_avatar(), sender, when, message_body(payload, ctx), attrs=attrs, note=note)


def person_message(act: Act, ctx: Ctx) -> str:
    body = f'<div class="mrkdwn">{mrkdwn_html(act.text, ctx.names)}</div>'
    sender = f'<span class="sender">{text_html(act.who, emojis=False)}</span>'
    attrs = 'class="msg" data-from="person"'
    return _message(avatar(act.who), sender, act.when, body, attrs=attrs)


def stage_direction(act: Act, ctx: Ctx) -> str:
    """What a person did that Slack shows no message for: typed a command, clicked."""
    who = f"<b>{text_html(act.who, emojis=False)}</b>"
    if act.kind == "typed":
        said = _fill(
            ctx, "typed", name=who, command=f"<code>{text_html(act.text, emojis=False)}</code>"
        )
    elif act.kind == "clicked":
        label = f'<span class="btn-ref">{text_html(act.text)}</span>'
        said = _fill(ctx, "clicked", name=who, button=label)
    elif act.kind == "opened_home":
        said = _fill(ctx, "opened_home", name=who)
    else:
        said = f"{who} {text_html(act.text)}"
    return (
        f'<div class="act">{avatar(act.who, small=True)}<span class="act-text">{said}</span>'
        f'<span class="time">{text_html(act.when, emojis=False)}</span></div>'
    )


def _fill(ctx: Ctx, key: str, **parts: str) -> str:
    """A page word with HTML pieces put into it: the template is escaped, the pieces are
    already HTML."""
    template = html.escape(ctx.words(key, **{k: "\0" + k + "\0" for k in parts}), quote=False)
    for name, piece in parts.items():
        template = template.replace(f"\0{name}\0", piece)
    return template


def modal(view: dict[str, Any], ctx: Ctx) -> str:
    title = plain_html(plain_of(view.get("title")))
    close = plain_of(view.get("close")) or ctx.words("cancel")
    buttons = f'<button type="button" class="btn">{text_html(close)}</button>'
    if view.get("submit"):
        submit = text_html(plain_of(view.get("submit")))
        buttons += f'<button type="button" class="btn primary">{submit}</button>'
    return (
        f'<div class="modal" role="dialog" data-from="app"><div class="modal-head">'
        f"{app_avatar(small=True)}"
        f'<span class="modal-title">{title}</span><span class="modal-x" aria-hidden="true">✕'
        f'</span></div><div class="modal-body">{blocks_html(view.get("blocks"), ctx)}</div>'
        f'<div class="modal-foot">{buttons}</div></div>'
    )


def home(view: dict[str, Any], ctx: Ctx) -> str:
    return f'<div class="home" data-from="app">{blocks_html(view.get("blocks"), ctx)}</div>'


def app_header(ctx: Ctx, active: str) -> str:
    tabs = "".join(
        f'<span class="tab{" active" if tab == active else ""}">{text_html(ctx.words(tab))}</span>'
        for tab in ("tab_home", "tab_messages", "tab_about")
    )
    return (
        f'<span class="conv">{app_avatar(small=True)}<b>{APP_NAME}</b></span>'
        f'<span class="tabs">{tabs}</span>'
    )
