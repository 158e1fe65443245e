"""Block Kit for tips and FAQ answers. Pure functions returning plain message payloads:
``{"text": fallback, "blocks": [...]}``, ready for ``respond``/``chat.postEphemeral``.
"""

from __future__ import annotations

import re
from typing import Any

from bot.blocks import Block, button, context, escape, header, section, user_text
from content import AUDIENCES, LEVELS, TOPICS, Audience, Catalog, Faq, Lang, Tip, Topic

# action_ids the tips listeners register for.
TIP_ANOTHER = "tips.another"
TIP_SET_LEVEL = "tips.set_level"
FAQ_LIST = "faq.list"
# Slack wants action_ids unique within a block, so a row of similar buttons gets
# "<prefix>:<value>" action_ids; listeners match them with the patterns below.
TIP_LEVEL = "tips.level"
TIP_TOPIC = "tips.topic"
FAQ_SHOW = "faq.show"
TIP_LEVEL_PATTERN = re.compile(rf"^{re.escape(TIP_LEVEL)}:")
TIP_TOPIC_PATTERN = re.compile(rf"^{re.escape(TIP_TOPIC)}:")
FAQ_SHOW_PATTERN = re.compile(rf"^{re.escape(FAQ_SHOW)}:")

# The "where to get help" entry, and what links to it: the emotional-load and stress tips and
# the FAQs about stress and burnout. Its answer ends with the practice's own EAP contact
# (the UI string `support.eap`, which a practice sets in its content files).
HELP_FAQ = "get-help"
HELP_LINKED_TOPICS: frozenset[str] = frozenset({"emotional-labor", "stress"})
HELP_LINKED_FAQS: frozenset[str] = frozenset({"burnout-signs", "stress"})

# Buttons per actions row: Slack allows 25, but short rows read better on a phone.
_BUTTONS_PER_ROW = 5
# Leaves room for the header and intro within Slack's 50 blocks per message.
_MAX_FAQ_BUTTONS = 45 * _BUTTONS_PER_ROW

Payload = dict[str, Any]


def encode_tip_value(level: Audience | None, topic: Topic | None) -> str:
    """Button value for "Another tip": ``"mid|stress"``, ``"|breaks"``, ``"senior|"``."""
    return f"{level or ''}|{topic or ''}"


def decode_tip_value(value: str) -> tuple[Audience | None, Topic | None]:
    """Inverse of :func:`encode_tip_value`. Values come back from Slack, so anything unknown
    becomes ``None`` rather than an error."""
    level_part, _, topic_part = value.partition("|")
    level = next((lv for lv in AUDIENCES if lv == level_part), None)
    topic = next((tp for tp in TOPICS if tp == topic_part), None)
    return level, topic


def level_name(catalog: Catalog, level: Audience, lang: Lang) -> str:
    return catalog.ui(f"level.name.{level}", lang)


def topic_name(catalog: Catalog, topic: Topic, lang: Lang) -> str:
    key = f"topic.name.{topic}"
    return catalog.ui(key, lang) if catalog.has_ui(key) else topic


def tip_message(
    tip: Tip,
    lang: Lang,
    catalog: Catalog,
    level: Audience | None,
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
    about = catalog.ui(
        "tip.context",
        lang,
        level=" / ".join(labels),
        topic=topic_name(catalog, tip.topic, lang),
    )
    blocks: list[Block] = [
        section(f":bulb: {escape(text)}"),
        context(about),
    ]
    if note:
        blocks.append(context(note))
    if level is None:
        blocks.append(context(catalog.ui("tip.set_level_hint", lang)))
    elements = [
        button(
            catalog.ui("button.another_tip", lang),
            action_id=TIP_ANOTHER,
            value=encode_tip_value(level, topic),
            style="primary",
        ),
        button(
            catalog.ui("button.set_level", lang),
            action_id=TIP_SET_LEVEL,
            value=level or "none",
        ),
    ]
    if tip.topic in HELP_LINKED_TOPICS:
        elements.extend(_help_button(catalog, lang))
    blocks.append({"type": "actions", "elements": elements})
    return {"text": text, "blocks": blocks}


def _help_button(catalog: Catalog, lang: Lang) -> list[Block]:
    if HELP_FAQ not in {faq.id for faq in catalog.faqs()}:
        return []
    label = catalog.ui("button.get_help", lang)
    return [button(label, action_id=f"{FAQ_SHOW}:{HELP_FAQ}", value=HELP_FAQ)]


def unknown_topic_message(
    typed: str, lang: Lang, catalog: Catalog, level: Audience | None
) -> Payload:
    """What `/balance tip <words>` answers when the words name no topic: says so, and offers
    every topic as a button (action_id ``tips.topic:<topic>``, value ``level|topic``)."""
    intro = catalog.ui("tip.no_topic_match", lang, text=user_text(typed, 60))
    names = [topic_name(catalog, topic, lang) for topic in TOPICS]
    buttons = [
        button(name, action_id=f"{TIP_TOPIC}:{topic}", value=encode_tip_value(level, topic))
        for topic, name in zip(TOPICS, names, strict=True)
    ]
    blocks: list[Block] = [section(intro, verbatim=True)]
    for start in range(0, len(buttons), _BUTTONS_PER_ROW):
        blocks.append({"type": "actions", "elements": buttons[start : start + _BUTTONS_PER_ROW]})
    blocks.append(context(catalog.ui("tip.unknown_hint", lang)))
    fallback = "\n".join([intro, ", ".join(names)])
    return {"text": fallback, "blocks": blocks}


def pick_level_message(lang: Lang, catalog: Catalog) -> Payload:
    """Three level buttons: action_id ``tips.level:<level>``, value ``entry``/``mid``/``senior``."""
    prompt = catalog.ui("tip.pick_level", lang)
    buttons = [
        button(catalog.ui(f"button.level_{lv}", lang), action_id=f"{TIP_LEVEL}:{lv}", value=lv)
        for lv in LEVELS
    ]
    return {
        "text": prompt,
        "blocks": [section(prompt), {"type": "actions", "elements": buttons}],
    }


def faq_answer_message(faq: Faq, lang: Lang, catalog: Catalog) -> Payload:
    """One FAQ answer, with a button back to the list of questions. The "where to get help"
    answer ends with the practice's EAP contact; answers about stress and burnout link to it."""
    question = faq.question.get(lang)
    answer = faq.answer.get(lang)
    blocks: list[Block] = [section(f"*{escape(question)}*\n{escape(answer)}")]
    text = f"{question}\n{answer}"
    if faq.id == HELP_FAQ:
        eap = catalog.ui("support.eap", lang)
        blocks.append(section(eap))
        text = f"{text}\n{eap}"
    blocks.append(context(catalog.ui("faq.more", lang)))
    elements = [button(catalog.ui("button.all_questions", lang), action_id=FAQ_LIST, value="all")]
    if faq.id in HELP_LINKED_FAQS:
        elements = _help_button(catalog, lang) + elements
    blocks.append({"type": "actions", "elements": elements})
    return {"text": text, "blocks": blocks}


def faq_list_message(
    faqs: list[Faq],
    lang: Lang,
    catalog: Catalog,
    *,
    not_found: bool = False,
    suggestions: tuple[Faq, ...] = (),
) -> Payload:
    """The questions as buttons (action_id ``faq.show:<id>``, value = FAQ id).

    ``not_found`` says the member's words matched no question well enough, so the intro says
    there is no answer yet; ``suggestions`` are the questions that came close, offered first.
    """
    title = catalog.ui("faq.list_title", lang)
    intro = catalog.ui("faq.none" if not_found else "faq.list_intro", lang)

    def faq_button(faq: Faq) -> Block:
        return button(faq.question.get(lang), action_id=f"{FAQ_SHOW}:{faq.id}", value=faq.id)

    buttons = [faq_button(faq) for faq in faqs[:_MAX_FAQ_BUTTONS]]
    blocks: list[Block] = [header(title), section(intro)]
    if suggestions:
        blocks.append(context(catalog.ui("faq.maybe", lang)))
        blocks.append({"type": "actions", "elements": [faq_button(f) for f in suggestions[:3]]})
        blocks.append(context(catalog.ui("faq.all", lang)))
    for start in range(0, len(buttons), _BUTTONS_PER_ROW):
        blocks.append({"type": "actions", "elements": buttons[start : start + _BUTTONS_PER_ROW]})
    fallback = "\n".join([title, intro, *(f"• {faq.question.get(lang)}" for faq in faqs)])
    return {"text": fallback, "blocks": blocks}
