"""After-hours quiet over real sockets (HTTP mode and Socket Mode): off-shift notices exactly once,
"remind me when they're back", the end-of-shift DM and `/balance quiet`."""

from __future__ import annotations

import secrets
import time as wall
from datetime import UTC, datetime, time
from typing import Any

from bot.schedule import ShiftRule, WeeklySchedule, to_json
from tests.integration.conftest import Bot, buttons, texts

TEAM, CHANNEL = "T0SANDBOX", "C0FRONTDESK"
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
        team_id=TEAM, user_id=user_id, now=bot.clock.now(), tz=tz, lang=lang,
        schedule=to_json(WeeklySchedule(rules=rules)),
    )


def ts_at(at: datetime) -> str:
    return f"{at.timestamp():.6f}"


def message(user: str, text: str, at: datetime = MON_EVENING, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel": CHANNEL, "user": user, "text": text, "ts": ts_at(at),
            "channel_type": "channel", "client_msg_id": secrets.token_hex(8), **extra}


def post(bot: Bot, event: dict[str, Any], **kw: Any) -> None:
    assert bot.sender.event(event, **kw).status == 200


def notices(bot: Bot, user: str = "U0BEN") -> list[dict[str, Any]]:
    return bot.slack.ephemerals(CHANNEL, user)


def settle(bot: Bot, seconds: float = 0.6) -> None:
    """Give lazy listeners time to act before asserting that nothing (more) happened."""
    wall.sleep(seconds)


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
    [remind] = buttons(notice) or [b["accessory"] for b in notice["blocks"] if "accessory" in b]
    assert remind["action_id"] == "quiet.remind.U0ANA"

    post(bot, event, event_id="Ev0QUIET1", retry_num=1)  # Slack retries: nothing new
    post(bot, message("U0BEN", "<@U0ANA> also the fax", MON_EVENING.replace(minute=45)))
    settle(bot)
    assert len(notices(bot)) == 1
    assert len(bot.slack.calls("chat.postEphemeral")) == 1


def test_no_notice_while_the_colleague_is_on_shift(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    on_shift = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 09:00 in Chicago
    post(bot, message("U0BEN", "<@U0ANA> quick question", on_shift))
    settle(bot)
    assert notices(bot) == []


def test_edits_bots_joins_ims_self_mentions_and_the_bot_itself_get_nothing(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    ts = ts_at(MON_EVENING)
    events: list[dict[str, Any]] = [
        {"type": "message", "subtype": "message_changed", "channel": CHANNEL,
         "channel_type": "channel", "ts": ts, "hidden": True,
         "message": {"type": "message", "user": "U0BEN", "text": "<@U0ANA> edited", "ts": ts},
         "previous_message": {"type": "message", "user": "U0BEN", "text": "hi", "ts": ts}},
        {"type": "message", "subtype": "bot_message", "bot_id": "B0OTHER", "username": "pager",
         "channel": CHANNEL, "channel_type": "channel", "text": "<@U0ANA> page", "ts": ts},
        {"type": "message", "subtype": "channel_join", "user": "U0ANA", "channel": CHANNEL,
         "channel_type": "channel", "text": "<@U0ANA> has joined the channel", "ts": ts},
        {"type": "message", "user": "U0BALANCE", "bot_id": "B0BALANCE", "channel": CHANNEL,
         "channel_type": "channel", "text": "<@U0ANA> your break", "ts": ts},
        message("U0BEN", "<@U0ANA> in a DM", channel="D0BEN", channel_type="im"),
        message("U0ANA", "note to self <@U0ANA>"),
    ]
    for event in events:
        post(bot, event)
    settle(bot)
    assert bot.slack.ephemerals() == []


def test_several_mentions_make_one_notice_listing_each_once(bot: Bot) -> None:
    for user in ("U0BEN", "U0MGR"):
        give_shifts(bot, user)
    bot.clock.set(MON_EVENING)
    post(bot, message("U0ANA", "<@U0BEN> <@U0MGR> <@U0BEN> <@U0BALANCE> ¿quién cierra?"))
    bot.slack.wait_for(lambda: notices(bot, "U0ANA"), timeout=5)
    settle(bot)
    [notice] = notices(bot, "U0ANA")
    ids = [b["accessory"]["action_id"] for b in notice["blocks"] if "accessory" in b]
    assert ids == ["quiet.remind.U0BEN", "quiet.remind.U0MGR"]
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
    settle(bot)
    assert len(notices(bot)) == 1


def test_quiet_off_stops_notices_about_you(bot: Bot) -> None:
    give_shifts(bot, "U0ANA")
    reply = bot.sender.command("U0ANA", "quiet off").payload()
    assert "desactivados" in texts(reply)
    bot.clock.set(MON_EVENING)
    post(bot, message("U0BEN", "<@U0ANA> hello"))
    settle(bot)
    assert notices(bot) == []


def test_quiet_self_reminds_once_an_evening(bot: Bot) -> None:
    give_shifts(bot, "U0BEN")
    assert "remind you" in texts(bot.sender.command("U0BEN", "quiet self on").payload())
    bot.clock.set(MON_EVENING)
    post(bot, message("U0BEN", "one more thing"))
    bot.slack.wait_for(lambda: notices(bot), timeout=5)
    post(bot, message("U0BEN", "and another", MON_EVENING.replace(minute=50)))
    settle(bot)
    [reminder] = notices(bot)
    assert "Your shift has ended" in texts(reminder) and "tomorrow at 8:00 AM" in texts(reminder)


# -- "remind me when they're back" -----------------------------------------------------------


def _notice_and_click(bot: Bot) -> dict[str, Any]:
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    event = message("U0BEN", "<@U0ANA> the Smith forms")
    with bot.slack.workspace.lock:  # the original message, so chat.getPermalink finds it
        bot.slack.workspace.messages.append(
            {"type": "message", "user": "U0BEN", "text": event["text"], "ts": event["ts"],
             "team": TEAM, "channel": CHANNEL}
        )
    post(bot, event)
    [notice] = bot.slack.wait_for(lambda: notices(bot), timeout=5)
    [button] = [b["accessory"] for b in notice["blocks"] if "accessory" in b]
    reply = bot.sender.block_action(
        "U0BEN", button["action_id"], button["value"], channel_id=CHANNEL,
        container={"type": "message", "message_ts": notice["ts"], "channel_id": CHANNEL,
                   "is_ephemeral": True},
    )
    assert reply.status == 200
    [answer] = bot.slack.wait_for(lambda: bot.slack.responses(), timeout=5)
    assert "tomorrow at 9:00 AM" in texts(answer["body"])
    return answer["body"]


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


def test_a_cancelled_reminder_never_fires(bot: Bot) -> None:
    confirmation = _notice_and_click(bot)
    [cancel] = [b["accessory"] for b in confirmation["blocks"] if "accessory" in b]
    assert bot.sender.block_action(
        "U0MGR", cancel["action_id"], cancel["value"], channel_id=CHANNEL
    ).status == 200  # someone else's click changes nothing
    assert bot.sender.block_action(
        "U0BEN", cancel["action_id"], cancel["value"], channel_id=CHANNEL
    ).status == 200
    bot.slack.wait_for(lambda: len(bot.slack.responses()) >= 3, timeout=5)
    assert "cancelled" in texts(bot.slack.responses()[-1]["body"])
    assert bot.store.outbox.by_key(cancel["value"]).status == "cancelled"
    bot.clock.set(TUE_SHIFT_START.replace(minute=1))
    bot.tick()
    assert dms(bot, "U0BEN") == []


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
