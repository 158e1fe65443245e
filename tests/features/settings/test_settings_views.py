"""The settings modal within Slack's limits, in both languages; answers read back; errors keyed
by the input blocks' ids."""

from __future__ import annotations

from typing import Any

import pytest

from bot.features.settings import views
from bot.features.settings.service import Field, SettingsForm
from bot.sandbox.blockkit import check_view
from bot.schedule import GrammarError
from content import builtin_catalog
from content.models import Lang

FORM = SettingsForm(
    level="mid",
    shifts="mon-fri 08:00-17:00; sat 09:00-13:00",
    cadence="90m",
    lunch="12:30",
    lunch_length="30m",
    breaks=True,
    quiet_notices=False,
    end_of_shift=True,
)


def _submitted(view: dict[str, Any]) -> dict[str, Any]:
    """The state Slack sends back for an untouched modal."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        el = block["element"]
        state: dict[str, Any] = {"type": el["type"]}
        if el["type"] == "plain_text_input":
            state["value"] = el.get("initial_value")
        elif el["type"] == "static_select":
            state["selected_option"] = el.get("initial_option")
        else:
            state["selected_options"] = el.get("initial_options", [])
        values[block["block_id"]] = {el["action_id"]: state}
    return {**view, "state": {"values": values}}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_modal_fits_slack_and_reads_back_as_shown(lang: Lang) -> None:
    catalog = builtin_catalog()
    view = views.settings_modal(catalog, lang, FORM, origin="home", tz="America/Chicago")
    assert check_view(view) == []
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    block_ids = [b.get("block_id") for b in view["blocks"] if b["type"] == "input"]
    assert block_ids == [
        views.LEVEL_BLOCK,
        views.SHIFTS_BLOCK,
        views.CADENCE_BLOCK,
        views.LUNCH_BLOCK,
        views.LUNCH_LENGTH_BLOCK,
        views.SWITCHES_BLOCK,
    ]
    assert views.read_form(_submitted(view)) == FORM
    assert views.origin_of(view) == "home"


def test_empty_answers_read_as_empty() -> None:
    assert views.read_form({"state": {"values": {}}}) == SettingsForm(
        None, "", "", "", "", False, False, False
    )
    assert views.origin_of({"private_metadata": "not json"}) == "message"


def test_errors_are_keyed_by_block_id_in_the_member_language() -> None:
    catalog = builtin_catalog()
    problems: dict[Field, GrammarError] = {
        "cadence": GrammarError("breaks.cadence_range", minutes=500),
        "shifts": GrammarError("shift.unknown_word", word="late"),
    }
    en = views.field_errors(catalog, "en", problems)
    assert en[views.CADENCE_BLOCK].startswith("Break nudges can come every 30 minutes")
    assert "500 minutes" in en[views.CADENCE_BLOCK] and "`" not in en[views.CADENCE_BLOCK]
    es = views.field_errors(catalog, "es", problems)
    assert set(es) == set(en)
    # The whole message is Spanish (issue 15: the form showed English inside Spanish).
    assert es[views.CADENCE_BLOCK].startswith("Los recordatorios de pausa pueden ser cada 30")
    assert es[views.SHIFTS_BLOCK].startswith("No entendí «late»")


@pytest.mark.parametrize(
    "values",
    [
        None,
        "values",
        {views.LEVEL_BLOCK: "x", views.SHIFTS_BLOCK: {views.SHIFTS_BLOCK: "text"}},
        {
            views.LEVEL_BLOCK: {views.LEVEL_BLOCK: {"selected_option": "mid"}},
            views.CADENCE_BLOCK: {views.CADENCE_BLOCK: {"value": 90}},
            views.SWITCHES_BLOCK: {views.SWITCHES_BLOCK: {"selected_options": "breaks"}},
        },
        {views.SWITCHES_BLOCK: {views.SWITCHES_BLOCK: {"selected_options": [1, None]}}},
    ],
)
def test_wrongly_shaped_answers_read_as_empty(values: Any) -> None:
    """A forged submission must not raise: it reads as an empty form, and validation answers."""
    empty = SettingsForm(None, "", "", "", "", False, False, False)
    assert views.read_form({"state": {"values": values}}) == empty
    assert views.read_form({"state": "x"}) == empty
