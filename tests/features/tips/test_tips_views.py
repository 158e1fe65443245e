"""Tip and FAQ views are valid Block Kit within Slack's limits, in both languages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.features.tips import views
from content import AUDIENCES, LANGS, LEVELS, TOPICS, Audience, Lang, Level, builtin_catalog

CATALOG = builtin_catalog()


def assert_valid_message(payload: dict[str, Any]) -> None:
    assert set(payload) == {"text", "blocks"}
    assert isinstance(payload["text"], str) and payload["text"].strip()
    blocks = payload["blocks"]
    assert 0 < len(blocks) <= 50
    json.dumps(payload)  # plain data only
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None and block.type == raw["type"]
        block.validate_json()
        check_limits(raw)


def check_limits(raw: dict[str, Any]) -> None:
    kind = raw["type"]
    if kind == "section":
        assert len(raw["text"]["text"]) <= 3000
    elif kind == "header":
        assert len(raw["text"]["text"]) <= 150
    elif kind == "context":
        assert len(raw["elements"]) <= 10
        assert all(len(e["text"]) <= 3000 for e in raw["elements"])
    elif kind == "actions":
        assert 0 < len(raw["elements"]) <= 25
        ids = [e["action_id"] for e in raw["elements"]]
        for element in raw["elements"]:
            assert element["type"] == "button"
            assert 0 < len(element["text"]["text"]) <= 75
            assert len(element["action_id"]) <= 255
            assert len(element["value"]) <= 2000
        # Slack wants action_ids unique within a block.
        assert len(ids) == len(set(ids))


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("level", [None, *LEVELS])
def test_every_tip_renders(lang: Lang, level: Level | None) -> None:
    for tip in CATALOG.tips():
        payload = views.tip_message(tip, lang, CATALOG, level, tip.topic)
        assert_valid_message(payload)
        assert payload["text"] == tip.text.get(lang)


def test_tip_buttons() -> None:
    tip = CATALOG.tips_for(level="mid", topic="stress")[0]
    payload = views.tip_message(tip, "es", CATALOG, "mid", "stress", note="nota")
    another, set_level, get_help = buttons(payload)
    assert get_help["action_id"] == f"faq.show:{views.HELP_FAQ}"  # stress tips link to help
    assert another["action_id"] == views.TIP_ANOTHER == "tips.another"
    assert views.decode_tip_value(another["value"]) == ("mid", "stress")
    assert another["text"]["text"] == "Otro consejo"
    assert set_level["action_id"] == views.TIP_SET_LEVEL == "tips.set_level"
    rendered = json.dumps(payload, ensure_ascii=False)
    assert "nota" in rendered
    assert "Nivel intermedio" in rendered and "Estrés" in rendered


def test_tip_without_level_hints_at_setting_it() -> None:
    tip = CATALOG.tips()[0]
    payload = views.tip_message(tip, "en", CATALOG, None)
    assert CATALOG.ui("tip.set_level_hint", "en") in json.dumps(payload)
    assert views.decode_tip_value(buttons(payload)[0]["value"]) == (None, None)


def test_tip_text_is_escaped_for_mrkdwn() -> None:
    tip = CATALOG.tips()[0].model_copy(
        update={"text": CATALOG.tips()[0].text.model_copy(update={"en": "Q&A <b>"})}
    )
    section = views.tip_message(tip, "en", CATALOG, "entry")["blocks"][0]
    assert "Q&amp;A &lt;b&gt;" in section["text"]["text"]


@pytest.mark.parametrize("lang", LANGS)
def test_pick_level_message(lang: Lang) -> None:
    payload = views.pick_level_message(lang, CATALOG)
    assert_valid_message(payload)
    level_buttons = buttons(payload)
    assert [b["value"] for b in level_buttons] == ["entry", "mid", "senior"]
    for button in level_buttons:
        assert views.TIP_LEVEL_PATTERN.match(button["action_id"])
        assert button["action_id"] == f"tips.level:{button['value']}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_faq_answer_renders(lang: Lang) -> None:
    for faq in CATALOG.faqs():
        payload = views.faq_answer_message(faq, lang, CATALOG)
        assert_valid_message(payload)
        assert faq.answer.get(lang) in payload["text"]
        assert buttons(payload)[-1]["action_id"] == views.FAQ_LIST


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("not_found", [False, True])
def test_faq_list(lang: Lang, not_found: bool) -> None:
    payload = views.faq_list_message(CATALOG.faqs(), lang, CATALOG, not_found=not_found)
    assert_valid_message(payload)
    faq_buttons = buttons(payload)
    assert [b["value"] for b in faq_buttons] == [f.id for f in CATALOG.faqs()]
    for button in faq_buttons:
        assert views.FAQ_SHOW_PATTERN.match(button["action_id"])
        assert button["action_id"] == f"faq.show:{button['value']}"
    intro = CATALOG.ui("faq.none" if not_found else "faq.list_intro", lang)
    assert payload["blocks"][1]["text"]["text"] == intro


def test_faq_list_stays_within_fifty_blocks() -> None:
    base = CATALOG.faqs()[0]
    many = [base.model_copy(update={"id": f"q-{i}"}) for i in range(400)]
    assert_valid_message(views.faq_list_message(many, "en", CATALOG))


def test_faq_list_with_suggestions_stays_within_fifty_blocks() -> None:
    base = CATALOG.faqs()[0]
    many = [base.model_copy(update={"id": f"q-{i}"}) for i in range(400)]
    payload = views.faq_list_message(
        many, "en", CATALOG, not_found=True, suggestions=tuple(many[:3])
    )
    assert_valid_message(payload)
    assert CATALOG.ui("faq.maybe", "en") in json.dumps(payload)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("level", [None, *AUDIENCES])
def test_unknown_topic_says_so_and_offers_every_topic(lang: Lang, level: Audience | None) -> None:
    typed = "<!channel> *unicorns* https://x.test"
    payload = views.unknown_topic_message(typed, lang, CATALOG, level)
    assert_valid_message(payload)
    offered = buttons(payload)
    assert [views.decode_tip_value(b["value"]) for b in offered] == [(level, t) for t in TOPICS]
    assert all(views.TIP_TOPIC_PATTERN.match(b["action_id"]) for b in offered)
    intro = payload["blocks"][0]
    assert intro.get("verbatim") is True or intro["text"].get("verbatim") is True
    assert "<!channel>" not in json.dumps(payload) and "unicorns" in intro["text"]["text"]


@pytest.mark.parametrize("lang", LANGS)
def test_emotional_load_tips_link_to_where_to_get_help(lang: Lang) -> None:
    for tip in CATALOG.tips_for(topic="emotional-labor"):
        payload = views.tip_message(tip, lang, CATALOG, "entry", None)
        values = [b["value"] for b in buttons(payload)]
        assert views.HELP_FAQ in values
    boundary = CATALOG.tips_for(topic="boundaries")[0]
    assert views.HELP_FAQ not in [
        b["value"] for b in buttons(views.tip_message(boundary, lang, CATALOG, "entry"))
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_where_to_get_help_shows_the_practice_eap_and_burnout_links_to_it(lang: Lang) -> None:
    help_payload = views.faq_answer_message(CATALOG.faq(views.HELP_FAQ), lang, CATALOG)
    rendered = json.dumps(help_payload, ensure_ascii=False)
    assert CATALOG.ui("support.eap", lang) in rendered and "988" in rendered
    burnout = views.faq_answer_message(CATALOG.faq("burnout-signs"), lang, CATALOG)
    assert views.HELP_FAQ in [b["value"] for b in buttons(burnout)]


@given(st.sampled_from([None, *AUDIENCES]), st.sampled_from([None, *TOPICS]))
def test_tip_value_round_trips(level: Audience | None, topic: str | None) -> None:
    assert views.decode_tip_value(views.encode_tip_value(level, topic)) == (level, topic)  # type: ignore[arg-type]


@given(st.text())
def test_decoding_untrusted_values_never_raises(value: str) -> None:
    level, topic = views.decode_tip_value(value)
    assert level in (None, *AUDIENCES) and topic in (None, *TOPICS)
