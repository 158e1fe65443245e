"""forget-me withdraws from Slack what it still holds for or about the member — the notes
"Schedule for when they're back" asked Slack to post later, and any scheduled message naming
them that we hold no record of — before it deletes their rows. When Slack can't be reached,
the member is told it will finish shortly, and the outbox finishes it once Slack is back.
Checked against the sandbox's own list of scheduled messages, then by letting Slack post
everything still scheduled: nothing names the member."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_sdk import WebClient

from tests.integration.conftest import Bot, texts
from tests.integration.test_quiet import _click, _notice, upcoming_monday_evening
from tests.reliability.test_forget_me import rows_mentioning

TEAM, ANA, BEN, MARIA = "T0SANDBOX", "U0ANA", "U0BEN", "U0MGR"


def about(note: dict[str, Any], bot: Bot, user: str) -> bool:
    return f"<@{user}" in str(note) or note["channel_id"] == bot.slack.dm_channel_id(user)


def set_up_notes(bot: Bot) -> tuple[Any, WebClient]:
    """Ben schedules a note to Ana (it names Ben); an orphan note naming Ben that we hold no
    record of; and a note that is nobody's business here (to Maria, naming nobody)."""
    evening = upcoming_monday_evening()
    answer = _click(bot, _notice(bot, evening), "schedule")
    assert "Scheduled" in texts(answer)
    client = WebClient(base_url=bot.slack.api_url, token=bot.slack.bot_token)
    later = int((evening + timedelta(days=1)).timestamp())
    client.chat_scheduleMessage(
        channel=MARIA, post_at=later, text=f"<@{BEN}> asked about the fax line"
    )  # no record of it
    client.chat_scheduleMessage(channel=MARIA, post_at=later, text="Inventory is on Friday")
    assert len(bot.slack.scheduled_messages()) == 3
    return evening, client


def forget(bot: Bot, user: str) -> dict[str, Any]:
    before = len(bot.slack.responses())
    confirm = bot.sender.command(user, "forget-me").payload()
    reply = bot.sender.block_action(
        user,
        "forget.confirm",
        "confirm",
        message={**confirm, "channel": "C0FRONTDESK", "ts": "1764545400.000100"},
        channel_id="C0FRONTDESK",
    )
    assert reply.status == 200
    bot.slack.wait_for(lambda: len(bot.slack.responses()) > before, timeout=30)
    return bot.slack.responses()[-1]["body"]


def assert_nothing_left_about(bot: Bot, user: str, evening: Any) -> None:
    left = bot.slack.scheduled_messages()
    assert [n for n in left if about(n, bot, user)] == []
    assert [n["text"] for n in left] == ["Inventory is on Friday"]  # others' notes stay
    posted = bot.slack.deliver_scheduled(now=(evening + timedelta(days=3)).timestamp())
    assert [p for p in posted if f"<@{user}" in str(p)] == []
    assert rows_mentioning(bot.store, user) == {}


def test_forgetting_the_sender_withdraws_every_note_naming_them(bot: Bot) -> None:
    evening, _ = set_up_notes(bot)
    done = forget(bot, BEN)
    assert "Everything Balance Bot stored about you is deleted" in texts(done)
    assert_nothing_left_about(bot, BEN, evening)
    assert bot.slack.calls("chat.deleteScheduledMessage")


def test_forgetting_the_colleague_withdraws_the_notes_waiting_for_them(bot: Bot) -> None:
    evening, _ = set_up_notes(bot)
    forget(bot, ANA)
    left = bot.slack.scheduled_messages()
    assert [n for n in left if n["channel_id"] == bot.slack.dm_channel_id(ANA)] == []
    assert rows_mentioning(bot.store, ANA) == {}
    # Ben's orphan note (to Maria) has nothing to do with Ana: it stays.
    assert sorted(n["text"] for n in left) == sorted(
        ["Inventory is on Friday", f"<@{BEN}> asked about the fax line"]
    )


def test_slack_unreachable_the_member_is_told_and_the_outbox_finishes(bot: Bot) -> None:
    evening, _ = set_up_notes(bot)
    bot.slack.set_down(True)  # the Web API is down; response URLs still answer
    pending = forget(bot, BEN)
    assert "withdrawn shortly" in texts(pending)
    # Their data is gone already; only the job that must still withdraw the notes remains.
    left = rows_mentioning(bot.store, BEN)
    assert list(left) == ["outbox"] and [r["kind"] for r in left["outbox"]] == ["forget"]
    assert len(bot.slack.scheduled_messages()) == 3

    bot.clock.advance(timedelta(minutes=11))
    bot.tick()  # still down: the job waits for another try
    assert len(bot.slack.scheduled_messages()) == 3
    assert [r["kind"] for r in rows_mentioning(bot.store, BEN)["outbox"]] == ["forget"]

    bot.slack.set_down(False)
    bot.clock.advance(timedelta(minutes=11))
    bot.tick()
    assert_nothing_left_about(bot, BEN, evening)
    assert bot.slack.calls("chat.postMessage") == []  # the job row is never posted
