"""Help, usage hints and error replies."""

from __future__ import annotations

from typing import Any

from bot.blocks import actions, button, context, message, section, user_text
from bot.commands import RUN_ACTION
from content import Catalog
from content.models import Lang

# Buttons under help: each runs the same words a power user would type.
HELP_BUTTONS = (
    ("button.get_tip", "tip"),
    ("button.status", "status"),
    ("button.faq", "faq"),
    ("button.settings", "settings"),
)


def help_message(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    ui = catalog.ui
    topics = ", ".join(
        ui(f"topic.name.{t}", lang) for t in catalog.topics() if catalog.has_ui(f"topic.name.{t}")
    )
    buttons = [
        button(ui(key, lang), action_id=f"{RUN_ACTION}.{words}", value=words)
        for key, words in HELP_BUTTONS
    ]
    return message(
        ui("help.title", lang),
        [
            section(f"*{ui('help.title', lang)}*\n{ui('help.intro', lang)}"),
            section(ui("help.body", lang)),
            actions(*buttons, block_id="help_actions"),
            context(ui("help.topics", lang, topics=topics)),
        ],
    )


def usage_hint(catalog: Catalog, lang: Lang, word: str) -> dict[str, Any]:
    text = catalog.ui("usage.unknown", lang, text=user_text(word, 40))
    return message(
        text,
        [
            section(text, verbatim=True),
            actions(button(catalog.ui("button.help", lang), action_id=RUN_ACTION, value="help")),
        ],
    )


def something_went_wrong(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("error.generic", lang)
    return message(text, [section(text)])


def as_modal(reply: dict[str, Any], *, title: str, close: str) -> dict[str, Any]:
    """Show a reply in a modal (for buttons on App Home, which has no conversation);
    `close` is the close button's label in the member's language."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title[:24]},
        "close": {"type": "plain_text", "text": close[:24]},
        "blocks": reply.get("blocks") or [section(str(reply.get("text", "")))],
    }
