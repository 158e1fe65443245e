"""App Home by state, over real HTTP and Socket Mode: a new member is walked from nothing to set
up — a three-step start whose buttons open the settings form on the right field, each step
marked done as it is, then today's plan — and every change, wherever it is made, publishes
Home again after the ack."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.conftest import Bot, texts
from tests.integration.test_settings import LEVEL, SHIFTS, _submit

TEAM = "T0SANDBOX"
STEP_BLOCKS = ("home_step_level", "home_step_shifts", "home_step_breaks")


def _open_home(bot: Bot, user: str) -> dict[str, Any]:
    before = len(bot.slack.views_published(user))
    event = {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"}
    assert bot.sender.event(event).status == 200
    return _home_after(bot, user, before)


def _home_after(bot: Bot, user: str, before: int) -> dict[str, Any]:
    """The Home published after `before` publishes had been recorded for `user`."""
    bot.slack.wait_for(lambda: len(bot.slack.views_published(user)) > before, timeout=5)
    bot.idle()
    published = bot.slack.views_published(user)
    assert len(published) == before + 1  # one publish per change, not one per listener
    return published[-1]


def _block(home: dict[str, Any], block_id: str) -> dict[str, Any]:
    [block] = [b for b in home["blocks"] if b.get("block_id") == block_id]
    return dict(block)


def _ids(home: dict[str, Any]) -> set[str]:
    return {str(b.get("block_id")) for b in home["blocks"]}


def _step(home: dict[str, Any], step: str) -> str:
    return str(_block(home, f"home_step_{step}")["text"]["text"])


def _click_step(bot: Bot, user: str, home: dict[str, Any], step: str) -> dict[str, Any]:
    button = _block(home, f"home_step_{step}")["accessory"]
    opened = len(bot.slack.views_opened())
    reply = bot.sender.block_action(user, button["action_id"], button["value"], view=home)
    assert reply.status == 200
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) > opened, timeout=5)
    return bot.slack.views_opened()[-1]


def _focused(view: dict[str, Any]) -> list[str]:
    return [
        b["block_id"]
        for b in view["blocks"]
        if b.get("type") == "input" and b["element"].get("focus_on_load")
    ]


def test_a_new_member_is_walked_from_nothing_to_set_up(bot: Bot) -> None:
    home = _open_home(bot, "U0BEN")
    assert "Get set up in three steps" in texts(home)
    assert {"home_today", "home_settings"}.isdisjoint(_ids(home))
    assert "_To do_" in _step(home, "level") and "_To do_" in _step(home, "shifts")
    assert "_Optional_" in _step(home, "breaks")

    # Step 1 opens the settings form on the level; saving it marks step 1 done on Home.
    view = _click_step(bot, "U0BEN", home, "level")
    assert view["callback_id"] == "settings" and _focused(view) == [LEVEL]
    assert json.loads(view["private_metadata"]) == {"origin": "home"}
    published = len(bot.slack.views_published("U0BEN"))
    assert _submit(bot, view, {LEVEL: "mid"}).payload() == {}
    home = _home_after(bot, "U0BEN", published)
    assert ":white_check_mark:" in _step(home, "level") and "Mid" in _step(home, "level")
    assert "_Done_" in _step(home, "level") and "_To do_" in _step(home, "shifts")
    assert "home_today" not in _ids(home)

    # Step 2's button opens the same form on the shifts.
    assert _focused(_click_step(bot, "U0BEN", home, "shifts")) == [SHIFTS]
    # Typing the shifts instead: the command is answered at once, then Home shows today's plan
    # (Monday 10:00 in New York, on shift 9-5).
    published = len(bot.slack.views_published("U0BEN"))
    reply = bot.sender.command("U0BEN", "shift mon-fri 9-5")
    assert reply.status == 200 and "Mon" in texts(reply.payload())
    home = _home_after(bot, "U0BEN", published)
    assert not set(STEP_BLOCKS) & _ids(home)
    today = _block(home, "home_today")["text"]["text"]
    assert (
        "Next nudge:* 10:33 AM" in today
    )  # 9:00 + 90 min + his stagger and "Shift ends:* 5:00 PM" in today
    week = _block(home, "breaks_week")["text"]["text"]
    assert "No break nudges yet this week." in week and "/balance shift" not in week
    assert "Tip of the day" in texts(home)
    settings = _block(home, "home_settings")["text"]["text"]
    assert "Mid" in settings and "Mon–Fri" in settings

    # A command that changes nothing publishes nothing.
    published = len(bot.slack.views_published("U0BEN"))
    assert bot.sender.command("U0BEN", "tip").status == 200
    bot.idle()
    assert len(bot.slack.views_published("U0BEN")) == published

    # Lunch from the command line shows in today's plan.
    bot.sender.command("U0BEN", "breaks lunch 12:30")
    home = _home_after(bot, "U0BEN", published)
    assert "Lunch:* 12:30 PM" in _block(home, "home_today")["text"]["text"]


def test_a_spanish_speaking_member_sees_the_start_in_spanish(bot: Bot) -> None:
    home = _open_home(bot, "U0ANA")
    words = texts(home)
    assert "Configura todo en tres pasos" in words and "Get set up" not in words
    assert "1. Elige tu nivel" in _step(home, "level") and "_Pendiente_" in _step(home, "level")
    assert "2. Define tus turnos" in _step(home, "shifts")
    labels = {_block(home, b)["accessory"]["text"]["text"] for b in STEP_BLOCKS}
    assert labels == {"Elegir", "Configurar"}
    published = len(bot.slack.views_published("U0ANA"))
    bot.sender.command("U0ANA", "nivel senior")
    home = _home_after(bot, "U0ANA", published)
    assert "_Listo_" in _step(home, "level") and "*Nivel sénior*" in _step(home, "level")


def test_a_save_from_a_command_is_confirmed_in_that_conversation(bot: Bot) -> None:
    bot.sender.command("U0BEN", "level entry")
    bot.idle()
    reply = bot.sender.command("U0BEN", "settings")
    assert reply.status == 200 and reply.payload() == {}
    [view] = bot.slack.wait_for(bot.slack.views_opened, timeout=5)
    url = json.loads(view["private_metadata"])["response_url"]
    published = len(bot.slack.views_published("U0BEN"))
    assert _submit(bot, view, {SHIFTS: "mon-fri 08:00-16:00"}).payload() == {}
    bot.slack.wait_for(lambda: bot.slack.responses(url), timeout=5)
    [answer] = bot.slack.responses(url)
    assert answer["body"]["response_type"] == "ephemeral"
    assert "Saved." in texts(answer["body"])
    home = _home_after(bot, "U0BEN", published)  # and Home shows it too
    assert "home_today" in _ids(home)


def test_a_level_button_in_a_message_refreshes_home(http_bot: Bot) -> None:
    bot = http_bot
    published = len(bot.slack.views_published("U0BEN"))
    payload = bot.sender.command("U0BEN", "tip").payload()
    bot.idle()
    assert len(bot.slack.views_published("U0BEN")) == published
    reply = bot.sender.block_action(
        "U0BEN", "tips.level:senior", "senior", message={**payload, "ts": "1.0"}
    )
    assert reply.status == 200
    home = _home_after(bot, "U0BEN", published)
    assert "Senior" in _step(home, "level")


def test_home_is_skipped_quietly_when_slack_fails(http_bot: Bot) -> None:
    bot = http_bot
    bot.slack.fail_next("views.publish", count=3, status=500)  # the first try and 2 retries
    reply = bot.sender.command("U0BEN", "level mid")
    assert reply.status == 200 and "Mid" in texts(reply.payload())
    bot.idle()
    assert bot.slack.views_published("U0BEN") == []  # given up after the client's retries
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN").level == "mid"
    # The next change publishes again.
    bot.sender.command("U0BEN", "shift mon-fri 9-5")
    home = _home_after(bot, "U0BEN", 0)
    assert "home_today" in _ids(home)
