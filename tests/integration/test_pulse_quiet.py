"""The pulse reminder respects each member's hours, end to end through the sandbox: a member
whose shift starts at 14:00 gets it at 14:00 their time, not at the workspace's morning; a member
whose reminder would fall on their day off gets none; members without shifts get it inside the
working hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.integration.conftest import Bot, buttons, texts
from tests.integration.test_pulse import CHANNEL, STAFF, _add_staff, _setup_values, view_text

# The clock starts Monday 2026-11-30 15:00 UTC. The pulse opens Wednesday 09:00 in Chicago
# (15:00 UTC) for 48 hours, so its reminder is due Thursday 09:00 (15:00 UTC) and it closes
# Friday 09:00 (15:00 UTC).
OPENS = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
REMIND = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
AFTERNOON = "U0ANA"  # shift mon-fri 14:00-22:00, Spanish
THURSDAY_OFF = "U0BEN"  # shift mon-wed and fri 08:00-17:00: Thursday is a day off
NO_SHIFTS = ["U0CAM", "U0DEE", "U0EVA", "U0FAY"]


def _option(value: str) -> dict[str, Any]:
    return {"value": value}


def _set_up(bot: Bot) -> None:
    assert bot.sender.command("U0MGR", "pulse setup").status == 200
    modal = bot.slack.views_opened()[-1]
    values = _setup_values(
        day={"value": {"type": "static_select", "selected_option": _option("2")}},
        time={"value": {"type": "timepicker", "selected_time": "09:00"}},
        open_hours={"value": {"type": "static_select", "selected_option": _option("48")}},
    )
    ack = bot.sender.view_submission("U0MGR", modal, values, callback_id="pulse.setup").payload()
    assert ack["response_action"] == "update", ack
    assert "Wednesday at 09:00" in view_text(ack["view"])


def _dms(bot: Bot) -> dict[str, list[str]]:
    return {u: [texts(m) for m in bot.slack.messages(u)] for u in STAFF}


def _at(bot: Bot, moment: datetime) -> None:
    bot.clock.set(moment)
    bot.tick()
    bot.tick()


def test_the_reminder_waits_for_each_members_shift(bot: Bot) -> None:
    _add_staff(bot)
    for user in (AFTERNOON, "U0MGR"):  # Maria, who gets the results, works afternoons too
        for command in ("tz America/Chicago", "shift mon-fri 14:00-22:00"):
            assert bot.sender.command(user, command).status == 200
    for command in ("tz America/Chicago", "shift mon-wed 08:00-17:00", "shift fri 08:00-17:00"):
        assert bot.sender.command(THURSDAY_OFF, command).status == 200
    _set_up(bot)
    _at(bot, OPENS + timedelta(seconds=30))
    [poll] = [m for m in bot.slack.messages(CHANNEL) if buttons(m)]
    # The channel reads it in many zones: the close carries its zone.
    assert "It closes on Friday at 9:00 AM CST." in texts(poll)

    # Thursday 09:00 in Chicago: those without shifts are inside the working hours.
    _at(bot, REMIND + timedelta(seconds=30))
    dms = _dms(bot)
    for user in NO_SHIFTS:
        [reminder] = dms[user]
        assert "friendly reminder" in reminder and "tomorrow at 9:00 AM" in reminder
    assert dms[AFTERNOON] == [] and dms[THURSDAY_OFF] == []

    # Not at the workspace's morning, nor a minute before her shift: at 14:00 her time.
    _at(bot, datetime(2026, 12, 3, 19, 59, tzinfo=UTC))
    assert _dms(bot)[AFTERNOON] == []
    _at(bot, datetime(2026, 12, 3, 20, 0, 30, tzinfo=UTC))
    [reminder] = _dms(bot)[AFTERNOON]
    assert "Te recordamos que" in reminder and "mañana a las 9:00" in reminder

    # Thursday is Ben's day off; his next shift (Friday 08:00) is the round's last hour, too
    # late for a reminder: he gets none, then or later.
    for moment in (datetime(2026, 12, 4, 14, 0, 30, tzinfo=UTC), CLOSES + timedelta(minutes=1)):
        _at(bot, moment)
        assert _dms(bot)[THURSDAY_OFF] == []
    assert all(len(_dms(bot)[u]) == 1 for u in [AFTERNOON, *NO_SHIFTS])  # once each

    # The results wait for Maria's shift too: Friday 14:00 in Chicago, not the 09:00 close.
    def results() -> list[str]:
        return [t for t in _dms(bot)["U0MGR"] if "pulse results" in t.lower()]

    assert results() == []
    _at(bot, datetime(2026, 12, 4, 19, 59, tzinfo=UTC))
    assert results() == []
    _at(bot, datetime(2026, 12, 4, 20, 0, 30, tzinfo=UTC))
    assert len(results()) == 1
