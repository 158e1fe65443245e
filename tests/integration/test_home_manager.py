"""The manager's section of App Home over real HTTP: a named manager sees the last weeks of the
pulse as a table (figures only for weeks at or above the threshold), a plain member sees no
trace of it, and "Send me the chart" uploads the trend chart to the reader's DM only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.integration.conftest import Bot, buttons, texts
from tests.integration.test_home import _open_home
from tests.integration.test_pulse import (
    CAN_ANSWER,
    CHANNEL,
    OPENS,
    _add_staff,
    _answer,
    _close,
    _good,
    _set_up,
)

BOSS = "U0BOSS"  # a manager an admin named; not a Slack admin, not in the pulse's set-up


def _with_manager(bot: Bot) -> None:
    _add_staff(bot)
    bot.slack.add_user(BOSS, name="boss", tz="America/Chicago")
    assert bot.sender.command("U0MGR", f"admin managers <@{BOSS}|boss>").status == 200
    _set_up(bot)


def _week(bot: Bot, week: int, answering: list[str], workload: int) -> None:
    start = OPENS + timedelta(weeks=week)
    bot.clock.set(start + timedelta(seconds=30))
    bot.tick()
    [post] = [m for m in bot.slack.messages(CHANNEL) if buttons(m)]
    for user in answering:
        assert _answer(bot, user, post, _good(workload))["response_action"] == "update"
    _close(bot, start + timedelta(hours=72))


def _row(home: dict[str, Any], label: str) -> list[str]:
    """The cells of one row of the pulse table (the label first, split off)."""
    table = texts({"blocks": home["blocks"]})
    [line] = [x for x in table.splitlines() if x.startswith(label + " ")]
    return line.removeprefix(label).split("  ")


def _cells(home: dict[str, Any], label: str) -> list[str]:
    return [c.strip() for c in _row(home, label) if c.strip()]


def _actions(home: dict[str, Any]) -> list[str]:
    return [b["action_id"] for b in buttons({"blocks": home["blocks"]})]


def test_a_named_manager_sees_weeks_above_the_threshold_and_dashes_below(http_bot: Bot) -> None:
    bot = http_bot
    _with_manager(bot)
    _week(bot, 0, CAN_ANSWER[:5], workload=4)  # 5 of 6 answered: at the threshold
    _week(bot, 1, CAN_ANSWER[:3], workload=1)  # 3 of 6: below it, no figures
    home = _open_home(bot, BOSS)
    text = texts({"blocks": home["blocks"]})
    assert "Team pulse" in text and "last 2 weeks" in text
    assert _cells(home, "Week") == ["W49", "W50"]
    assert _cells(home, "Workload") == ["4.0", "–"]
    assert _cells(home, "Stress") == ["3.0", "–"]
    assert _cells(home, "Breaks") == ["4.0", "–"]
    assert _cells(home, "Answered") == ["5 of 6", "3 of 6"]
    assert "1.0" not in text  # the week below the threshold leaks no figure
    assert "Team signals" not in text  # the newest round is below the threshold
    # One week with figures draws no chart; set-up is offered to a manager.
    assert "pulse.home.chart" not in _actions(home)
    assert "balance.run.pulse.setup" in _actions(home)


def test_a_plain_member_sees_no_manager_section(http_bot: Bot) -> None:
    bot = http_bot
    _with_manager(bot)
    _week(bot, 0, CAN_ANSWER[:5], workload=4)
    home = _open_home(bot, "U0ANA")
    text = texts({"blocks": home["blocks"]})
    assert "Team pulse" not in text and "Workload" not in text and "4.0" not in text
    assert not [b for b in home["blocks"] if str(b.get("block_id", "")).startswith("pulse_")]
    assert not {"pulse.home.chart", "balance.run.pulse.setup"} & set(_actions(home))


def test_send_me_the_chart_uploads_it_to_the_readers_dm_only(http_bot: Bot) -> None:
    bot = http_bot
    _with_manager(bot)
    _week(bot, 0, CAN_ANSWER[:5], workload=4)
    _week(bot, 1, CAN_ANSWER[:5], workload=2)
    home = _open_home(bot, BOSS)
    assert _cells(home, "Workload") == ["4.0", "2.0"]
    [chart] = [
        b for b in buttons({"blocks": home["blocks"]}) if b["action_id"] == "pulse.home.chart"
    ]
    assert chart["value"] == CHANNEL
    assert "can't show the chart image" in texts({"blocks": home["blocks"]})

    # Someone who may not read the results gets nothing, even with a forged click.
    before = len(bot.slack.uploads())
    assert bot.sender.block_action("U0ANA", "pulse.home.chart", CHANNEL, view=home).status == 200
    bot.idle()
    assert len(bot.slack.uploads()) == before
    assert not [m for m in bot.slack.messages("U0ANA") if "chart" in texts(m)]

    assert bot.sender.block_action(BOSS, "pulse.home.chart", CHANNEL, view=home).status == 200
    bot.slack.wait_for(lambda: len(bot.slack.uploads()) > before, timeout=5)
    bot.idle()
    [upload] = bot.slack.uploads()[before:]
    assert upload["data"][:8] == b"\x89PNG\r\n\x1a\n"
    assert upload["completed"] and upload["channels"] == [bot.slack.dm_channel_id(BOSS)]
    assert "Workload: 4.0 → 2.0" in upload["alt_txt"]
