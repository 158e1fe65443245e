"""Slack delivers some things more than once: Events API retries (`X-Slack-Retry-Num` 1–3, also
while the first delivery is still being handled), the same post as two events (`message` and
`app_mention`), and people double-clicking. Each is handled exactly once. Runs in HTTP mode and
Socket Mode."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.schedule import ShiftRule, WeeklySchedule, to_json
from bot.store.tables import metadata
from tests.integration.conftest import Bot, buttons

TEAM, CHANNEL = "T0SANDBOX", "C0FRONTDESK"
MON_EVENING = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # Ana (Chicago) is off shift
AFTER_STAGGER = datetime(2026, 11, 30, 16, 6, tzinfo=UTC)  # Ben's first break is due


def off_shift_ana(bot: Bot) -> None:
    rules = tuple(ShiftRule(weekday=d, start=time(8), end=time(17)) for d in range(5))
    bot.store.members.update(
        team_id=TEAM,
        user_id="U0ANA",
        now=bot.clock.now(),
        tz="America/Chicago",
        lang="es",
        schedule=to_json(WeeklySchedule(rules=rules)),
    )
    bot.clock.set(MON_EVENING)


def mention(text: str = "<@U0ANA> can you call the lab?", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": CHANNEL,
        "user": "U0BEN",
        "text": text,
        "ts": f"{MON_EVENING.timestamp():.6f}",
        "channel_type": "channel",
        "client_msg_id": secrets.token_hex(8),
        **extra,
    }


def table_counts(bot: Bot) -> dict[str, int]:
    with bot.store.engine.connect() as conn:
        return {
            name: int(conn.scalar(select(func.count()).select_from(t)) or 0)
            for name, t in metadata.tables.items()
        }


def notices(bot: Bot) -> list[dict[str, Any]]:
    return bot.slack.ephemerals(CHANNEL, "U0BEN")


@pytest.mark.parametrize("retries", [1, 2, 3])
def test_each_events_api_retry_is_handled_once(bot: Bot, retries: int) -> None:
    off_shift_ana(bot)
    event, event_id = mention(), f"Ev0RETRY{retries}"
    assert bot.sender.event(event, event_id=event_id).status == 200
    for n in range(1, retries + 1):
        reply = bot.sender.event(event, event_id=event_id, retry_num=n, retry_reason="http_timeout")
        assert reply.status == 200  # acknowledged, so Slack stops retrying
    bot.idle()
    assert len(notices(bot)) == 1
    assert bot.runtime.deps.metrics.duplicate_events._value.get() == retries


def test_retries_arriving_while_the_first_is_still_running_are_handled_once(bot: Bot) -> None:
    """On `http_timeout` Slack retries after 3 s even if the first delivery is still running."""
    off_shift_ana(bot)
    event = mention()
    with ThreadPoolExecutor(4) as pool:
        replies = list(
            pool.map(
                lambda n: bot.sender.event(event, event_id="Ev0RACE", retry_num=n or None), range(4)
            )
        )
    assert [r.status for r in replies] == [200] * 4
    bot.idle()
    assert len(notices(bot)) == 1


def test_a_retry_whose_first_delivery_never_arrived_is_handled(bot: Bot) -> None:
    """Deduplication is by event_id, not by the retry header: dropping every retry would lose
    the event whenever the first delivery failed to arrive."""
    off_shift_ana(bot)
    assert bot.sender.event(mention(), event_id="Ev0LATE", retry_num=2).status == 200
    bot.slack.wait_for(lambda: notices(bot), timeout=5)
    bot.idle()
    assert len(notices(bot)) == 1


def test_the_same_post_as_message_and_app_mention_gives_one_notice(bot: Bot) -> None:
    off_shift_ana(bot)
    text = "<@U0BALANCE> <@U0ANA> please check the fax"
    post = mention(text)
    as_mention = {k: v for k, v in post.items() if k != "channel_type"} | {"type": "app_mention"}
    assert bot.sender.event(post, event_id="Ev0TWICE1").status == 200
    assert bot.sender.event(as_mention, event_id="Ev0TWICE2").status == 200
    assert bot.sender.event(post, event_id="Ev0TWICE1", retry_num=1).status == 200
    bot.idle()
    assert len(notices(bot)) == 1


def test_home_opened_and_profile_changes_retried_are_applied_once(bot: Bot) -> None:
    home = {"type": "app_home_opened", "user": "U0BEN", "tab": "home", "channel": "D0BEN"}
    for n in (None, 1, 2, 3):
        assert bot.sender.event(home, event_id="Ev0HOME", retry_num=n).status == 200
    bot.idle()
    assert len(bot.slack.views_published("U0BEN")) == 1

    assert bot.sender.command("U0BEN", "status").status == 200  # Ben uses the bot
    change = {
        "type": "user_change",
        "user": {"id": "U0BEN", "team_id": TEAM, "tz": "Asia/Tokyo", "locale": "en-US"},
    }
    for n in (None, 1, 2, 3):
        assert bot.sender.event(change, event_id="Ev0TZ", retry_num=n).status == 200
    bot.idle()
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN").tz == "Asia/Tokyo"
    with bot.store.engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(metadata.tables["processed_events"]))
    assert rows == 2


@pytest.mark.parametrize(
    "text",
    [
        "shift mon-fri 08:00-17:00",
        "shift sat 09:00-13:00",
        "breaks lunch 12:30 30m",
        "breaks every 60m",
        "level senior",
        "away until 2026-12-24",
        "quiet self on",
        "tz America/Denver",
        "lang es",
    ],
)
def test_a_double_clicked_command_is_applied_once(bot: Bot, text: str) -> None:
    """Slack gives a slash command no id, so the same words twice must mean the same state:
    every command sets a value rather than adding one."""
    assert bot.sender.command("U0BEN", "status").status == 200
    with ThreadPoolExecutor(2) as pool:
        twice = list(pool.map(lambda _: bot.sender.command("U0BEN", text), range(2)))
    assert [r.status for r in twice] == [200, 200]
    after_two = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    counts_two = table_counts(bot)
    assert bot.sender.command("U0BEN", text).status == 200  # a third time changes nothing
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN") == after_two
    assert table_counts(bot) == counts_two


def test_double_clicked_nudge_buttons_are_applied_once(bot: Bot) -> None:
    assert bot.sender.command("U0BEN", "shift mon-fri 08:00-17:00").status == 200
    bot.tick()
    bot.clock.set(AFTER_STAGGER)
    bot.tick()
    [nudge] = bot.slack.messages("U0BEN")
    value = buttons(nudge)[0]["value"]

    def click(action_id: str) -> int:
        return bot.sender.block_action(
            "U0BEN", action_id, value, message=nudge, channel_id=nudge["channel"]
        ).status

    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(click, ["breaks.snooze.10"] * 3)) == [200] * 3
    snoozed = [r for r in pending_rows(bot) if r["dedupe_key"].startswith(value + ":")]
    assert len(snoozed) == 1
    bot.clock.advance(timedelta(minutes=11))
    bot.tick()
    bot.idle()
    assert len(bot.slack.messages("U0BEN")) == 2  # the nudge and its one snoozed repeat
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(click, ["breaks.took_it"] * 2)) == [200, 200]
    with bot.store.engine.connect() as conn:
        logged = conn.scalar(select(func.count()).select_from(metadata.tables["nudge_log"]))
    assert logged == 1


def pending_rows(bot: Bot) -> list[Any]:
    outbox = metadata.tables["outbox"]
    with bot.store.engine.connect() as conn:
        return list(conn.execute(select(outbox)).mappings())
