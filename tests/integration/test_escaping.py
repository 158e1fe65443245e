"""Member and admin text echoed into a message is inert: the urgent route in every off-shift
notice and in the admin's replies, an unknown `/balance` word, a value the grammar could not
read, a bad date, an unknown @name. Each goes through `blocks.user_text` into a verbatim text
object: no mention notifies, no link is made, no formatting applies."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Bot
from tests.integration.test_quiet import MON_EVENING, give_shifts, message, notices, post

HOSTILE = "<!channel> *URGENT* <https://evil.example|click> <@U0BEN> _x_ ~y~ `z`"
LIVE = (
    "<!channel>",
    "<!here>",
    "<https://",
    "<@U0BEN>",
    "*URGENT*",
    "`z`",
    "https://evil",
    "_boss_",
)


def text_objects(payload: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for block in payload.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            found.append(block["text"])
        for element in block.get("elements") or []:
            if element.get("type") == "mrkdwn":
                found.append(element)
    return found


def assert_inert(payload: dict[str, Any], marker: str) -> None:
    quoting = [t for t in text_objects(payload) if marker in t["text"]]
    assert quoting, f"the text was not echoed at all: {payload}"
    for obj in quoting:
        assert obj.get("verbatim") is True, obj
        for live in LIVE:
            assert live not in obj["text"], (live, obj["text"])
    for live in LIVE:
        assert live not in str(payload.get("text") or ""), live


def say(bot: Bot, user: str, words: str) -> dict[str, Any]:
    reply = bot.sender.command(user, words)
    assert reply.status == 200
    return reply.payload()


def test_the_urgent_route_is_inert_in_notices_and_replies(bot: Bot) -> None:
    route = f"call ext. 200 {HOSTILE}"
    assert_inert(say(bot, "U0MGR", f'admin urgent "{route}"'), "ext. 200")
    assert_inert(say(bot, "U0MGR", "admin urgent"), "ext. 200")
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    post(bot, message("U0BEN", "<@U0ANA> quick question"))
    [notice] = bot.slack.wait_for(lambda: notices(bot), timeout=5)
    assert_inert(notice, "ext. 200")


@pytest.mark.parametrize(
    ("words", "marker"),
    [
        ("<!here>now", "here"),  # an unknown first word
        (f"shift {HOSTILE}", "channel"),  # the grammar quotes what it could not read
        (f"tz {HOSTILE}", "channel"),
        (f"breaks {HOSTILE}", "channel"),
    ],
)
def test_what_a_member_typed_is_inert_in_the_reply(http_bot: Bot, words: str, marker: str) -> None:
    assert_inert(say(http_bot, "U0BEN", words), marker)


def test_admin_words_are_inert_in_the_reply(http_bot: Bot) -> None:
    assert_inert(say(http_bot, "U0MGR", "admin closed <!channel>*soon*"), "channel")
    assert_inert(say(http_bot, "U0MGR", "admin managers @_boss_"), "boss")
