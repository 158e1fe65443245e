"""Turn what Slack would show into terminal text: messages, buttons, modals, Home tabs."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

_EMOJI = {":bulb:": "💡", ":coffee:": "☕", ":wave:": "👋", ":sunrise:": "🌅",
          ":zzz:": "💤", ":white_check_mark:": "✅", ":calendar:": "📅"}


def plain(mrkdwn: str) -> str:
    """Slack mrkdwn to plain text: *bold*, `code`, <@U1|name> and emoji shortcodes."""
    text = re.sub(r"<@([A-Z0-9]+)(\|[^>]*)?>", r"@\1", mrkdwn)
    text = re.sub(r"<([^|>]+)\|([^>]+)>", r"\2", text)
    for code, glyph in _EMOJI.items():
        text = text.replace(code, glyph)
    return text.replace("*", "").replace("`", "")


def block_lines(blocks: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header") and isinstance(block.get("text"), dict):
            lines.append(plain(block["text"].get("text", "")))
        elif kind == "context":
            lines.append("  " + " ".join(plain(e.get("text", "")) for e in block["elements"]))
        elif kind == "actions":
            labels = [e.get("text", {}).get("text", "") for e in block.get("elements", [])]
            lines.append("  " + "  ".join(f"[ {label} ]" for label in labels))
        elif kind == "divider":
            lines.append("  ─────")
        elif kind == "image":
            lines.append(f"  [image: {block.get('alt_text', '')}]")
    return lines


class Transcript:
    """Prints the exchange and keeps a plain-text copy for `--out`."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()
        self.lines: list[str] = []

    def scene(self, title: str) -> None:
        self.console.rule(f"[bold]{title}")
        self.lines.append(f"\n=== {title} ===")

    def person(self, when: str, who: str, did: str) -> None:
        self.console.print(Text.assemble((f"{when}  ", "dim"), (who, "bold cyan"), f"  {did}"))
        self.lines.append(f"{when}  {who}  {did}")

    def bot(self, when: str, where: str, payload: dict[str, Any]) -> None:
        body = "\n".join(block_lines(payload.get("blocks") or [])) or plain(
            str(payload.get("text", "")))
        self.console.print(Panel(Text(body), title=f"Balance Bot · {where}", title_align="left",
                                 subtitle=when, subtitle_align="right", border_style="green"))
        self.lines.append(f"{when}  Balance Bot ({where}):")
        self.lines.extend(f"    {line}" for line in body.splitlines())

    def note(self, text: str) -> None:
        self.console.print(Text(text, style="italic dim"))
        self.lines.append(f"  ({text})")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
