"""`/balance help | status | level | lang`, buttons, App Home and events — over real sockets,
in HTTP mode and in Socket Mode."""

from __future__ import annotations

from tests.integration.conftest import Bot, buttons, texts


def test_help_lists_commands_with_buttons(bot: Bot) -> None:
    reply = bot.sender.command("U0BEN", "help")
    assert reply.status == 200
    payload = reply.payload()
    assert payload["response_type"] == "ephemeral"
    body = texts(payload)
    for word in (
        "`tip [entry|mid|senior] [topic]`",
        "`status`",
        "`shift mon-fri 08:00-17:00`",
        "`pulse`",
        "`forget-me`",
    ):
        assert word in body
    assert {b["value"] for b in buttons(payload)} == {"tip", "status", "faq", "settings"}


def test_empty_text_is_help(bot: Bot) -> None:
    assert texts(bot.sender.command("U0BEN", "").payload()) == texts(
        bot.sender.command("U0BEN", "help").payload()
    )


def test_unknown_words_get_a_usage_hint(bot: Bot) -> None:
    payload = bot.sender.command("U0BEN", "dance now").payload()
    assert "dance" in texts(payload) and "/balance help" in texts(payload)
    assert [b["value"] for b in buttons(payload)] == ["help"]


def test_status_uses_the_slack_profile(bot: Bot) -> None:
    body = texts(bot.sender.command("U0BEN", "status").payload())
    assert "America/New_York" in body
    assert "/balance level" in body  # level not set yet: say how


def test_level_is_stored_and_bad_values_list_the_valid_ones(bot: Bot) -> None:
    saved = texts(bot.sender.command("U0BEN", "level senior").payload())
    assert "Senior level" in saved
    member = bot.store.members.get(team_id="T0SANDBOX", user_id="U0BEN")
    assert member.level == "senior"
    bad = bot.sender.command("U0BEN", "level expert").payload()
    assert "`entry`, `mid` and `senior`" in texts(bad)
    assert [b["value"] for b in buttons(bad)] == ["level entry", "level mid", "level senior"]
    assert bot.store.members.get(team_id="T0SANDBOX", user_id="U0BEN").level == "senior"


def test_language_follows_the_slack_locale_and_can_be_overridden(bot: Bot) -> None:
    spanish = texts(bot.sender.command("U0ANA", "help").payload())
    english = texts(bot.sender.command("U0BEN", "help").payload())
    assert spanish != english
    bot.sender.command("U0ANA", "lang en")
    assert texts(bot.sender.command("U0ANA", "help").payload()) == english
    member = bot.store.members.get(team_id="T0SANDBOX", user_id="U0ANA")
    assert (member.lang, member.lang_override) == ("en", True)


def test_a_help_button_runs_the_same_command(bot: Bot) -> None:
    typed = texts(bot.sender.command("U0BEN", "status").payload())
    reply = bot.sender.block_action(
        "U0BEN", "balance.run.status", "status", channel_id="C0FRONTDESK"
    )
    assert reply.status == 200
    [answer] = bot.slack.responses()
    assert texts(answer["body"]) == typed


def test_home_tab_is_published_after_the_ack(bot: Bot) -> None:
    reply = bot.sender.event(
        {"type": "app_home_opened", "user": "U0BEN", "channel": "D0BEN", "tab": "home"}
    )
    assert reply.status == 200
    bot.slack.wait_for("views.publish", count=1, timeout=5)
    [view] = bot.slack.views_published("U0BEN")
    assert view["type"] == "home" and len(view["blocks"]) <= 100


def test_event_retries_are_acknowledged_and_ignored(bot: Bot) -> None:
    event = {"type": "app_home_opened", "user": "U0BEN", "channel": "D0BEN", "tab": "home"}
    assert bot.sender.event(event, event_id="Ev0RETRY").status == 200
    for retry in (1, 2, 3):
        assert bot.sender.event(event, event_id="Ev0RETRY", retry_num=retry).status == 200
    bot.slack.wait_for("views.publish", count=1, timeout=5)
    assert bot.sender.event(event, event_id="Ev0OTHER").status == 200
    bot.slack.wait_for("views.publish", count=2, timeout=5)
    assert len(bot.slack.calls("views.publish")) == 2


def test_every_subscribed_event_is_acknowledged(bot: Bot) -> None:
    events = [
        {
            "type": "message",
            "channel": "C0FRONTDESK",
            "user": "U0BEN",
            "text": "hi",
            "ts": "1.1",
            "channel_type": "channel",
        },
        {
            "type": "app_mention",
            "channel": "C0FRONTDESK",
            "user": "U0BEN",
            "text": "<@U0BALANCE> hi",
            "ts": "1.2",
        },
        {
            "type": "member_joined_channel",
            "channel": "C0FRONTDESK",
            "user": "U0BEN",
            "channel_type": "C",
        },
    ]
    for event in events:
        assert bot.sender.event(event).status == 200, event["type"]


def test_user_change_keeps_the_time_zone_current(bot: Bot) -> None:
    bot.sender.command("U0BEN", "status")
    bot.sender.event(
        {
            "type": "user_change",
            "user": {
                "id": "U0BEN",
                "team_id": "T0SANDBOX",
                "tz": "America/Denver",
                "locale": "en-US",
            },
        }
    )
    bot.slack.wait_for(
        lambda: bot.store.members.get(team_id="T0SANDBOX", user_id="U0BEN").tz == "America/Denver",
        timeout=5,
    )
