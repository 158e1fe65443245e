"""Shifts and break nudges end to end: `/balance shift`, the planner, the DM with its buttons,
snooze, DND and presence — over real sockets, in HTTP mode and in Socket Mode."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.features.breaks.service import member_stagger
from bot.schedule import slot_name
from tests.integration.conftest import Bot, buttons, texts

TEAM = "T0SANDBOX"
# The clock starts Monday 2026-11-30 15:00 UTC = 10:00 in New York (Ben's zone). With a
# 08:00-17:00 shift and a nudge every 90 minutes, the next break is at 11:00 New York time.
BREAK_AT = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
AFTER_STAGGER = BREAK_AT + timedelta(minutes=6)
# Its outbox key names the instant it is due: 11:00 plus Ben's stagger (under 5 minutes).
SLOT = slot_name("break", BREAK_AT + member_stagger(TEAM, "U0BEN"))
KEY = f"nudge:{TEAM}:U0BEN:2026-11-30:{SLOT}"


def _dms(bot: Bot, user: str = "U0BEN") -> list[dict[str, Any]]:
    return bot.slack.messages(user)


def _with_shift(bot: Bot, user: str = "U0BEN") -> None:
    reply = bot.sender.command(user, "shift mon-fri 08:00-17:00")
    assert reply.status == 200
    assert "Mon–Fri 8:00 AM–5:00 PM" in texts(reply.payload())


def _first_nudge(bot: Bot) -> dict[str, Any]:
    _with_shift(bot)
    bot.tick()
    assert _dms(bot) == []  # planned, not yet due
    bot.clock.set(AFTER_STAGGER)
    bot.tick()
    [nudge] = _dms(bot)
    return nudge


def _click(bot: Bot, nudge: dict[str, Any], action_id: str) -> None:
    [value] = {b["value"] for b in buttons(nudge)}
    reply = bot.sender.block_action(
        "U0BEN", action_id, value, message=nudge, channel_id=nudge["channel"]
    )
    assert reply.status == 200


def test_shift_then_one_nudge_with_five_buttons_at_the_right_local_time(bot: Bot) -> None:
    nudge = _first_nudge(bot)
    assert [b["action_id"] for b in buttons(nudge)] == [
        "breaks.took_it",
        "breaks.snooze.10",
        "breaks.snooze.15",
        "breaks.snooze.30",
        "breaks.skip",
    ]
    key = buttons(nudge)[0]["value"]
    assert key == KEY
    row = bot.store.outbox.by_key(key)
    local_due = row.due_at.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
    assert (local_due.hour, local_due.minute // 10) == (11, 0)  # 11:00-11:05 (staggered)
    assert nudge["metadata"]["event_payload"]["delivery_id"] == key
    for _ in range(3):  # more ticks never send it again
        bot.tick()
    assert len(_dms(bot)) == 1


def test_took_it_updates_the_message_and_is_logged(bot: Bot) -> None:
    nudge = _first_nudge(bot)
    _click(bot, nudge, "breaks.took_it")
    bot.slack.wait_for("chat.update", count=1, timeout=5)
    [updated] = _dms(bot)
    assert buttons(updated) == []
    assert "Enjoy the reset" in texts(updated)
    counts = bot.store.nudges.counts(
        team_id=TEAM, user_id="U0BEN", start=date(2026, 11, 30), end=date(2026, 12, 6)
    )
    assert counts["took_it"] == 1


def test_skip_is_logged_and_shown(bot: Bot) -> None:
    nudge = _first_nudge(bot)
    _click(bot, nudge, "breaks.skip")
    bot.slack.wait_for("chat.update", count=1, timeout=5)
    assert "Skipped this one" in texts(_dms(bot)[0])
    assert (
        bot.store.nudges.outcome(
            team_id=TEAM, user_id="U0BEN", local_date=date(2026, 11, 30), slot=SLOT
        )
        == "skipped"
    )


def test_snooze_sends_exactly_one_more_nudge_after_n_minutes(bot: Bot) -> None:
    nudge = _first_nudge(bot)
    _click(bot, nudge, "breaks.snooze.10")
    _click(bot, nudge, "breaks.snooze.10")  # a double click schedules nothing more
    bot.slack.wait_for("chat.update", count=2, timeout=5)
    assert "10" in texts(_dms(bot)[0])
    bot.clock.advance(timedelta(minutes=9))
    bot.tick()
    assert len(_dms(bot)) == 1
    bot.clock.advance(timedelta(minutes=1))
    bot.tick()
    bot.tick()
    dms = _dms(bot)
    assert len(dms) == 2
    again = buttons(dms[1])
    assert len(again) == 5
    assert again[0]["value"] == f"{KEY}:snooze10"


def test_dnd_defers_until_it_ends(bot: Bot) -> None:
    _with_shift(bot)
    bot.tick()
    dnd_end = BREAK_AT + timedelta(minutes=10)
    bot.slack.set_dnd(
        "U0BEN",
        True,
        next_dnd_start_ts=int((BREAK_AT - timedelta(hours=1)).timestamp()),
        next_dnd_end_ts=int(dnd_end.timestamp()),
    )
    bot.clock.set(AFTER_STAGGER)
    bot.tick()
    assert _dms(bot) == []
    bot.clock.set(dnd_end + timedelta(seconds=30))
    bot.tick()
    assert len(_dms(bot)) == 1


def test_dnd_past_the_nudge_validity_expires_it(bot: Bot) -> None:
    _with_shift(bot)
    bot.tick()
    bot.slack.set_dnd(
        "U0BEN",
        True,
        next_dnd_start_ts=int((BREAK_AT - timedelta(hours=1)).timestamp()),
        next_dnd_end_ts=int((BREAK_AT + timedelta(hours=1)).timestamp()),
    )
    bot.clock.set(AFTER_STAGGER)
    bot.tick()
    bot.clock.set(BREAK_AT + timedelta(hours=1, minutes=1))
    bot.tick()
    assert _dms(bot) == []
    key = KEY
    assert bot.store.outbox.by_key(key).status == "expired"


def test_away_presence_is_a_natural_break(bot: Bot) -> None:
    _with_shift(bot)
    bot.tick()
    bot.slack.set_presence("U0BEN", "away")
    bot.clock.set(AFTER_STAGGER)
    bot.tick()
    assert _dms(bot) == []
    key = KEY
    assert bot.store.outbox.by_key(key).status == "skipped"
    assert (
        bot.store.nudges.outcome(
            team_id=TEAM, user_id="U0BEN", local_date=date(2026, 11, 30), slot=SLOT
        )
        == "natural"
    )


def test_bad_shift_input_explains_and_stores_nothing(bot: Bot) -> None:
    for text in ("shift mon-fri 8-late", "shift 08:00-17:00", "shift funday 08:00-17:00", "shift"):
        reply = bot.sender.command("U0BEN", text)
        assert reply.status == 200
        body = texts(reply.payload())
        assert "/balance shift mon-fri 8am-5pm" in body
        assert "Traceback" not in body
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert member.schedule is None


def test_shift_clear_and_breaks_off_stop_nudges(bot: Bot) -> None:
    _with_shift(bot)
    bot.tick()
    assert "cleared" in texts(bot.sender.command("U0BEN", "shift clear").payload())
    bot.clock.set(AFTER_STAGGER)
    bot.tick()
    assert _dms(bot) == []  # the queued nudge no longer fits the (empty) week


def test_tz_breaks_away_back_commands(http_bot: Bot) -> None:
    bot = http_bot
    assert "Europe/Madrid" in texts(bot.sender.command("U0BEN", "tz europe/madrid").payload())
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert (member.tz, member.tz_override) == ("Europe/Madrid", True)
    bad = texts(bot.sender.command("U0BEN", "tz Mars/Olympus").payload())
    assert "Mars/Olympus" in bad and "America/Chicago" in bad
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN").tz == "Europe/Madrid"

    assert "60 minutes" in texts(bot.sender.command("U0BEN", "breaks every 60m").payload())
    assert "12:30" in texts(bot.sender.command("U0BEN", "breaks lunch 12:30 30m").payload())
    assert "off" in texts(bot.sender.command("U0BEN", "breaks off").payload())
    assert "on" in texts(bot.sender.command("U0BEN", "breaks on").payload())
    bad = texts(bot.sender.command("U0BEN", "breaks every 5m").payload())
    assert "out of range" in bad and "/balance breaks every 90m" in bad

    assert "December 2" in texts(bot.sender.command("U0BEN", "away until 2026-12-02").payload())
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert (member.away_from, member.away_until) == (date(2026, 11, 30), date(2026, 12, 2))
    bad = texts(bot.sender.command("U0BEN", "away until someday").payload())
    assert "/balance away until" in bad
    assert "Welcome back" in texts(bot.sender.command("U0BEN", "back").payload())
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert (member.away_from, member.away_until) == (None, None)


def test_away_member_gets_no_nudges(http_bot: Bot) -> None:
    bot = http_bot
    _with_shift(bot)
    bot.sender.command("U0BEN", "away until 2026-12-02")
    bot.tick()
    bot.clock.set(AFTER_STAGGER)
    bot.tick()
    assert _dms(bot) == []


def test_spanish_member_gets_spanish_nudge(http_bot: Bot) -> None:
    bot = http_bot
    reply = bot.sender.command("U0ANA", "shift lun-vie 08:00-17:00")
    assert "Entendido: lun a vie 8:00–17:00" in texts(reply.payload())
    # Chicago: 08:00 + 90 min × 3 = 12:30 local = 18:30 UTC.
    bot.clock.set(datetime(2026, 11, 30, 18, 36, tzinfo=UTC))
    bot.tick()
    [nudge] = _dms(bot, "U0ANA")
    assert [b["text"]["text"] for b in buttons(nudge)][0] == "La tomé"


def test_status_shows_shifts_and_home_shows_the_week(http_bot: Bot) -> None:
    bot = http_bot
    nudge = _first_nudge(bot)
    assert "Mon–Fri 8:00 AM–5:00 PM" in texts(bot.sender.command("U0BEN", "status").payload())
    bot.idle()
    published = len(bot.slack.views_published("U0BEN"))
    _click(bot, nudge, "breaks.took_it")
    bot.slack.wait_for("chat.update", count=1, timeout=5)
    bot.idle()
    # The click alone published Home again, with the break counted.
    homes = bot.slack.views_published("U0BEN")
    assert len(homes) == published + 1 and "Breaks taken: *1*" in texts(homes[-1])
    bot.sender.event(
        {"type": "app_home_opened", "user": "U0BEN", "channel": "D0BEN", "tab": "home"}
    )
    bot.slack.wait_for("views.publish", count=published + 2, timeout=5)
    assert "Breaks taken: *1*" in texts(bot.slack.views_published("U0BEN")[-1])


def test_a_forged_click_on_someone_elses_nudge_changes_nothing(http_bot: Bot) -> None:
    bot = http_bot
    nudge = _first_nudge(bot)
    value = buttons(nudge)[0]["value"]
    reply = bot.sender.block_action("U0ANA", "breaks.snooze.10", value, message=nudge)
    assert reply.status == 200
    assert bot.store.outbox.by_key(value + ":snooze10") is None
    assert bot.store.nudges.counts(
        team_id=TEAM, user_id="U0BEN", start=date(2026, 11, 30), end=date(2026, 12, 6)
    ) == {"took_it": 0, "snoozed": 0, "skipped": 0, "natural": 0}
