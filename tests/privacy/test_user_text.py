"""`blocks.user_text`: a person's words quoted in a message are never interpreted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot import blocks


def test_mentions_and_links_are_inert() -> None:
    out = blocks.user_text(
        "<!channel> see <https://evil.example|https://app.slack.com/pulse> <@U1>"
    )
    assert "<" not in out and ">" not in out
    assert "&lt;!channel&gt;" in out
    assert "https://" not in out  # no client turns it into a link
    assert "evil.example" in out  # still readable


def test_line_breaks_cannot_escape_a_quote_or_fake_lines() -> None:
    out = blocks.user_text("fine\n> *Workload 5.0/5*\r\n\u2028Stress 1.0")
    assert "\n" not in out and "\r" not in out and "\u2028" not in out
    assert "*" not in out


def test_formatting_marks_and_invisible_characters_are_neutralised() -> None:
    out = blocks.user_text("*bold* _it_ ~gone~ `code` \u202eevil\u200b")
    for mark in "*_~`\u202e\u200b":
        assert mark not in out


def test_clipped_before_escaping_so_no_entity_is_cut() -> None:
    out = blocks.user_text("a" * 10 + "<", limit=11)
    assert out.endswith("&lt;")
    out = blocks.user_text("a" * 20 + "<<<", limit=12)
    assert out == "a" * 11 + "…"


@given(st.text(max_size=300))
def test_no_control_markup_survives(text: str) -> None:
    out = blocks.user_text(text)
    assert not any(c in out for c in "<>\n\r*_~`")
    assert "&" not in out.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")


def test_verbatim_sections_and_context() -> None:
    assert blocks.section("x", verbatim=True)["text"]["verbatim"] is True
    assert "verbatim" not in blocks.section("x")["text"]
    assert all(e["verbatim"] for e in blocks.context("a", "b", verbatim=True)["elements"])
