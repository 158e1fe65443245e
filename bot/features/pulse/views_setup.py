"""Block Kit for `/balance pulse setup`: the modal and the confirmation that replaces it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot import blocks
from bot.features.pulse import forms, service
from bot.features.pulse.views import SETUP_CALLBACK, option, plain_label, short
from bot.store.pulse import PulseConfig
from content import Catalog
from content.models import Lang, PulseQuestion


def _input(
    block_id: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input",
        "block_id": block_id,
        "label": plain_label(label),
        "element": {**element, "action_id": forms.ACTION},
    }
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = plain_label(hint)
    return block


def _select(options: list[dict[str, Any]], initial: str) -> dict[str, Any]:
    chosen = next((o for o in options if o["value"] == initial), options[0])
    return {"type": "static_select", "options": options, "initial_option": chosen}


def _checkbox(text: str, checked: bool) -> dict[str, Any]:
    only = option(text, "yes")
    element: dict[str, Any] = {"type": "checkboxes", "options": [only]}
    if checked:
        element["initial_options"] = [only]
    return element


def setup_modal(
    catalog: Catalog,
    lang: Lang,
    *,
    config: PulseConfig | None,
    channel_id: str | None,
    tz: str,
    user_id: str,
    bank: Sequence[PulseQuestion],
) -> dict[str, Any]:
    ui = catalog.ui
    rated = [q for q in bank if q.kind in ("scale", "yesno")]
    comment = next((q for q in bank if q.kind == "comment"), None)
    chosen = list(config.questions) if config else list(service.DEFAULT_QUESTIONS)
    question_options = [option(catalog.text(q, lang), q.id) for q in rated]
    initial_questions = [o for o in question_options if o["value"] in chosen]
    channel_element: dict[str, Any] = {
        "type": "conversations_select",
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    channel = config.channel_id if config else channel_id
    if channel and channel[:1] in ("C", "G"):
        channel_element["initial_conversation"] = channel
    days = [option(ui(f"pulse.weekday.{d}", lang), str(d)) for d in range(7)]
    hours = [
        option(ui("pulse.setup.hours", lang, hours=str(h)), str(h))
        for h in service.OPEN_HOURS_CHOICES
    ]
    thresholds = [option(str(n), str(n)) for n in range(service.MIN_THRESHOLD, 11)]
    users = list(config.results_users) if config else [user_id]
    body: list[dict[str, Any]] = [
        blocks.section(ui("pulse.setup.intro", lang)),
        _input("channel", ui("pulse.setup.channel", lang), channel_element),
        _input(
            "day",
            ui("pulse.setup.day", lang),
            _select(days, str(config.weekday if config else service.DEFAULT_WEEKDAY)),
        ),
        _input(
            "time",
            ui("pulse.setup.time", lang),
            {
                "type": "timepicker",
                "initial_time": config.local_time if config else service.DEFAULT_TIME,
            },
        ),
        _input(
            "tz",
            ui("pulse.setup.tz", lang),
            {
                "type": "plain_text_input",
                "initial_value": config.tz if config else tz,
                "max_length": 64,
            },
            hint=ui("pulse.setup.tz_hint", lang),
        ),
        _input(
            "questions",
            ui("pulse.setup.questions", lang),
            {
                "type": "multi_static_select",
                "options": question_options,
                "max_selected_items": service.MAX_QUESTIONS,
                **({"initial_options": initial_questions} if initial_questions else {}),
            },
            hint=ui(
                "pulse.setup.questions_hint",
                lang,
                min=str(service.MIN_QUESTIONS),
                max=str(service.MAX_QUESTIONS),
            ),
        ),
    ]
    if comment is not None:
        with_comment = comment.id in chosen if config else True
        body.append(
            _input(
                "comment",
                ui("pulse.setup.comment", lang),
                _checkbox(short(catalog.text(comment, lang)), with_comment),
                optional=True,
                hint=ui("pulse.setup.comment_hint", lang),
            )
        )
    body += [
        _input(
            "open_hours",
            ui("pulse.setup.open_hours", lang),
            _select(hours, str(config.open_hours if config else service.DEFAULT_OPEN_HOURS)),
        ),
        _input(
            "threshold",
            ui("pulse.setup.threshold", lang),
            _select(thresholds, str(config.threshold if config else service.DEFAULT_THRESHOLD)),
            hint=ui("pulse.setup.threshold_hint", lang, min=str(service.MIN_THRESHOLD)),
        ),
        _input(
            "results_to",
            ui("pulse.setup.results_to", lang),
            {"type": "multi_users_select", "initial_users": users},
            optional=True,
            hint=ui("pulse.setup.results_to_hint", lang),
        ),
        _input(
            "share",
            ui("pulse.setup.share", lang),
            _checkbox(
                ui("pulse.setup.share_option", lang), bool(config and config.results_channel)
            ),
            optional=True,
        ),
        _input(
            "lang",
            ui("pulse.setup.lang", lang),
            _select(
                [option(ui(f"lang.name.{code}", lang), code) for code in ("en", "es")],
                config.lang if config else lang,
            ),
            hint=ui("pulse.setup.lang_hint", lang),
        ),
        _input(
            "enabled",
            ui("pulse.setup.enabled", lang),
            _checkbox(ui("pulse.setup.enabled_option", lang), config.enabled if config else True),
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": SETUP_CALLBACK,
        "private_metadata": json.dumps({"v": 1}),
        "title": {"type": "plain_text", "text": ui("pulse.setup.modal_title", lang)[:24]},
        "submit": {"type": "plain_text", "text": ui("button.pulse_save", lang)[:24]},
        "close": {"type": "plain_text", "text": ui("button.cancel", lang)[:24]},
        "blocks": body,
    }


def setup_saved(
    catalog: Catalog,
    lang: Lang,
    config: PulseConfig,
    *,
    next_open: str | None,
    warning: str | None = None,
) -> dict[str, Any]:
    ui = catalog.ui
    if config.enabled:
        text = ui(
            "pulse.setup.saved",
            lang,
            channel=f"<#{config.channel_id}>",
            day=ui(f"pulse.weekday.{config.weekday}", lang),
            time=config.local_time,
            tz=config.tz,
            hours=str(config.open_hours),
            threshold=str(config.threshold),
            count=str(len(config.questions)),
        )
        if next_open:
            text += "\n" + ui("pulse.setup.next", lang, when=next_open)
    else:
        text = ui("pulse.setup.paused", lang, channel=f"<#{config.channel_id}>")
    body = [blocks.section(text)]
    if warning:
        body.append(blocks.context(warning))
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": ui("pulse.setup.modal_title", lang)[:24]},
        "close": {"type": "plain_text", "text": ui("button.pulse_done", lang)[:24]},
        "blocks": body,
    }
