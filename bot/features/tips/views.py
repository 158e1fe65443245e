"""Block Kit for tips and FAQ answers. Pure functions returning plain message payloads:
``{"text": fallback, "blocks": [...]}``, ready for ``respond``/``chat.postEphemeral``.
"""

from __future__ import annotations

import re
from typing import Any

from content import LEVELS, TOPICS, Catalog, Faq, Lang, Level, Tip, Topic

# action_ids the tips listeners register for.
TIP_ANOTHER = "tips.another"
TIP_SET_LEVEL = "tips.set_level"
FAQ_LIST = "faq.list"
# Slack wants action_ids unique within a block, so a row of similar buttons gets
# "<prefix>:<value>" action_ids; listeners match them with the patterns below.
TIP_LEVEL = "tips.level"
FAQ_SHOW = "faq.show"
TIP_LEVEL_PATTERN = re.compile(rf"^{re.escape(TIP_LEVEL)}:")
FAQ_SHOW_PATTERN = re.compile(rf"^{re.escape(FAQ_SHOW)}:")

_BUTTON_MAX = 75
_HEADER_MAX = 150
_SECTION_MAX = 3000
# Buttons per actions row: Slack allows 25, but short rows read better on a phone.
_BUTTONS_PER_ROW = 5
# Leaves room for the header and intro within Slack's 50 blocks per message.
_MAX_FAQ_BUTTONS = 45 * _BUTTONS_PER_ROW

Payload = dict[str, Any]
Block = dict[str, Any]


def encode_tip_value(level: Level | None, topic: Topic | None) -> str:
    """Button value for "Another tip": ``"mid|stress"``, ``"|breaks"``, ``"senior|"``."""
    return f"{level or ''}|{topic or ''}"


def decode_tip_value(value: str) -> tuple[Level | None, Topic | None]:
    """Inverse of :func:`encode_tip_value`. Values come back from Slack, so anything unknown
    becomes ``None`` rather than an error."""
    level_part, _, topic_part = value.partition("|")
    level = next((lv for lv in LEVELS if lv == level_part), None)
    topic = next((tp for tp in TOPICS if tp == topic_part), None)
    return level, topic


def _escape(text: str) -> str:
    # Slack mrkdwn treats &, < and > as control characters.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _button(text: str, action_id: str, value: str, *, primary: bool = False) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": _clip(text, _BUTTON_MAX), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if primary:
        button["style"] = "primary"
    return button


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, _SECTION_MAX)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text, _SECTION_MAX)}]}


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": _clip(text, _HEADER_MAX)}}


def level_name(catalog: Catalog, level: Level, lang: Lang) -> str:
    return catalog.ui(f"level.name.{level}", lang)


def topic_name(catalog: Catalog, topic: Topic, lang: Lang) -> str:
    key = f"topic.name.{topic}"
    return catalog.ui(key, lang) if catalog.has_ui(key) else topic


def tip_message(
    tip: Tip,
    lang: Lang,
    catalog: Catalog,
    level: Level | None,
    topic: Topic | None = None,
    *,
    note: str | None = None,
) -> Payload:
    """A tip with "Another tip" (same level and topic) and "Set my level" buttons.

    ``level`` is the member's level (``None`` if unset, which adds a hint to set it); ``topic``
    is the topic they asked for, if any; ``note`` is an extra line such as ``tip.pool_reset``.
    """
    text = catalog.text(tip, lang)
    # Name the member's level when the tip fits it; otherwise say which levels it was written for.
    shown = [lv for lv in tip.levels if lv == level] or list(tip.levels)
    labels = [level_name(catalog, lv, lang) for lv in shown]
    context = catalog.ui(
        "tip.context",
        lang,
        level=" / ".join(labels),
        topic=topic_name(catalog, tip.topic, lang),
    )
    blocks: list[Block] = [
        _section(f":bulb: {_escape(text)}"),
        _context(context),
    ]
    if note:
        blocks.append(_context(note))
    if level is None:
        blocks.append(_context(catalog.ui("tip.set_level_hint", lang)))
    blocks.append(
        {
            "type": "actions",
            "elements": [
                _button(
                    catalog.ui("button.another_tip", lang),
                    TIP_ANOTHER,
                    encode_tip_value(level, topic),
                    primary=True,
                ),
                _button(catalog.ui("button.set_level", lang), TIP_SET_LEVEL, level or "none"),
            ],
        }
    )
    return {"text": text, "blocks": blocks}


def pick_level_message(lang: Lang, catalog: Catalog) -> Payload:
    """Three level buttons: action_id ``tips.level:<level>``, value ``entry``/``mid``/``senior``."""
    prompt = catalog.ui("tip.pick_level", lang)
    buttons = [
        _button(catalog.ui(f"button.level_{lv}", lang), f"{TIP_LEVEL}:{lv}", lv) for lv in LEVELS
    ]
    return {
        "text": prompt,
        "blocks": [_section(prompt), {"type": "actions", "elements": buttons}],
    }


def faq_answer_message(faq: Faq, lang: Lang, catalog: Catalog) -> Payload:
    """One FAQ answer, with a button back to the list of questions."""
    question = faq.question.get(lang)
    answer = faq.answer.get(lang)
    return {
        "text": f"{question}\n{answer}",
        "blocks": [
            _section(f"*{_escape(question)}*\n{_escape(answer)}"),
            _context(catalog.ui("faq.more", lang)),
            {
                "type": "actions",
                "elements": [_button(catalog.ui("button.all_questions", lang), FAQ_LIST, "all")],
            },
        ],
    }


def faq_list_message(
    faqs: list[Faq], lang: Lang, catalog: Catalog, *, not_found: bool = False
) -> Payload:
    """The questions as buttons (action_id ``faq.show:<id>``, value = FAQ id).

    ``not_found`` says the member's words matched nothing, so the intro explains that.
    """
    title = catalog.ui("faq.list_title", lang)
    intro = catalog.ui("faq.none" if not_found else "faq.list_intro", lang)
    buttons = [
        _button(faq.question.get(lang), f"{FAQ_SHOW}:{faq.id}", faq.id)
        for faq in faqs[:_MAX_FAQ_BUTTONS]
    ]
    blocks: list[Block] = [_header(title), _section(intro)]
    for start in range(0, len(buttons), _BUTTONS_PER_ROW):
        blocks.append({"type": "actions", "elements": buttons[start : start + _BUTTONS_PER_ROW]})
    fallback = "\n".join([title, intro, *(f"• {faq.question.get(lang)}" for faq in faqs)])
    return {"text": fallback, "blocks": blocks}
