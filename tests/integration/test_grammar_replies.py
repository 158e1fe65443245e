"""What `/balance` says back, end to end: the understood setting in the member's language, a
"Not what I meant" button that puts it back, and every problem in the member's language.

The sandbox clock starts Monday 2026-11-30 15:00 UTC (10:00 in New York, Ben's zone; 09:00 in
Chicago, Ana's; Ana's Slack locale is Spanish)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.integration.conftest import Bot, buttons, texts

TEAM = "T0SANDBOX"


def _say(bot: Bot, user: str, text: str) -> dict[str, Any]:
    reply = bot.sender.command(user, text)
    assert reply.status == 200
    return reply.payload()


def _click_undo(bot: Bot, user: str, reply: dict[str, Any]) -> dict[str, Any]:
    [undo] = [b for b in buttons(reply) if b["action_id"] == "balance.run.undo"]
    before = len(bot.slack.responses())
    answer = bot.sender.block_action(user, undo["action_id"], undo["value"], channel_id="C0FRONT")
    assert answer.status == 200
    bot.slack.wait_for(lambda: len(bot.slack.responses()) > before, timeout=5)
    return dict(bot.slack.responses()[-1]["body"])


def test_a_short_shift_is_a_day_shift_said_back_with_a_way_back(http_bot: Bot) -> None:
    bot = http_bot
    _say(bot, "U0BEN", "shift mon-fri 8-5")
    reply = _say(bot, "U0BEN", "shift sat 9-1")  # issue 15: this was 09:00-01:00
    assert "Got it: Sat 9:00 AM–1:00 PM." in texts(reply)
    assert "Mon–Fri 8:00 AM–5:00 PM; Sat 9:00 AM–1:00 PM" in texts(reply)
    assert "America/New_York" in texts(reply)
    [undo] = [b for b in buttons(reply) if b["action_id"] == "balance.run.undo"]
    assert undo["text"]["text"] == "Not what I meant"
    assert undo["value"] == "undo shift sat off"

    answer = _click_undo(bot, "U0BEN", reply)
    assert "Undone" in texts(answer) and "am/pm" in texts(answer)
    assert not [b for b in buttons(answer) if b["action_id"] == "balance.run.undo"]
    stored = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert stored.schedule is not None and '"weekday":5' not in stored.schedule


def test_spanish_member_reads_everything_in_spanish(http_bot: Bot) -> None:
    bot = http_bot
    reply = _say(bot, "U0ANA", "turno sáb 9 a 1")
    assert "Entendido: sáb 9:00–13:00." in texts(reply)
    assert buttons(reply)[0]["text"]["text"] == "No es lo que quise decir"
    refused = texts(_say(bot, "U0ANA", "turno lun 5-9"))
    assert "podría ser 17:00–21:00 o 5:00–9:00" in refused
    assert "could" not in refused and "Examples" not in refused
    assert "almuerzo a las 13:00" in texts(_say(bot, "U0ANA", "almuerzo 1"))
    passed = texts(_say(bot, "U0ANA", "ausente hasta el 2020-01-01"))
    assert passed.startswith("El miércoles 1 de enero de 2020 ya pasó")
    assert "cada 30 minutos" in texts(_say(bot, "U0ANA", "pausas cada 5 min"))


def test_zone_abbreviations_are_the_zone_with_daylight_saving_said_back(http_bot: Bot) -> None:
    bot = http_bot
    reply = texts(_say(bot, "U0BEN", "tz CST"))
    assert "America/Chicago (Central Time, now 9:00 AM there)" in reply
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN").tz == "America/Chicago"
    reply = texts(_say(bot, "U0BEN", "tz MST"))
    assert "America/Denver" in reply and "America/Phoenix" in reply  # the Arizona caveat
    reply = texts(_say(bot, "U0BEN", "tz UTC-6"))
    assert "UTC-6" in reply and "daylight saving" in reply


def test_time_off_is_said_back_with_dates_and_has_a_horizon(http_bot: Bot) -> None:
    bot = http_bot
    reply = _say(bot, "U0BEN", "away dec 14-18")
    assert "from Monday, December 14 through Friday, December 18" in texts(reply)
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert (member.away_from, member.away_until) == (date(2026, 12, 14), date(2026, 12, 18))
    too_far = texts(_say(bot, "U0BEN", "away until 9999-12-31"))
    assert "up to a year ahead" in too_far
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN").away_until == date(2026, 12, 18)
    answer = _click_undo(bot, "U0BEN", reply)  # back to no time off at all
    assert "Undone" in texts(answer)
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN").away_until is None


def test_back_when_not_away_says_so(http_bot: Bot) -> None:
    bot = http_bot
    assert "weren't away" in texts(_say(bot, "U0BEN", "back"))
    _say(bot, "U0BEN", "away until friday")
    assert "Welcome back" in texts(_say(bot, "U0BEN", "back"))


def test_lunch_alone_and_several_break_settings_at_once(http_bot: Bot) -> None:
    bot = http_bot
    assert "1:00 PM for 30 minutes" in texts(_say(bot, "U0BEN", "lunch 1"))
    reply = texts(_say(bot, "U0BEN", "breaks every hour, lunch 12-1"))
    assert "every 60 minutes" in reply and "12:00 PM for 60 minutes" in reply
