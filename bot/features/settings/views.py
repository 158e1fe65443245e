"""The settings modal: how it looks, how its answers are read back, and its inline errors."""

from __future__ import annotations

import json
from typing import Any, Literal

from bot.blocks import Block, message, section
from bot.features.settings.service import LEVELS, Field, SettingsForm
from bot.schedule import GrammarError, phrases
from content import Catalog
from content.models import Lang

CALLBACK_ID = "settings"
OPEN_ACTION = "settings.open"  # value "home" on App Home: the Home tab is refreshed after saving
TITLE_MAX = 24  # Slack's limit for a modal's title, submit and close labels

Origin = Literal["home", "message"]

LEVEL_BLOCK = "settings_level"
SHIFTS_BLOCK = "settings_shifts"
CADENCE_BLOCK = "settings_cadence"
LUNCH_BLOCK = "settings_lunch"
LUNCH_LENGTH_BLOCK = "settings_lunch_length"
SWITCHES_BLOCK = "settings_switches"

# Which input block shows a field's error.
FIELD_BLOCKS: dict[Field, str] = {
    "level": LEVEL_BLOCK,
    "shifts": SHIFTS_BLOCK,
    "cadence": CADENCE_BLOCK,
    "lunch": LUNCH_BLOCK,
    "lunch_length": LUNCH_LENGTH_BLOCK,
}
SWITCHES = ("breaks", "quiet_notices", "end_of_shift", "share_leave")
_SWITCH_KEYS = {
    "breaks": "settings.switch_breaks",
    "quiet_notices": "settings.switch_quiet",
    "end_of_shift": "settings.switch_eos",
    "share_leave": "settings.switch_share_leave",
}


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _plain(text, 75), "value": value}


def _text_input(
    block_id: str,
    label: str,
    value: str,
    *,
    hint: str | None = None,
    placeholder: str | None = None,
    optional: bool = False,
    max_length: int = 100,
) -> Block:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": block_id,
        "max_length": max_length,
    }
    if value:
        element["initial_value"] = value[:max_length]
    if placeholder:
        element["placeholder"] = _plain(placeholder, 150)
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _plain(label, 2000),
        "element": element,
    }
    if hint:
        block["hint"] = _plain(hint, 2000)
    return block


def settings_modal(
    catalog: Catalog,
    lang: Lang,
    form: SettingsForm,
    *,
    origin: Origin,
    tz: str,
    focus: Field | None = None,
    response_url: str | None = None,
) -> dict[str, Any]:
    """One modal for level, shifts, break cadence, lunch and the three message switches.

    `focus` puts the cursor in one field (App Home's steps); `response_url` (a command's or a
    message button's) is where the save is confirmed, carried in the private metadata."""
    ui = catalog.ui
    levels = [_option(ui(f"level.name.{lvl}", lang), lvl) for lvl in LEVELS]
    level_select: dict[str, Any] = {
        "type": "static_select",
        "action_id": LEVEL_BLOCK,
        "placeholder": _plain(ui("settings.level_placeholder", lang), 150),
        "options": levels,
    }
    if form.level in LEVELS:
        level_select["initial_option"] = levels[LEVELS.index(form.level)]
    switches = [_option(ui(_SWITCH_KEYS[name], lang), name) for name in SWITCHES]
    checkboxes: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": SWITCHES_BLOCK,
        "options": switches,
    }
    chosen = [opt for opt, name in zip(switches, SWITCHES, strict=True) if getattr(form, name)]
    if chosen:
        checkboxes["initial_options"] = chosen
    blocks: list[Block] = [
        section(ui("settings.intro", lang)),
        {
            "type": "input",
            "block_id": LEVEL_BLOCK,
            "optional": True,
            "label": _plain(ui("settings.level_label", lang), 2000),
            "element": level_select,
        },
        _text_input(
            SHIFTS_BLOCK,
            ui("settings.shifts_label", lang),
            form.shifts,
            hint=ui("settings.shifts_hint", lang, tz=tz),
            placeholder=ui("settings.shifts_placeholder", lang),
            optional=True,
            max_length=500,
        ),
        _text_input(
            CADENCE_BLOCK,
            ui("settings.cadence_label", lang),
            form.cadence,
            hint=ui("settings.cadence_hint", lang),
            max_length=20,
        ),
        _text_input(
            LUNCH_BLOCK,
            ui("settings.lunch_label", lang),
            form.lunch,
            hint=ui("settings.lunch_hint", lang),
            placeholder=ui("settings.lunch_placeholder", lang),
            optional=True,
            max_length=20,
        ),
        _text_input(
            LUNCH_LENGTH_BLOCK,
            ui("settings.lunch_length_label", lang),
            form.lunch_length,
            hint=ui("settings.lunch_length_hint", lang),
            optional=True,
            max_length=20,
        ),
        {
            "type": "input",
            "block_id": SWITCHES_BLOCK,
            "optional": True,
            "label": _plain(ui("settings.switches_label", lang), 2000),
            "element": checkboxes,
        },
    ]
    if focus is not None:
        for block in blocks:
            if block.get("block_id") == FIELD_BLOCKS[focus]:
                block["element"]["focus_on_load"] = True
    metadata: dict[str, str] = {"origin": origin}
    if response_url and origin == "message":
        metadata["response_url"] = response_url
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": json.dumps(metadata),
        "title": _plain(ui("settings.title", lang), TITLE_MAX),
        "submit": _plain(ui("button.save", lang), TITLE_MAX),
        "close": _plain(ui("button.cancel", lang), TITLE_MAX),
        "blocks": blocks,
    }


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def origin_of(view: dict[str, Any]) -> Origin:
    """Where the modal was opened from (its private metadata)."""
    return "home" if _metadata(view).get("origin") == "home" else "message"


def response_url_of(view: dict[str, Any]) -> str | None:
    """The conversation to confirm a save in, when the modal came from a command or message."""
    url = _metadata(view).get("response_url")
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def read_form(view: dict[str, Any]) -> SettingsForm:
    """The submitted answers, from the view's state. Anything missing, empty or of the wrong
    shape (a forged payload) reads as empty, and validation says what is wrong."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None

    def element(block_id: str) -> dict[str, Any]:
        block = values.get(block_id) if isinstance(values, dict) else None
        found = block.get(block_id) if isinstance(block, dict) else None
        return found if isinstance(found, dict) else {}

    def text(block_id: str) -> str:
        value = element(block_id).get("value")
        return value if isinstance(value, str) else ""

    option = element(LEVEL_BLOCK).get("selected_option")
    level = option.get("value") if isinstance(option, dict) else None
    options = element(SWITCHES_BLOCK).get("selected_options")
    ticked = {
        opt.get("value")
        for opt in (options if isinstance(options, list) else [])
        if isinstance(opt, dict)
    }
    return SettingsForm(
        level=level if isinstance(level, str) and level else None,
        shifts=text(SHIFTS_BLOCK),
        cadence=text(CADENCE_BLOCK),
        lunch=text(LUNCH_BLOCK),
        lunch_length=text(LUNCH_LENGTH_BLOCK),
        breaks="breaks" in ticked,
        quiet_notices="quiet_notices" in ticked,
        end_of_shift="end_of_shift" in ticked,
        share_leave="share_leave" in ticked,
    )


def field_errors(
    catalog: Catalog, lang: Lang, problems: dict[Field, GrammarError]
) -> dict[str, str]:
    """`response_action: errors` content: each message under its input block's id, in the
    member's language (errors show as plain text, so no code quotes)."""
    out: dict[str, str] = {}
    for name, problem in problems.items():
        plain = phrases.problem(catalog, lang, problem).replace("`", "")
        out[FIELD_BLOCKS[name]] = catalog.ui(f"settings.error_{name}", lang, problem=plain)
    return out


def saved(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("settings.saved", lang)
    return message(text, [section(f":white_check_mark: {text}")])


def could_not_open(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("settings.open_failed", lang)
    return message(text, [section(text)])
