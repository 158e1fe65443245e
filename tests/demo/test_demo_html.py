"""The transcript page: moments as anchored sections, frames per person and place, Slack's
surfaces (messages, ephemeral notices, DMs, modals, Home), and nothing loaded from outside."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from bot.demo.html import Frame, data_uri, frames, write_page
from bot.demo.moments import Act, Moment, Note, Shown
from bot.demo.render import Transcript
from tests.demo.page import Node, parse

NAMES = {"U0ANA": "Ana", "U0BEN": "Ben", "U0CARLA": "Carla", "C0FRONTDESK": "front-desk"}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
NUDGE = {
    "text": "Time for a break",
    "metadata": {
        "event_type": "balance_delivery",
        "event_payload": {"delivery_id": "nudge:T1:U0BEN:2026-11-30:1"},
    },
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Take a short break, <@U0BEN>"}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Took it"},
                    "style": "primary",
                    "action_id": "breaks.took_it",
                }
            ],
        },
    ],
}
MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Weekly pulse"},
    "submit": {"type": "plain_text", "text": "Send answers"},
    "blocks": [
        {
            "type": "input",
            "block_id": "comment",
            "label": {"type": "plain_text", "text": "Comment"},
            "element": {"type": "plain_text_input", "action_id": "v"},
        }
    ],
}
HOME = {
    "type": "home",
    "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "Hi"}}],
}


def moments() -> list[Moment]:
    return [
        Moment(
            "Monday — break nudges",
            [
                Shown("Mon 10:35", "Ben", "dm", NUDGE),
                Act("Mon 10:35", "Ben", "clicked", "Took it", "dm"),
                Shown("Mon 10:35", "Ben", "dm", {"text": "Nice. Enjoy the reset."}),
                Note("Maria turns on Do Not Disturb"),
            ],
        ),
        Moment(
            "Afternoon — off shift",
            [
                Act("Mon 13:30", "Ana", "posted", "<@U0CARLA> can you call back?", "channel"),
                Shown(
                    "Mon 13:30",
                    "Ana",
                    "channel",
                    {"text": "<@U0CARLA> is off shift right now."},
                    ephemeral=True,
                ),
            ],
        ),
        Moment(
            "Friday — the pulse form",
            [
                Act("Fri 14:08", "Dee", "typed", "/balance pulse", "channel"),
                Shown("Fri 14:08", "Dee", "modal", MODAL, errors={"comment": "Patient details"}),
                Act("Fri 23:10", "Ben", "opened_home", "", "home"),
                Shown("Fri 23:10", "Ben", "home", HOME),
            ],
        ),
        Moment("Nothing happened", []),
    ]


def render(tmp_path: Path, lang: str = "en", items: list[Moment] | None = None) -> Node:
    page = write_page(
        tmp_path / "transcript.html",
        moments() if items is None else items,
        lang=lang,  # type: ignore[arg-type]
        names=NAMES,
        files={"F0CHART": PNG, "F0TEXT": b"plain text, not an image"},
        default_channel="C0FRONTDESK",
    )
    return parse(page.read_text(encoding="utf-8"))


def test_every_moment_is_a_titled_anchored_section(tmp_path: Path) -> None:
    page = render(tmp_path)
    sections = page.find_all("section", cls="moment")
    titles = [s.find("h2").text() for s in sections]
    assert titles == ["Monday — break nudges", "Afternoon — off shift", "Friday — the pulse form"]
    ids = [s.attrs["id"] for s in sections]
    assert ids == [
        "m01-monday-break-nudges",
        "m02-afternoon-off-shift",
        "m03-friday-the-pulse-form",
    ]
    assert [s.find("h2").find("a").attrs["href"] for s in sections] == [f"#{i}" for i in ids]
    assert [a.attrs["href"] for a in page.find("nav").find_all("a")] == [f"#{i}" for i in ids]


def test_a_dm_frame_shows_the_app_conversation(tmp_path: Path) -> None:
    frame = render(tmp_path).find(cls="frame-dm")
    assert frame.attrs["data-viewer"] == "Ben"
    assert frame.find(cls="tab", **{"class": "tab active"}).text() == "Messages"
    messages = frame.find_all(cls="msg")
    assert len(messages) == 2
    assert messages[0].attrs["data-delivery"] == "nudge"
    assert messages[0].find(cls="sender").text() == "Balance Bot"
    assert messages[0].find(cls="badge").text() == "APP"
    assert messages[0].find(cls="time").text() == "Mon 10:35"
    assert messages[0].find(cls="mention").text() == "@Ben"
    assert "primary" in messages[0].find("button", data_action_id="breaks.took_it").classes()
    assert "Ben clicked Took it" in frame.find(cls="act").text()
    assert frame.find(cls="viewer").text() == "What Ben sees"


def test_a_post_and_the_ephemeral_notice_share_the_posters_view(tmp_path: Path) -> None:
    frame = render(tmp_path).find(cls="frame-channel")
    assert frame.find(cls="conv").text() == "# front-desk"
    assert frame.find(cls="viewer").text() == "What Ana sees"
    post, notice = frame.find_all(cls="msg")
    assert post.attrs["data-from"] == "person" and post.find(cls="sender").text() == "Ana"
    assert post.find(cls="mention").text() == "@Carla"
    assert "ephemeral" in notice.classes()
    assert notice.find(cls="only-you").text() == "Only visible to you"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Only visible to you", "What Ana sees", "Cancel", "Home", "Moments"]),
        ("es", ["Solo visible para ti", "Lo que ve Ana", "Cancelar", "Inicio", "Momentos"]),
    ],
)
def test_slacks_own_words_follow_the_language(tmp_path: Path, lang: str, words: list[str]) -> None:
    page = render(tmp_path, lang)
    assert page.find("html").attrs["lang"] == lang
    for word in words:
        assert word in page.text()


def test_modal_with_title_buttons_and_inline_error(tmp_path: Path) -> None:
    section = render(tmp_path).find("section", id="m03-friday-the-pulse-form")
    # Typing a command shows nothing in Slack but the answer: told as a stage direction.
    assert section.find(cls="stage").text().startswith("DDee typed /balance pulse")
    frame = section.find(cls="frame-modal")
    modal = frame.find(cls="modal")
    assert modal.find(cls="modal-title").text() == "Weekly pulse"
    buttons = modal.find(cls="modal-foot").find_all("button")
    assert [(b.text(), sorted(b.classes())) for b in buttons] == [
        ("Cancel", ["btn"]),
        ("Send answers", ["btn", "primary"]),
    ]
    assert modal.find(cls="input-error").text().endswith("Patient details")


def test_home_tab(tmp_path: Path) -> None:
    frame = render(tmp_path).find(cls="frame-home")
    assert frame.find(cls="tab", **{"class": "tab active"}).text() == "Home"
    assert frame.find(cls="home").find(cls="header").text() == "Hi"


def test_notes_and_frames_in_order() -> None:
    events = moments()[0].events + moments()[1].events
    grouped = frames(events, "C0FRONTDESK")
    assert [type(g).__name__ for g in grouped] == ["Frame", "Note", "Frame"]
    first, _, second = grouped
    assert isinstance(first, Frame) and isinstance(second, Frame)
    assert (first.viewer, first.place, len(first.events)) == ("Ben", "dm", 3)
    assert (second.viewer, second.place, second.channel) == ("Ana", "channel", "C0FRONTDESK")


def test_different_people_get_different_frames() -> None:
    events = [
        Shown("Mon 09:35", "Ana", "dm", {"text": "a"}),
        Shown("Mon 09:35", "Maria", "dm", {"text": "b"}),
        Shown("Fri 14:01", None, "channel", {"text": "pulse"}, channel="C0FRONTDESK"),
        Act("Fri 14:08", "Ana", "did", "answers", "channel"),
        Act("Fri 14:15", "Ben", "did", "answers", "channel"),
    ]
    grouped = frames(events, "C0FRONTDESK")
    assert [(g.viewer, g.place) for g in grouped if isinstance(g, Frame)] == [
        ("Ana", "dm"),
        ("Maria", "dm"),
        ("Ana", "channel"),  # the post, as Ana sees it when she answers
        ("Ben", "channel"),
    ]


def test_members_words_never_become_markup(tmp_path: Path) -> None:
    attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    items = [
        Moment(
            f"Title {attack}",
            [
                Act("Mon 13:30", "Ana", "posted", attack, "channel"),
                Act("Mon 13:31", "Ana", "did", attack, "channel"),
                Act("Mon 13:32", "Ana", "clicked", attack, "channel"),
                Shown("Mon 13:32", "Ana", "channel", {"text": attack}, ephemeral=True),
                Shown(
                    "Mon 13:33",
                    "Ana",
                    "channel",
                    {
                        "blocks": [
                            {"type": "header", "text": {"type": "plain_text", "text": attack}}
                        ]
                    },
                ),
                Note(attack),
            ],
        )
    ]
    page = render(tmp_path, items=items)
    tags = {n.tag for n in page.walk()}
    assert "script" not in tags
    assert not [n for n in page.find_all("img") if not n.attrs["src"].startswith("data:")]
    assert not [n for n in page.walk() if any(a.startswith("on") for a in n.attrs)]
    assert page.text().count("<script>alert(1)</script>") >= 6


def test_page_is_self_contained(tmp_path: Path) -> None:
    items = [
        Moment(
            "The chart",
            [
                Shown(
                    "Mon 14:01",
                    "Maria",
                    "dm",
                    {"text": "Pulse trend", "files": [{"id": "F0CHART", "title": "Trend"}]},
                ),
                Shown("Mon 14:02", "Maria", "dm", {"files": [{"id": "F0TEXT", "name": "a.txt"}]}),
            ],
        )
    ]
    page = render(tmp_path, items=items)
    head = page.find("head")
    policy = head.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in policy and "img-src data:" in policy
    css = head.find("style").text()
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert not page.find_all("link") and not page.find_all("script")
    chart = page.find("img", cls="file-image")
    assert chart.attrs["src"].startswith("data:image/png;base64,")
    assert base64.b64decode(chart.attrs["src"].split(",", 1)[1]) == PNG
    assert page.find(cls="file-chip").text().endswith("a.txt")  # not an image: named only


def test_data_uri_only_for_images() -> None:
    assert (data_uri(PNG) or "").startswith("data:image/png;base64,")
    assert data_uri(b"\xff\xd8\xff\xe0jpeg") == "data:image/jpeg;base64,/9j/4GpwZWc="
    assert data_uri(b"<svg onload=alert(1)>") is None


def test_terminal_transcript_keeps_its_lines_and_records_moments() -> None:
    out = Transcript(names=NAMES)
    out.console.quiet = True
    out.scene("Monday")
    out.person("Mon 10:35", "Ben", "clicks [ Took it ]", kind="clicked", text="Took it", place="dm")
    out.bot("Mon 10:35", "DM to Ben", NUDGE)
    out.bot("Mon 10:36", "only visible to you", {"text": "hi"})
    out.bot("Fri 14:01", "#front-desk", {"text": "pulse"})
    out.bot("Fri 14:02", "the form", MODAL, errors={"comment": "Patient details"})
    assert "Mon 10:35  Ben  clicks [ Took it ]" in out.text()
    assert "Mon 10:35  Balance Bot (DM to Ben):" in out.text()
    assert "  ⚠ Patient details" in out.text()
    shown = [e for e in out.moments[0].events if isinstance(e, Shown)]
    assert [(e.viewer, e.place, e.ephemeral) for e in shown] == [
        ("Ben", "dm", False),
        ("Ben", "channel", True),
        (None, "channel", False),
        ("Ben", "modal", False),
    ]
