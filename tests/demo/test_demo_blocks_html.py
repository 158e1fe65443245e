"""Every Block Kit block and element the page draws, drawn as Slack shows it."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from bot.demo.blocks_html import blocks_html
from bot.demo.elements_html import Ctx
from bot.demo.html import page_words
from bot.demo.mrkdwn import Names
from content import builtin_catalog
from tests.demo.page import Node, parse

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
PNG_URI = "data:image/png;base64," + base64.b64encode(PNG).decode()


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text), "value": value}


def ctx(lang: str = "en", **extra: Any) -> Ctx:
    files = {"F0CHART": PNG_URI}

    def image(ref: dict[str, Any]) -> str | None:
        file = ref.get("slack_file") or {}
        return files.get(file.get("id", "")) if isinstance(file, dict) else None

    return Ctx(
        Names({"U0ANA": "Ana", "U0BEN": "Ben", "C0FRONTDESK": "front-desk"}, viewer="Ana"),
        page_words(builtin_catalog(), lang),  # type: ignore[arg-type]
        image,
        **extra,
    )


def draw(*blocks: dict[str, Any], **extra: Any) -> Node:
    return parse(blocks_html(list(blocks), ctx(**extra)))


def test_header_and_section_text() -> None:
    page = draw(
        {"type": "header", "text": plain("Weekly pulse :wave:")},
        {"type": "section", "text": mrkdwn("*Level:* mid\n_today_")},
    )
    assert page.find(cls="header").text() == "Weekly pulse 👋"
    section = page.find(cls="section")
    assert section.find("b").text() == "Level:" and section.find("i").text() == "today"
    assert section.find("br")


def test_section_fields_and_accessories() -> None:
    page = draw(
        {
            "type": "section",
            "text": mrkdwn("Shifts"),
            "fields": [mrkdwn("*Mon*"), mrkdwn("08:00-17:00")],
            "accessory": {"type": "button", "text": plain("Edit"), "action_id": "shift.edit"},
        },
        {
            "type": "section",
            "text": mrkdwn("Chart"),
            "accessory": {"type": "image", "slack_file": {"id": "F0CHART"}, "alt_text": "trend"},
        },
    )
    fields = page.find(cls="fields").find_all(cls="mrkdwn")
    assert [f.text() for f in fields] == ["Mon", "08:00-17:00"]
    assert page.find("button", data_action_id="shift.edit").text() == "Edit"
    image = page.find("img", cls="accessory-image")
    assert image.attrs["src"] == PNG_URI and image.attrs["alt"] == "trend"


def test_divider_and_context() -> None:
    page = draw(
        {"type": "divider"},
        {
            "type": "context",
            "elements": [
                mrkdwn("Mid level · <@U0BEN>"),
                {"type": "image", "image_url": "https://example.org/x.png", "alt_text": "icon"},
            ],
        },
    )
    assert page.find("hr", cls="divider")
    context = page.find(cls="context")
    assert context.find(cls="mention").text() == "@Ben"
    missing = context.find(cls="missing")  # an outside image is never loaded
    assert missing.attrs["aria-label"] == "icon"
    assert not page.find_all("img")


def test_buttons_keep_their_style() -> None:
    page = draw(
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": plain("Took it"), "style": "primary", "action_id": "a"},
                {"type": "button", "text": plain("Forget me"), "style": "danger", "action_id": "b"},
                {"type": "button", "text": plain("Skip"), "action_id": "c"},
                {"type": "button", "text": plain("Odd"), "style": 'x" onclick="', "action_id": "d"},
            ],
        }
    )
    buttons = page.find(cls="actions").find_all("button")
    assert [b.text() for b in buttons] == ["Took it", "Forget me", "Skip", "Odd"]
    assert [sorted(b.classes()) for b in buttons] == [
        ["btn", "primary"],
        ["btn", "danger"],
        ["btn"],
        ["btn"],
    ]


def test_selects_pickers_and_overflow() -> None:
    page = draw(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "static_select",
                    "action_id": "day",
                    "options": [option("Monday", "0"), option("Friday", "4")],
                    "initial_option": option("Friday", "4"),
                },
                {"type": "static_select", "action_id": "empty", "options": [option("A", "a")]},
                {"type": "multi_users_select", "action_id": "who", "initial_users": ["U0ANA"]},
                {"type": "conversations_select", "initial_conversation": "C0FRONTDESK"},
                {"type": "datepicker", "initial_date": "2026-12-24"},
                {"type": "timepicker"},
                {"type": "overflow", "options": [option("More", "m")]},
            ],
        }
    )
    selects = page.find_all(cls="select")
    assert [s.text().replace("⌄", "") for s in selects] == [
        "Friday",
        "Select an item",
        "Ana",
        "#front-desk",
        "📅2026-12-24",
        "🕑Select time",
    ]
    assert selects[2].find(cls="pill")
    assert page.find("button", cls="overflow")


def test_image_block_embeds_only_known_images() -> None:
    page = draw(
        {
            "type": "image",
            "slack_file": {"id": "F0CHART"},
            "alt_text": "pulse trend",
            "title": plain("Trend"),
        },
        {"type": "image", "image_url": "https://example.org/chart.png", "alt_text": "elsewhere"},
    )
    figures = page.find_all("figure", cls="image")
    assert figures[0].find(cls="image-title").text() == "Trend"
    assert figures[0].find("img").attrs["src"] == PNG_URI
    assert figures[1].find(cls="image-missing").text() == (
        "Image not included in this page: elsewhere"
    )


def test_inputs_with_labels_hints_errors_and_entered_values() -> None:
    blocks = [
        {
            "type": "input",
            "block_id": "comment",
            "optional": True,
            "label": plain("Comment"),
            "hint": plain("No patient details"),
            "element": {"type": "plain_text_input", "action_id": "v", "multiline": True},
        },
        {
            "type": "input",
            "block_id": "q",
            "label": plain("Workload"),
            "element": {
                "type": "radio_buttons",
                "action_id": "v",
                "options": [option("1", "1"), option("2", "2")],
            },
        },
        {
            "type": "input",
            "block_id": "share",
            "label": plain("Share"),
            "element": {
                "type": "checkboxes",
                "action_id": "v",
                "options": [
                    {**option("Post results", "yes"), "description": mrkdwn("_in the channel_")}
                ],
                "initial_options": [option("Post results", "yes")],
            },
        },
        {
            "type": "input",
            "block_id": "tz",
            "label": plain("Time zone"),
            "element": {"type": "plain_text_input", "placeholder": plain("America/Chicago")},
        },
    ]
    state = {
        "comment": {"v": {"type": "plain_text_input", "value": "<b>Mr. Ortiz</b> waited"}},
        "q": {"v": {"type": "radio_buttons", "selected_option": {"value": "2"}}},
    }
    page = draw(*blocks, errors={"comment": "Looks like patient details"}, state=state)
    inputs = page.find_all(cls="input")
    comment = inputs[0]
    assert comment.find(cls="input-label").text() == "Comment (optional)"
    assert "invalid" in comment.classes()
    assert comment.find(cls="input-error").text().endswith("Looks like patient details")
    assert comment.find(cls="hint").text() == "No patient details"
    box = comment.find(cls="text-input")
    assert "multiline" in box.classes() and box.text() == "<b>Mr. Ortiz</b> waited"
    radios = inputs[1].find_all(cls="radio")
    assert ["on" in r.classes() for r in radios] == [False, True]
    assert "on" in inputs[2].find(cls="box").classes()
    assert inputs[2].find(cls="desc").find("i").text() == "in the channel"
    assert inputs[3].find(cls="placeholder").text() == "America/Chicago"
    assert not [n for n in page.walk() if n.tag == "b" and "Ortiz" in n.text()]


def test_rich_text() -> None:
    page = draw(
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "text", "text": "Hi ", "style": {"bold": True}},
                        {"type": "user", "user_id": "U0ANA"},
                        {"type": "emoji", "name": "coffee"},
                        {"type": "link", "url": "https://example.org", "text": "guide"},
                    ],
                },
                {
                    "type": "rich_text_list",
                    "style": "ordered",
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": "a"}]}
                    ],
                },
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
                {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "<x>"}]},
            ],
        }
    )
    assert page.find("b").text() == "Hi "
    assert page.find(cls="mention").text() == "@Ana" and "me" in page.find(cls="mention").classes()
    assert "☕" in page.text()
    assert page.find("a").attrs["href"] == "https://example.org"
    assert page.find("ol").find("li").text() == "a"
    assert page.find("blockquote").text() == "quoted"
    assert page.find("pre").text() == "<x>"


@pytest.mark.parametrize(("lang", "said"), [("en", "block, not drawn"), ("es", "no dibuja")])
def test_unknown_blocks_are_shown_not_dropped(lang: str, said: str) -> None:
    page = parse(blocks_html([{"type": "call", "call_id": "R1"}], ctx(lang)))
    assert said in page.find(cls="unsupported").text()
    assert "call" in page.find(cls="unsupported").text()


def test_malformed_blocks_do_not_break_the_page() -> None:
    page = draw({"type": "section"}, {"type": "actions", "elements": [None, 3]}, "x")  # type: ignore[arg-type]
    assert page.find_all(cls="section") and page.find_all(cls="actions")
