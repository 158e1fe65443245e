"""Turn what Slack would show into terminal text (messages, buttons, modals, Home tabs), and
keep each moment's events for the HTML page (`bot.demo.html`)."""

from __future__ import annotations

import re
from typing import Any

import emoji
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from bot.demo.moments import Act, ActKind, Moment, Note, Place, Shown


def to_plain(mrkdwn: str, names: dict[str, str] | None = None) -> str:
    """Slack mrkdwn to plain text: *bold*, `code`, mentions, links and emoji shortcodes,
    the way the Slack client shows them."""
    names = names or {}
    text = re.sub(r"<@([A-Z0-9]+)(\|[^>]*)?>", lambda m: "@" + names.get(m[1], m[1]), mrkdwn)
    text = re.sub(
        r"<#([A-Z0-9]+)(\|([^>]*))?>", lambda m: "#" + (m[3] or names.get(m[1], m[1])), text
    )
    text = re.sub(r"<([^|>]+)\|([^>]+)>", r"\2", text)
    text = emoji.emojize(text, language="alias")
    return text.replace("*", "").replace("`", "")


def block_lines(blocks: list[dict[str, Any]], names: dict[str, str] | None = None) -> list[str]:
    lines: list[str] = []

    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header") and isinstance(block.get("text"), dict):
            lines.append(to_plain(block["text"].get("text", ""), names))
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                lines.append(f"  [ {accessory.get('text', {}).get('text', '')} ]")
        elif kind == "context":
            lines.append(
                "  " + " ".join(to_plain(e.get("text", ""), names) for e in block["elements"])
            )
        elif kind == "actions":
            labels = [e.get("text", {}).get("text", "") for e in block.get("elements", [])]
            lines.append("  " + "  ".join(f"[ {label} ]" for label in labels))
        elif kind == "input":
            label = to_plain(block.get("label", {}).get("text", ""), names)
            lines.append(f"  {label}: [ {block.get('element', {}).get('type', 'input')} ]")
        elif kind == "divider":
            lines.append("  ─────")
        elif kind == "image":
            lines.append(f"  [image: {block.get('alt_text', '')}]")
    return lines


class Transcript:
    """Prints the exchange, keeps a plain-text copy for `--out`, and records the moments."""

    def __init__(self, console: Console | None = None, names: dict[str, str] | None = None) -> None:
        self.console = console or Console()
        self.names = names or {}
        self.lines: list[str] = []
        self.moments: list[Moment] = []
        self._last_actor: str | None = None

    def _record(self, event: Act | Shown | Note) -> None:
        if not self.moments:
            self.moments.append(Moment(""))
        self.moments[-1].events.append(event)

    def scene(self, title: str) -> None:
        self.console.rule(f"[bold]{title}")
        self.lines.append(f"\n=== {title} ===")
        self.moments.append(Moment(title))

    def person(
        self,
        when: str,
        who: str,
        did: str,
        *,
        kind: ActKind = "did",
        text: str = "",
        place: Place = "channel",
        channel: str = "",
    ) -> None:
        """`did` is the terminal's line; `kind`/`text` say it for the page (e.g. "clicked",
        the button's label)."""
        self.console.print(Text.assemble((f"{when}  ", "dim"), (who, "bold cyan"), f"  {did}"))
        self.lines.append(f"{when}  {who}  {did}")
        self._last_actor = who
        self._record(Act(when, who, kind, text or did, place, channel))

    def bot(
        self,
        when: str,
        where: str,
        payload: dict[str, Any],
        *,
        viewer: str | None = None,
        place: Place | None = None,
        ephemeral: bool | None = None,
        channel: str = "",
        errors: dict[str, str] | None = None,
        state: dict[str, Any] | None = None,
    ) -> None:
        body = "\n".join(block_lines(payload.get("blocks") or [], self.names)) or to_plain(
            str(payload.get("text", "")), self.names
        )
        if errors:
            body += "".join(f"\n  ⚠ {message}" for message in errors.values())
        self.console.print(
            Panel(
                Text(body),
                title=f"Balance Bot · {where}",
                title_align="left",
                subtitle=when,
                subtitle_align="right",
                border_style="green",
            )
        )
        self.lines.append(f"{when}  Balance Bot ({where}):")
        self.lines.extend(f"    {line}" for line in body.splitlines())
        kind = payload.get("type")
        if place is None:
            place = (
                kind if kind in ("modal", "home") else "dm" if where.startswith("DM") else "channel"
            )
        if ephemeral is None:
            ephemeral = where == "only visible to you"
        if viewer is None and not where.startswith("#"):
            viewer = where[len("DM to ") :] if where.startswith("DM to ") else self._last_actor
        shown = Shown(when, viewer, place, payload, ephemeral, channel, errors or {}, state or {})
        self._record(shown)

    def note(self, text: str) -> None:
        self.console.print(Text(text, style="italic dim"))
        self.lines.append(f"  ({text})")
        self._record(Note(text))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
