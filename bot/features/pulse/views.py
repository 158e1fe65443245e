"""Block Kit for the weekly pulse: the channel post, the answer modal, the reminder and the
"closed" note. Set-up and results live in `views_setup.py` and `views_results.py`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot import blocks
from bot.features.pulse import forms
from bot.features.quiet import views as quiet_views
from bot.store.pulse import Round
from content import Catalog
from content.models import Lang, PulseQuestion

ANSWER_ACTION = "pulse.answer"  # the "Answer" button; value = round id
ANSWER_CALLBACK = "pulse.answer"
SETUP_CALLBACK = "pulse.setup"
OPTION_MAX = 75  # Slack option labels


def plain(text: str) -> dict[str, Any]:
    return blocks.message(text, [blocks.section(text)])


def short(text: str, limit: int = OPTION_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def question_label(catalog: Catalog, lang: Lang, question_id: str) -> str:
    """A short name for charts and result lines ("Workload"), from `pulse.label.<id>`."""
    key = f"pulse.label.{question_id}"
    if catalog.has_ui(key):
        return catalog.ui(key, lang)
    try:
        return short(catalog.text(catalog.pulse_question(question_id), lang), 40)
    except KeyError:
        return question_id


def answer_button(catalog: Catalog, lang: Lang, round_id: int) -> dict[str, Any]:
    return blocks.button(
        catalog.ui("button.answer_pulse", lang),
        action_id=ANSWER_ACTION,
        value=str(round_id),
        style="primary",
    )


def poll_message(
    catalog: Catalog, lang: Lang, round_: Round, *, tz: str, now: datetime
) -> dict[str, Any]:
    """The weekly post in the team's channel, with the "Answer" button."""
    rated = sum(1 for q in round_.questions if _kind(catalog, q) != "comment")
    # Read by the whole channel, in many zones: the time carries its zone.
    closes = quiet_views.zoned_when_phrase(catalog, lang, round_.closes_at, tz, now=round_.opens_at)
    body = catalog.ui(
        "pulse.post_body", lang, count=str(rated), threshold=str(round_.threshold), closes=closes
    )
    return blocks.message(
        catalog.ui("pulse.post_fallback", lang, count=str(rated)),
        [
            blocks.header(catalog.ui("pulse.post_title", lang)),
            blocks.section(body),
            blocks.actions(answer_button(catalog, lang, round_.id), block_id="pulse_answer"),
            blocks.context(catalog.ui("pulse.privacy_note", lang)),
        ],
    )


def closed_message(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("pulse.closed_post", lang)
    return blocks.message(text, [blocks.section(text)])


def reminder_dm(
    catalog: Catalog, lang: Lang, round_: Round, *, channel_id: str, tz: str, now: datetime
) -> dict[str, Any]:
    """The one reminder: sent to each member who hasn't answered; it names nobody."""
    closes = quiet_views.when_phrase(catalog, lang, round_.closes_at, tz, now=now)
    text = catalog.ui("pulse.reminder", lang, channel=f"<#{channel_id}>", closes=closes)
    return blocks.message(
        text,
        [
            blocks.section(text),
            blocks.actions(answer_button(catalog, lang, round_.id), block_id="pulse_answer"),
        ],
    )


def _kind(catalog: Catalog, question_id: str) -> str:
    try:
        return catalog.pulse_question(question_id).kind
    except KeyError:
        return ""


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": short(text), "emoji": True}, "value": value}


def plain_label(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:2000], "emoji": True}


def _question_input(catalog: Catalog, lang: Lang, q: PulseQuestion) -> dict[str, Any]:
    block_id = forms.question_block(q.id)
    if q.kind == "comment":
        return {
            "type": "input",
            "block_id": block_id,
            "optional": True,
            "label": plain_label(catalog.text(q, lang)),
            "hint": plain_label(catalog.ui("pulse.comment_hint", lang)),
            "element": {
                "type": "plain_text_input",
                "action_id": forms.ACTION,
                "multiline": True,
                "max_length": forms.COMMENT_MAX,
            },
        }
    if q.kind == "scale":
        low = catalog.text(q.low, lang) if q.low else ""
        high = catalog.text(q.high, lang) if q.high else ""
        names = {"1": f"1 · {low}" if low else "1", "5": f"5 · {high}" if high else "5"}
        options = [option(names.get(v, v), v) for v in forms.SCALE_VALUES]
    else:
        options = [
            option(catalog.ui("pulse.yes", lang), "1"),
            option(catalog.ui("pulse.no", lang), "0"),
        ]
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain_label(catalog.text(q, lang)),
        "element": {"type": "radio_buttons", "action_id": forms.ACTION, "options": options},
    }


def answer_modal(
    catalog: Catalog, lang: Lang, round_: Round, questions: Sequence[PulseQuestion]
) -> dict[str, Any]:
    body: list[blocks.Block] = [
        blocks.section(catalog.ui("pulse.modal_intro", lang, threshold=str(round_.threshold))),
        *(_question_input(catalog, lang, q) for q in questions),
    ]
    return {
        "type": "modal",
        "callback_id": ANSWER_CALLBACK,
        "private_metadata": json.dumps({"round": round_.id, "lang": lang}),
        "title": {"type": "plain_text", "text": catalog.ui("pulse.modal_title", lang)[:24]},
        "submit": {"type": "plain_text", "text": catalog.ui("button.pulse_send", lang)[:24]},
        "close": {"type": "plain_text", "text": catalog.ui("button.cancel", lang)[:24]},
        "blocks": body,
    }


NOT_ELIGIBLE = {
    "reader": "pulse.not_eligible.reader",
    "guest": "pulse.not_eligible.guest",
    "not_human": "pulse.not_eligible.guest",
    "joined_late": "pulse.not_eligible.joined_late",
    "not_member": "pulse.not_member",
}
OUTCOMES = {
    "ok": "pulse.thanks",
    "duplicate": "pulse.already_answered",
    "not_eligible": "pulse.not_eligible.generic",
    "reader": "pulse.not_eligible.reader",
    "unavailable": "pulse.unavailable",
}


def not_eligible_modal(
    catalog: Catalog, lang: Lang, why: str, *, channel_id: str
) -> dict[str, Any]:
    """Why this member can't answer this round (see eligibility.why_not)."""
    key = NOT_ELIGIBLE.get(why, "pulse.not_eligible.generic")
    return info_modal(catalog, lang, catalog.ui(key, lang, channel=f"<#{channel_id}>"))


def outcome_modal(catalog: Catalog, lang: Lang, outcome: str) -> dict[str, Any]:
    """What replaces the answer modal once it is sent."""
    key = OUTCOMES.get(outcome, "pulse.closed")
    return info_modal(catalog, lang, catalog.ui(key, lang))


def opening_notice(
    catalog: Catalog,
    lang: Lang,
    round_: Round,
    reason: str,
    *,
    tz: str,
    now: datetime,
    **fmt: str,
) -> dict[str, Any]:
    """To the people who get the results: this week's round can't open, and why."""
    closes = quiet_views.when_phrase(catalog, lang, round_.closes_at, tz, now=now)
    text = catalog.ui(
        f"pulse.notice.{reason}", lang, channel=f"<#{round_.channel_id}>", closes=closes, **fmt
    )
    return blocks.message(text, [blocks.section(text)])


def info_modal(catalog: Catalog, lang: Lang, text: str) -> dict[str, Any]:
    """A modal that only says something (thanks, already answered, closed)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": catalog.ui("pulse.modal_title", lang)[:24]},
        "close": {"type": "plain_text", "text": catalog.ui("button.pulse_done", lang)[:24]},
        "blocks": [blocks.section(text)],
    }


def errors(catalog: Catalog, lang: Lang, problems: Sequence[forms.Problem]) -> dict[str, str]:
    """`response_action: errors` for the modal: one message under each input block."""
    out: dict[str, str] = {}
    for p in problems:
        fmt = dict(p.fmt)
        if p.reason_key is not None:
            fmt["reason"] = catalog.ui(p.reason_key, lang)
        out.setdefault(p.block_id, catalog.ui(p.key, lang, **fmt))
    return out
