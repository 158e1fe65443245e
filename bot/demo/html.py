"""The demo as one self-contained HTML page: every moment a titled, anchored section; in it,
frames of what each person sees in Slack (a channel, their DM with Balance Bot, a modal, the
Home tab), drawn from the very payloads the app sent to the sandbox.

Self-contained: the CSS is inline, images are data URIs, and a Content-Security-Policy lets
the page load nothing else, so it opens offline and nothing in it can reach the network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from bot.demo import surfaces
from bot.demo.elements_html import Ctx, Words, attr
from bot.demo.moments import Act, Event, Moment, Note, Place, Shown
from bot.demo.mrkdwn import Names, text_html
from content import Catalog, Lang, builtin_catalog

_IMAGE_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif"}


def data_uri(data: bytes) -> str | None:
    """A data URI for a PNG, JPEG or GIF; None for anything else (never drawn as an image)."""
    for magic, mime in _IMAGE_TYPES.items():
        if data.startswith(magic):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return None


def page_words(catalog: Catalog, lang: Lang) -> Words:
    def words(key: str, **fmt: str) -> str:
        return catalog.ui(f"transcript.{key}", lang, **fmt)

    return words


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "moment"


@dataclass
class Frame:
    """Consecutive events that one person sees in one place (or everyone, viewer None)."""

    viewer: str | None
    place: Place
    channel: str
    events: list[Event] = field(default_factory=list)

    def takes(self, viewer: str | None, place: Place, channel: str) -> bool:
        """Whether the next event belongs in this frame (a channel frame everyone sees then
        becomes the view of the person acting in it)."""
        if place != self.place or channel != self.channel:
            return False
        if viewer == self.viewer:
            return True
        # A post everyone sees, then what one person does with it: shown as that person sees it.
        if self.viewer is None and place == "channel":
            self.viewer = viewer
            return True
        return False


def _where(event: Act | Shown, default_channel: str) -> tuple[str | None, Place, str]:
    channel = event.channel or (default_channel if event.place == "channel" else "")
    if isinstance(event, Act):
        if event.kind == "opened_home":  # told before the Home tab, which then shows alone
            return event.who, event.place, "opening"
        return (None if event.kind == "posted" else event.who), event.place, channel
    return event.viewer, event.place, channel


def frames(events: Iterable[Event], default_channel: str) -> list[Frame | Note]:
    out: list[Frame | Note] = []
    for event in events:
        if isinstance(event, Note):
            out.append(event)
            continue
        viewer, place, channel = _where(event, default_channel)
        last = out[-1] if out else None
        if not (isinstance(last, Frame) and last.takes(viewer, place, channel)):
            last = Frame(viewer, place, channel)
            out.append(last)
        last.events.append(event)
    return out


@dataclass
class Page:
    lang: Lang
    names: dict[str, str]
    images: dict[str, str]  # Slack file id -> data URI
    default_channel: str
    catalog: Catalog | None = None
    words: Words = field(init=False)

    def __post_init__(self) -> None:
        self.words = page_words(self.catalog or builtin_catalog(), self.lang)

    def image(self, ref: dict[str, Any]) -> str | None:
        url = str(ref.get("image_url") or "")
        if url.startswith(("data:image/png;", "data:image/jpeg;", "data:image/gif;")):
            return url
        file = ref.get("slack_file")
        return self.images.get(str(file.get("id"))) if isinstance(file, dict) else None

    def ctx(self, viewer: str | None, shown: Shown | None = None) -> Ctx:
        errors, state = (shown.errors, shown.state) if shown else ({}, {})
        return Ctx(Names(self.names, viewer), self.words, self.image, errors, state)

    # -- frames --------------------------------------------------------------------------------
    def frame_head(self, frame: Frame) -> str:
        ctx = self.ctx(frame.viewer)
        if frame.place == "dm":
            where = surfaces.app_header(ctx, "tab_messages")
        elif frame.place == "home":
            where = surfaces.app_header(ctx, "tab_home")
        elif frame.place == "channel":
            channel = self.names.get(frame.channel, frame.channel)
            where = f'<span class="conv"><b># {text_html(channel, emojis=False)}</b></span>'
        else:
            where = ""
        if frame.viewer:
            who = self.words("sees", name=frame.viewer)
        else:
            channel = self.names.get(frame.channel, frame.channel)
            who = self.words("everyone_in", channel=f"#{channel}")
        return (
            f'<div class="frame-head">{where}<span class="viewer">'
            f"{text_html(who, emojis=False)}</span></div>"
        )

    def event_html(self, frame: Frame, event: Event) -> str:
        if isinstance(event, Note):
            return ""
        if isinstance(event, Act):
            if event.kind == "posted":
                return surfaces.person_message(event, self.ctx(frame.viewer))
            return surfaces.stage_direction(event, self.ctx(frame.viewer))
        ctx = self.ctx(frame.viewer, event)
        kind = event.payload.get("type")
        if kind == "modal":
            return surfaces.modal(event.payload, ctx)
        if kind == "home":
            return surfaces.home(event.payload, ctx)
        return surfaces.bot_message(event.when, event.payload, ctx, ephemeral=event.ephemeral)

    def frame_html(self, frame: Frame, frame_id: str) -> str:
        if not any(isinstance(e, Shown) for e in frame.events):
            # Nothing from Slack to draw: the person's doing is told as a stage direction.
            ctx = self.ctx(frame.viewer)
            acts = [e for e in frame.events if isinstance(e, Act)]
            said = "".join(surfaces.stage_direction(a, ctx) for a in acts)
            return f'<div class="stage">{said}</div>'
        body = "".join(self.event_html(frame, e) for e in frame.events)
        viewer = f' data-viewer="{attr(frame.viewer)}"' if frame.viewer else ""
        return (
            f'<div class="frame frame-{frame.place}" id="{attr(frame_id)}" '
            f'data-place="{frame.place}"{viewer}>{self.frame_head(frame)}'
            f'<div class="frame-body">{body}</div></div>'
        )

    def moment_html(self, moment: Moment, moment_id: str) -> str:
        parts = []
        for number, item in enumerate(frames(moment.events, self.default_channel), start=1):
            if isinstance(item, Note):
                parts.append(f'<p class="note">{text_html(item.text, emojis=False)}</p>')
            else:
                parts.append(self.frame_html(item, f"{moment_id}-{number}"))
        title = text_html(moment.title, emojis=False)
        return (
            f'<section class="moment" id="{attr(moment_id)}"><h2>'
            f'<a class="anchor" href="#{attr(moment_id)}">{title}</a></h2>{"".join(parts)}'
            "</section>"
        )

    def html(self, moments: list[Moment]) -> str:
        ids = moment_ids(moments)
        toc = "".join(
            f'<li><a href="#{attr(i)}">{text_html(m.title, emojis=False)}</a></li>'
            for i, m in zip(ids, moments, strict=True)
        )
        sections = "".join(self.moment_html(m, i) for i, m in zip(ids, moments, strict=True))
        css = resources.files("bot.demo").joinpath("transcript.css").read_text("utf-8")
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        policy = (
            f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
            "base-uri 'none'; form-action 'none'"
        )
        heading = text_html(self.words("page_heading"), emojis=False)
        return (
            f'<!doctype html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{attr(policy)}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{heading}</title><style>{css}</style></head><body>"
            f'<nav class="toc"><h2>{text_html(self.words("moments"))}</h2><ol>{toc}</ol></nav>'
            f"<main><header><h1>{heading}</h1><p>{html.escape(self.words('page_intro'))}</p>"
            f"</header>{sections}</main></body></html>\n"
        )


def moment_ids(moments: list[Moment]) -> list[str]:
    return [f"m{n:02d}-{slug(m.title)}" for n, m in enumerate(moments, start=1)]


def write_page(
    path: Path,
    moments: list[Moment],
    *,
    lang: Lang,
    names: dict[str, str],
    files: dict[str, bytes],
    default_channel: str,
    catalog: Catalog | None = None,
) -> Path:
    images = {fid: uri for fid, data in files.items() if (uri := data_uri(data))}
    page = Page(lang, names, images, default_channel, catalog)
    path.write_text(page.html([m for m in moments if m.events]), encoding="utf-8")
    return path
