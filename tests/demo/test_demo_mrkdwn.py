"""mrkdwn as the Slack client draws it, and nothing a member typed becomes markup."""

from __future__ import annotations

import pytest

from bot.blocks import user_text
from bot.demo.mrkdwn import Names, mrkdwn_html, text_object_html
from tests.demo.page import parse

NAMES = Names({"U0CARLA": "Carla", "U0ANA": "Ana", "C0FRONTDESK": "front-desk"}, viewer="Ana")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*bold*", "<b>bold</b>"),
        ("_italic_", "<i>italic</i>"),
        ("~gone~", "<s>gone</s>"),
        ("*bold _both_*", "<b>bold <i>both</i></b>"),
        ("`code *not bold*`", "<code>code *not bold*</code>"),
        ("```\nline <one>\n```", "<pre>line &lt;one&gt;</pre>"),
        ("> quoted\n&gt; also\nafter", "<blockquote>quoted<br>also</blockquote>after"),
        ("one\ntwo", "one<br>two"),
        (":bulb: tip", "💡 tip"),
        (":not_an_emoji:", ":not_an_emoji:"),
        ("<@U0CARLA> hi", '<span class="mention">@Carla</span> hi'),
        ("<@U0ANA>", '<span class="mention me">@Ana</span>'),
        ("<#C0FRONTDESK>", '<span class="mention">#front-desk</span>'),
        ("<#C999|billing>", '<span class="mention">#billing</span>'),
        ("<!here>", '<span class="mention loud">@here</span>'),
        ("<!date^1796000000^{date}|Dec 1>", "Dec 1"),
        ("snake_case_name 2*3*4", "snake_case_name 2*3*4"),
        ("a &amp; b &lt;c&gt;", "a &amp; b &lt;c&gt;"),
    ],
)
def test_mrkdwn_formatting(text: str, expected: str) -> None:
    assert mrkdwn_html(text, NAMES) == expected


def test_links_are_drawn_and_only_safe_ones_are_links() -> None:
    page = parse(mrkdwn_html("<https://example.org/a?x=1&amp;y=2|the *guide*> <mailto:a@b.co>"))
    links = page.find_all("a")
    assert [a.attrs["href"] for a in links] == ["https://example.org/a?x=1&y=2", "mailto:a@b.co"]
    assert links[0].text() == "the *guide*"
    assert all(a.attrs["rel"] == "noopener noreferrer" for a in links)
    unsafe = parse(mrkdwn_html("<javascript:alert(1)|click> <data:text/html,hi|x>"))
    assert unsafe.find_all("a") == []
    assert unsafe.text() == "click x"


def test_bare_urls_link_unless_verbatim() -> None:
    text = "see https://example.org/a_b_c."
    assert parse(mrkdwn_html(text)).find_all("a")[0].attrs["href"] == "https://example.org/a_b_c"
    assert parse(mrkdwn_html(text, verbatim=True)).find_all("a") == []
    assert "<i>" not in mrkdwn_html(text)


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        '<img src=x onerror="alert(1)">',
        '<https://x.org/" onmouseover="alert(1)|hover me>',
        "```<script>alert(1)</script>```",
        "`<iframe src=//evil>`",
        "\U000f0000<b>forged placeholder</b>",
    ],
)
def test_member_text_never_becomes_markup(typed: str) -> None:
    page = parse(mrkdwn_html(typed, NAMES))
    assert {node.tag for node in page.walk()} <= {"root", "a", "code", "pre"}
    for node in page.walk():
        assert set(node.attrs) <= {"href", "rel", "target"}
        assert node.attrs.get("href", "https:").startswith("https:")
    assert any(word in page.text() for word in ("alert(1)", "iframe", "forged", "hover me"))


def test_script_stays_visible_text() -> None:
    for text in ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"):
        page = parse(mrkdwn_html(text))
        assert page.text() == "<script>alert(1)</script>"


def test_user_text_stays_inert_on_the_page() -> None:
    """What `bot.blocks.user_text` makes of a member's words shows as typed: no mention,
    link, emphasis or quote."""
    said = user_text("*Lee* <@U0CARLA> https://evil.example > quoted _x_")
    page = parse(text_object_html({"type": "mrkdwn", "text": said, "verbatim": True}, NAMES))
    assert {node.tag for node in page.walk()} <= {"root"}
    assert "Lee" in page.text() and "U0CARLA" in page.text()


def test_plain_text_objects_are_not_formatted() -> None:
    assert text_object_html({"type": "plain_text", "text": "*not bold* :wave:"}) == (
        "*not bold* 👋"
    )
    assert text_object_html({"type": "plain_text", "text": ":wave:", "emoji": False}) == ":wave:"
    assert text_object_html({"type": "plain_text", "text": "a\nb"}) == "a<br>b"
