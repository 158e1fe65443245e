"""After-hours quiet over real sockets (HTTP mode and Socket Mode): off-shift notices exactly once,
"remind me when they're back", the end-of-shift DM and `/balance quiet`."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient

from bot.schedule import ShiftRule, WeeklySchedule, to_json
from tests.integration.conftest import Bot, buttons, texts

TEAM, CHANNEL = "T0SANDBOX", "C0FRONTDESK"
CHICAGO = ZoneInfo("America/Chicago")
MON_EVENING = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 17:30 in Chicago, 18:30 in New York
TUE_SHIFT_START = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
PROFILES = {
    "U0ANA": ("America/Chicago", "es"),
    "U0BEN": ("America/New_York", "en"),
    "U0MGR": ("America/Chicago", "en"),
}


def give_shifts(bot: Bot, user_id: str, start: str = "08:00", end: str = "17:00") -> None:
    """Mon-Fri shifts in the member's own zone (the `shift` command's job, written directly)."""
    rules = tuple(
        ShiftRule(weekday=d, start=time.fromisoformat(start), end=time.fromisoformat(end))
        for d in range(5)
    )
    tz, lang = PROFILES[user_id]
    bot.store.members.update(
        team_id=TEAM,
        user_id=user_id,
        now=bot.clock.now(),
        tz=tz,
        lang=lang,
        schedule=to_json(WeeklySchedule(rules=rules)),
    )


def ts_at(at: datetime) -> str:
    return f"{at.timestamp():.6f}"


def message(user: str, text: str, at: datetime = MON_EVENING, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": CHANNEL,
        "user": user,
        "text": text,
        "ts": ts_at(at),
        "channel_type": "channel",
        "client_msg_id": secrets.token_hex(8),
        **extra,
    }


def post(bot: Bot, event: dict[str, Any], **kw: Any) -> None:
    assert bot.sender.event(event, **kw).status == 200


def notices(bot: Bot, user: str = "U0BEN") -> list[dict[str, Any]]:
    return bot.slack.ephemerals(CHANNEL, user)


def dms(bot: Bot, user: str) -> list[dict[str, Any]]:
    return bot.slack.messages(bot.slack.dm_channel_id(user))


# -- off-shift notices ----------------------------------------------------------------------------


def test_mentioning_an_off_shift_colleague_gives_one_notice_once(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    event = message("U0BEN", "<@U0ANA> can you call the lab back?")
    post(bot, event, event_id="Ev0QUIET1")
    bot.slack.wait_for(lambda: notices(bot), timeout=5)
    [notice] = notices(bot)
    body = texts(notice)
    assert "<@U0ANA>" in body
    assert "tomorrow at 8:00 AM" in body and "tomorrow at 9:00 AM" in body  # hers and his
    assert notice.get("thread_ts") is None
    remind, schedule = buttons(notice)
    assert remind["action_id"] == "quiet.remind.U0ANA"
    assert schedule["action_id"] == "quiet.schedule.U0ANA"

    post(bot, event, event_id="Ev0QUIET1", retry_num=1)  # Slack retries: nothing new
    post(bot, message("U0BEN", "<@U0ANA> also the fax", MON_EVENING.replace(minute=45)))
    bot.idle()
    assert len(notices(bot)) == 1
    assert len(bot.slack.calls("chat.postEphemeral")) == 1


def test_no_notice_while_the_colleague_is_on_shift(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    on_shift = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 09:00 in Chicago
    post(bot, message("U0BEN", "<@U0ANA> quick question", on_shift))
    bot.idle()
    assert notices(bot) == []


def test_edits_bots_joins_ims_self_mentions_and_the_bot_itself_get_nothing(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    ts = ts_at(MON_EVENING)
    events: list[dict[str, Any]] = [
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": CHANNEL,
            "channel_type": "channel",
            "ts": ts,
            "hidden": True,
            "message": {"type": "message", "user": "U0BEN", "text": "<@U0ANA> edited", "ts": ts},
            "previous_message": {"type": "message", "user": "U0BEN", "text": "hi", "ts": ts},
        },
        {
            "type": "message",
            "subtype": "bot_message",
            "bot_id": "B0OTHER",
            "username": "pager",
            "channel": CHANNEL,
            "channel_type": "channel",
            "text": "<@U0ANA> page",
            "ts": ts,
        },
        {
            "type": "message",
            "subtype": "channel_join",
            "user": "U0ANA",
            "channel": CHANNEL,
            "channel_type": "channel",
            "text": "<@U0ANA> has joined the channel",
            "ts": ts,
        },
        {
            "type": "message",
            "user": "U0BALANCE",
            "bot_id": "B0BALANCE",
            "channel": CHANNEL,
            "channel_type": "channel",
            "text": "<@U0ANA> your break",
            "ts": ts,
        },
        message("U0BEN", "<@U0ANA> in a DM", channel="D0BEN", channel_type="im"),
        message("U0ANA", "note to self <@U0ANA>"),
    ]
    for event in events:
        post(bot, event)
    bot.idle()
    assert bot.slack.ephemerals() == []


def test_several_mentions_make_one_notice_listing_each_once(bot: Bot) -> None:
    for user in ("U0BEN", "U0MGR"):
        give_shifts(bot, user)
    bot.clock.set(MON_EVENING)
    post(bot, message("U0ANA", "<@U0BEN> <@U0MGR> <@U0BEN> <@U0BALANCE> ¿quién cierra?"))
    bot.slack.wait_for(lambda: notices(bot, "U0ANA"), timeout=5)
    bot.idle()
    [notice] = notices(bot, "U0ANA")
    ids = [b["action_id"] for b in buttons(notice)]
    assert ids == [
        "quiet.remind.U0BEN",
        "quiet.schedule.U0BEN",
        "quiet.remind.U0MGR",
        "quiet.schedule.U0MGR",
    ]
    assert "mañana" in texts(notice)  # Ana reads Spanish


def test_a_thread_reply_gets_its_notice_in_the_thread(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    parent = ts_at(MON_EVENING.replace(minute=0))
    post(bot, message("U0BEN", "<@U0ANA> see above", thread_ts=parent))
    [notice] = bot.slack.wait_for(lambda: notices(bot), timeout=5)
    assert notice["thread_ts"] == parent


def test_app_mention_and_message_for_the_same_post_give_one_notice(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    event = message("U0BEN", "<@U0BALANCE> <@U0ANA> is she in?")
    post(bot, event)
    mention = {k: v for k, v in event.items() if k != "channel_type"} | {"type": "app_mention"}
    post(bot, mention)
    bot.slack.wait_for(lambda: notices(bot), timeout=5)
    bot.idle()
    assert len(notices(bot)) == 1


def test_quiet_off_stops_notices_about_you(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    reply = bot.sender.command("U0ANA", "quiet off").payload()
    assert "desactivados" in texts(reply)
    bot.clock.set(MON_EVENING)
    post(bot, message("U0BEN", "<@U0ANA> hello"))
    bot.idle()
    assert notices(bot) == []


def test_quiet_self_reminds_once_an_evening(bot: Bot) -> None:
    give_shifts(bot, "U0BEN")
    assert "remind you" in texts(bot.sender.command("U0BEN", "quiet self on").payload())
    bot.clock.set(MON_EVENING)
    post(bot, message("U0BEN", "one more thing"))
    bot.slack.wait_for(lambda: notices(bot), timeout=5)
    post(bot, message("U0BEN", "and another", MON_EVENING.replace(minute=50)))
    bot.idle()
    [reminder] = notices(bot)
    assert "Your shift has ended" in texts(reminder) and "tomorrow at 8:00 AM" in texts(reminder)


# -- "remind me when they're back" -----------------------------------------------------------


def _notice(bot: Bot, at: datetime = MON_EVENING) -> dict[str, Any]:
    """Ben mentions Ana (off shift) at `at`; returns the notice he gets."""
    give_shifts(bot, "U0ANA")
    bot.clock.set(at)
    event = message("U0BEN", "<@U0ANA> the Smith forms", at)
    with bot.slack.workspace.lock:  # the original message, so chat.getPermalink finds it
        bot.slack.workspace.messages.append(
            {
                "type": "message",
                "user": "U0BEN",
                "text": event["text"],
                "ts": event["ts"],
                "team": TEAM,
                "channel": CHANNEL,
            }
        )
    post(bot, event)
    [notice] = bot.slack.wait_for(lambda: notices(bot), timeout=5)
    return notice


def _click(bot: Bot, notice: dict[str, Any], action: str, user: str = "U0BEN") -> dict[str, Any]:
    """Click the notice's `quiet.<action>.…` button; returns the answer (a response_url body)."""
    [button] = [b for b in buttons(notice) if b["action_id"].startswith(f"quiet.{action}.")]
    before = len(bot.slack.responses())
    reply = bot.sender.block_action(
        user,
        button["action_id"],
        button["value"],
        channel_id=CHANNEL,
        container={
            "type": "message",
            "message_ts": notice["ts"],
            "channel_id": CHANNEL,
            "is_ephemeral": True,
        },
    )
    assert reply.status == 200
    bot.slack.wait_for(lambda: len(bot.slack.responses()) > before, timeout=5)
    return bot.slack.responses()[-1]["body"]


def _notice_and_click(bot: Bot) -> dict[str, Any]:
    answer = _click(bot, _notice(bot), "remind")
    assert "tomorrow at 9:00 AM" in texts(answer)
    return answer


def test_reminder_fires_once_when_the_colleague_is_back(bot: Bot) -> None:
    _notice_and_click(bot)
    bot.tick()
    assert dms(bot, "U0BEN") == []
    bot.clock.set(TUE_SHIFT_START)
    bot.tick()
    bot.clock.set(TUE_SHIFT_START.replace(minute=5))
    bot.tick()
    [dm] = dms(bot, "U0BEN")
    assert "<@U0ANA>" in texts(dm)
    assert f"/archives/{CHANNEL}/p" in texts(dm)  # a link to the original message


def test_the_reminder_waits_for_the_senders_own_shift(bot: Bot) -> None:
    # Ben works 13:00-21:00 in New York; Ana is back at 9:00 his time, before his day starts.
    give_shifts(bot, "U0BEN", "13:00", "21:00")
    answer = _click(bot, _notice(bot), "remind")
    assert "back tomorrow at 9:00 AM your time" in texts(answer)
    assert "I'll remind you tomorrow at 1:00 PM" in texts(answer)
    bot.clock.set(TUE_SHIFT_START.replace(minute=5))
    bot.tick()
    assert dms(bot, "U0BEN") == []  # not at 9:00 his time
    bot.clock.set(datetime(2026, 12, 1, 18, 0, 30, tzinfo=UTC))  # 13:00 in New York
    bot.tick()
    [dm] = dms(bot, "U0BEN")
    assert "<@U0ANA>" in texts(dm)


def test_a_cancelled_reminder_never_fires(bot: Bot) -> None:
    confirmation = _notice_and_click(bot)
    [cancel] = [b["accessory"] for b in confirmation["blocks"] if "accessory" in b]
    assert (
        bot.sender.block_action(
            "U0MGR", cancel["action_id"], cancel["value"], channel_id=CHANNEL
        ).status
        == 200
    )  # someone else's click changes nothing
    assert (
        bot.sender.block_action(
            "U0BEN", cancel["action_id"], cancel["value"], channel_id=CHANNEL
        ).status
        == 200
    )
    bot.slack.wait_for(lambda: len(bot.slack.responses()) >= 3, timeout=5)
    assert "cancelled" in texts(bot.slack.responses()[-1]["body"])
    assert bot.store.outbox.by_key(cancel["value"]).status == "cancelled"
    bot.clock.set(TUE_SHIFT_START.replace(minute=1))
    bot.tick()
    assert dms(bot, "U0BEN") == []


def test_clicking_remind_again_after_cancelling_says_so(bot: Bot) -> None:
    notice = _notice(bot)
    confirmation = _click(bot, notice, "remind")
    [cancel] = buttons_or_accessories(confirmation)
    bot.sender.block_action("U0BEN", cancel["action_id"], cancel["value"], channel_id=CHANNEL)
    bot.slack.wait_for(lambda: len(bot.slack.responses()) >= 2, timeout=5)
    assert "already sent or cancelled" in texts(_click(bot, notice, "remind"))


# -- "schedule for when they're back" ---------------------------------------------------------
#
# The sandbox checks `post_at` against the wall clock, like Slack: these tests post on a Monday
# evening a few days from today, so Ana's next shift is in Slack's future whenever they run.


def upcoming_monday_evening() -> datetime:
    """23:30 UTC (evening in Chicago, DST or not) on a Monday 2 to 8 days from now."""
    today = datetime.now(UTC).date() + timedelta(days=2)
    monday = today + timedelta(days=(0 - today.weekday()) % 7)
    return datetime.combine(monday, time(23, 30), UTC)


def next_start_in_chicago(evening: datetime) -> datetime:
    """Ana's next shift: Tuesday 08:00 in Chicago."""
    tuesday = evening.astimezone(CHICAGO).date() + timedelta(days=1)
    return datetime.combine(tuesday, time(8, 0), CHICAGO).astimezone(UTC)


def buttons_or_accessories(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return buttons(payload) or [b["accessory"] for b in payload["blocks"] if "accessory" in b]


def home_of(bot: Bot, user: str = "U0BEN") -> dict[str, Any]:
    before = len(bot.slack.views_published(user))
    post(bot, {"type": "app_home_opened", "user": user, "channel": f"D{user[1:]}", "tab": "home"})
    bot.slack.wait_for(lambda: len(bot.slack.views_published(user)) > before, timeout=5)
    return bot.slack.views_published(user)[-1]


def follow_ups_in(home: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        b for b in home["blocks"] if b.get("accessory", {}).get("action_id") == "quiet.home_cancel"
    ]


def test_schedule_for_when_they_are_back_sends_the_colleague_a_link_at_their_next_shift(
    bot: Bot,
) -> None:
    evening = upcoming_monday_evening()
    back = next_start_in_chicago(evening)
    notice = _notice(bot, evening)
    answer = _click(bot, notice, "schedule")
    assert "Scheduled" in texts(answer) and "tomorrow at" in texts(answer)
    [cancel] = buttons_or_accessories(answer)
    assert cancel["action_id"] == "quiet.reminder_cancel"
    [note] = bot.slack.scheduled_messages()
    assert note["channel_id"] == bot.slack.dm_channel_id("U0ANA")
    assert note["post_at"] == int(back.timestamp())
    assert note["metadata"] is None  # Slack does not post scheduled messages with metadata
    [call] = bot.slack.calls("chat.scheduleMessage")
    assert "metadata" not in call.params
    body = texts(note)
    assert "<@U0BEN>" in body and f"/archives/{CHANNEL}/p" in body
    assert "Mientras no estabas" in body  # Ana reads Spanish
    assert "Smith" not in str(note)  # a link, never the message itself

    # A second click schedules nothing more; the record keeps Slack's id for cancelling.
    assert "Scheduled" in texts(_click(bot, notice, "schedule"))
    assert len(bot.slack.scheduled_messages()) == 1
    record = bot.store.outbox.by_key(cancel["value"])
    assert record.status == "pending" and record.due_at == back
    assert record.payload["scheduled_message_id"] == note["id"]

    assert bot.slack.deliver_scheduled(now=back.timestamp() - 1) == []
    [posted] = bot.slack.deliver_scheduled(now=back.timestamp())
    assert posted["channel"] == bot.slack.dm_channel_id("U0ANA")
    bot.clock.set(back + timedelta(minutes=1))
    bot.tick()  # the record is closed; our dispatcher never posts it
    assert len(dms(bot, "U0ANA")) == 1
    assert bot.store.outbox.by_key(cancel["value"]).status == "skipped"
    assert len(bot.slack.calls("chat.postMessage")) == 0


def test_a_cancelled_scheduled_note_is_deleted_from_slack_and_never_posted(bot: Bot) -> None:
    evening = upcoming_monday_evening()
    answer = _click(bot, _notice(bot, evening), "schedule")
    [cancel] = buttons_or_accessories(answer)
    bot.sender.block_action("U0MGR", cancel["action_id"], cancel["value"], channel_id=CHANNEL)
    bot.slack.wait_for(lambda: len(bot.slack.responses()) >= 2, timeout=5)
    assert len(bot.slack.scheduled_messages()) == 1  # not hers to cancel
    bot.sender.block_action("U0BEN", cancel["action_id"], cancel["value"], channel_id=CHANNEL)
    bot.slack.wait_for(lambda: len(bot.slack.responses()) >= 3, timeout=5)
    assert "cancelled" in texts(bot.slack.responses()[-1]["body"])
    assert bot.slack.scheduled_messages() == []
    assert len(bot.slack.calls("chat.deleteScheduledMessage")) == 1
    assert bot.store.outbox.by_key(cancel["value"]).status == "cancelled"
    back = next_start_in_chicago(evening)
    assert bot.slack.deliver_scheduled(now=back.timestamp() + 60) == []
    assert dms(bot, "U0ANA") == []


def test_home_lists_pending_follow_ups_and_cancels_them(bot: Bot) -> None:
    evening = upcoming_monday_evening()
    back = next_start_in_chicago(evening)
    notice = _notice(bot, evening)
    _click(bot, notice, "remind")
    _click(bot, notice, "schedule")
    home = home_of(bot)
    assert len(home["blocks"]) < 100
    reminder, scheduled = follow_ups_in(home)
    assert "Reminder for you when <@U0ANA> is back" in reminder["text"]["text"]
    assert "Note to <@U0ANA>" in scheduled["text"]["text"]
    for block in (reminder, scheduled):
        assert f"/archives/{CHANNEL}/p" in block["text"]["text"]  # the message, linked
        assert "tomorrow at" in block["text"]["text"]

    def cancel_from_home(block: dict[str, Any]) -> dict[str, Any]:
        before = len(bot.slack.views_published("U0BEN"))
        action = block["accessory"]
        assert (
            bot.sender.block_action("U0BEN", action["action_id"], action["value"], view=home).status
            == 200
        )
        bot.slack.wait_for(lambda: len(bot.slack.views_published("U0BEN")) > before, timeout=5)
        return bot.slack.views_published("U0BEN")[-1]

    # Someone else's click (a forged value) changes nothing.
    bot.sender.block_action("U0MGR", "quiet.home_cancel", reminder["accessory"]["value"], view=home)
    bot.idle()
    assert bot.store.outbox.by_key(reminder["accessory"]["value"]).status == "pending"
    home = cancel_from_home(reminder)
    [left] = follow_ups_in(home)
    assert left["accessory"]["value"] == scheduled["accessory"]["value"]
    assert bot.store.outbox.by_key(reminder["accessory"]["value"]).status == "cancelled"
    home = cancel_from_home(left)
    assert follow_ups_in(home) == []
    assert bot.slack.scheduled_messages() == []

    bot.clock.set(back + timedelta(minutes=1))
    bot.tick()
    assert dms(bot, "U0BEN") == []  # the cancelled reminder never fires
    assert bot.slack.deliver_scheduled(now=back.timestamp() + 60) == []


@pytest.mark.parametrize(
    ("clock_ahead", "leave_days"),
    [(timedelta(0), 200), (timedelta(days=30), 100)],
    ids=["bot-sees-it", "slack-says-time_too_far"],
)
def test_more_than_120_days_ahead_the_sender_is_told(
    bot: Bot, clock_ahead: timedelta, leave_days: int
) -> None:
    evening = upcoming_monday_evening() + clock_ahead
    day = evening.astimezone(CHICAGO).date()
    bot.store.members.update(
        team_id=TEAM,
        user_id="U0ANA",
        now=evening,
        away_from=day,
        away_until=day + timedelta(days=leave_days),
    )
    answer = _click(bot, _notice(bot, evening), "schedule")
    assert "more than 120 days away" in texts(answer)
    assert bot.slack.scheduled_messages() == []
    assert bot.store.outbox.pending_for(team_id=TEAM, user_id="U0BEN", kind="quiet_scheduled") == []
    expected_calls = 1 if clock_ahead else 0  # the bot's own check needs no call
    assert len(bot.slack.calls("chat.scheduleMessage")) == expected_calls


def test_too_many_scheduled_for_one_colleague_asks_to_try_again(bot: Bot) -> None:
    evening = upcoming_monday_evening()
    client = WebClient(base_url=bot.slack.api_url, token=bot.slack.bot_token)
    dm = bot.slack.dm_channel_id("U0ANA")
    for n in range(30):  # Slack: at most 30 per channel in 5 minutes
        client.chat_scheduleMessage(channel=dm, post_at=int(evening.timestamp()) + n, text="x")
    answer = _click(bot, _notice(bot, evening), "schedule")
    assert "try again in a few minutes" in texts(answer)
    assert bot.store.outbox.pending_for(team_id=TEAM, user_id="U0BEN", kind="quiet_scheduled") == []


def test_clicking_once_the_colleague_is_back_says_to_message_them_directly(bot: Bot) -> None:
    evening = upcoming_monday_evening()
    notice = _notice(bot, evening)
    bot.clock.set(next_start_in_chicago(evening) + timedelta(hours=1))  # Ana is at work
    assert "is back now" in texts(_click(bot, notice, "schedule"))
    assert "is back now" in texts(_click(bot, notice, "remind"))
    assert bot.slack.calls("chat.scheduleMessage") == []
    assert bot.store.outbox.pending_for(team_id=TEAM, user_id="U0BEN", kind="reminder") == []


def test_odd_or_forged_follow_up_clicks_change_nothing_and_log_no_error(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    actions = (
        "quiet.remind.U0ANA",
        "quiet.schedule.U0ANA",
        "quiet.reminder_cancel",
        "quiet.home_cancel",
    )
    values = (
        "U0ANA|C0FRONTDESK|1764545400.000100",
        "scheduled:T0SANDBOX:U0BEN:C0FRONTDESK:1.1:U0ANA",
        "",
        "|||",
    )
    for action in actions:
        for user in ("U0BEN", "UNOBODY"):
            for value in values:  # from Home or a modal: no response_url
                payload = {
                    "type": "block_actions",
                    "api_app_id": "A0BALANCE",
                    "token": "x",
                    "user": {"id": user, "team_id": TEAM},
                    "team": {"id": TEAM},
                    "trigger_id": "1.2.3",
                    "container": {"type": "view", "view_id": "V0"},
                    "view": {"type": "home", "id": "V0"},
                    "actions": [{"action_id": action, "value": value, "type": "button"}],
                }
                assert bot.sender.interactive(payload).status == 200
    bot.idle()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    assert bot.slack.scheduled_messages() == []


# -- housekeeping -------------------------------------------------------------------------------


def test_a_tick_prunes_old_notices_and_event_ids(bot: Bot) -> None:
    old = bot.clock.now() - timedelta(days=20)
    assert bot.store.notices.claim(
        team_id=TEAM, sender_id="U0BEN", colleague_id="U0ANA", period_key="old", now=old
    )
    assert bot.store.events.first_seen(event_id="Ev0OLD", team_id=TEAM, now=old)
    bot.tick()
    assert not bot.store.notices.seen(
        team_id=TEAM, sender_id="U0BEN", colleague_id="U0ANA", period_key="old"
    )
    assert bot.store.events.first_seen(event_id="Ev0OLD", team_id=TEAM, now=bot.clock.now())


# -- end of shift -------------------------------------------------------------------------------


def test_end_of_shift_dm_arrives_once_and_not_on_a_day_off(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    bot.clock.set(datetime(2026, 11, 30, 22, 50, tzinfo=UTC))  # 16:50 in Chicago
    bot.tick()
    assert dms(bot, "U0ANA") == []
    for minute in (6, 20):
        bot.clock.set(datetime(2026, 11, 30, 23, minute, tzinfo=UTC))
        bot.tick()
    [dm] = dms(bot, "U0ANA")
    body = texts(dm)
    assert "mañana a las 8:00" in body  # her next shift, in Spanish and her time
    assert "Consejo:" in body and "Notificaciones" in body
    bot.clock.set(datetime(2026, 12, 5, 23, 6, tzinfo=UTC))  # Saturday
    bot.tick()
    assert len(dms(bot, "U0ANA")) == 1


def test_end_of_shift_can_be_turned_off(bot: Bot) -> None:
    give_shifts(bot, "U0BEN")
    assert "off" in texts(bot.sender.command("U0BEN", "quiet eos off").payload())
    bot.clock.set(datetime(2026, 11, 30, 22, 6, tzinfo=UTC))  # 17:06 in New York
    bot.tick()
    assert dms(bot, "U0BEN") == []
    assert "quiet eos" in texts(bot.sender.command("U0BEN", "quiet maybe").payload())
