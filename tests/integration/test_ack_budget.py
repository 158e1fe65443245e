"""`/balance` answers inside Slack's 3-second window even when Slack itself is slow: the
profile look-up gets a short timeout and the member is answered with defaults; a command that
still outlives its budget is acknowledged at once and answered through its response_url.

"In time" is judged as Slack judges it: the sender gives up after 3 seconds (HTTP: the
client's timeout; Socket Mode: no ack within 3 s), exactly like Slack's own deadline."""

from __future__ import annotations

import pytest

from bot.sandbox import SlackSender, SocketSender
from bot.sandbox.sender import Reply
from tests.integration.conftest import Bot, texts

SLACK_DEADLINE = 3.0


def command_with_slack_deadline(bot: Bot, user: str, words: str) -> Reply:
    if isinstance(bot.sender, SocketSender):
        return SocketSender(bot.slack, timeout=SLACK_DEADLINE).command(user, words)
    assert bot.server is not None
    with SlackSender(
        f"{bot.server.url}/slack/events",
        bot.slack.signing_secret,
        sandbox=bot.slack,
        timeout=SLACK_DEADLINE,
    ) as sender:
        return sender.command(user, words)


def test_a_slow_profile_look_up_still_answers_in_time_with_defaults(bot: Bot) -> None:
    bot.slack.add_user("U0NEW", name="nadia", tz="America/Chicago", locale="es-MX")
    bot.slack.slow("users.info", 6.0)  # Slack is up, but each profile look-up takes 6 s
    reply = command_with_slack_deadline(bot, "U0NEW", "help")
    assert reply.status == 200, "no answer within Slack's 3 seconds"
    assert "/balance" in texts(reply.payload())  # the help, in the default language
    # Nothing half-known was stored: a later command reads the profile once Slack is quick.
    member = bot.store.members.get(team_id="T0SANDBOX", user_id="U0NEW")
    assert member is None or member.tz is None
    bot.slack.slow("users.info", 0)
    reply = command_with_slack_deadline(bot, "U0NEW", "status")
    assert reply.status == 200
    member = bot.store.members.get(team_id="T0SANDBOX", user_id="U0NEW")
    assert member is not None and member.tz == "America/Chicago" and member.lang == "es"


def test_a_command_past_its_budget_is_acked_then_answered_through_response_url(
    bot: Bot,
) -> None:
    # Maria is a workspace admin; checking that takes users.info, slowed to 4 s a call.
    bot.slack.slow("users.info", 4.0)
    reply = command_with_slack_deadline(bot, "U0MGR", 'admin urgent "call ext. 200"')
    assert reply.status == 200, "no answer within Slack's 3 seconds"
    assert reply.payload() == {}, "past its budget the ack is empty"
    [late] = bot.slack.wait_for(lambda: bot.slack.responses(), timeout=20)
    assert "ext. 200" in texts(late["body"]) and late["body"]["response_type"] == "ephemeral"
    assert bot.store.workspaces.get("T0SANDBOX").urgent_route == "call ext. 200"


@pytest.mark.parametrize("words", ["help", "tip", "status"])
def test_quick_commands_are_answered_in_the_ack(http_bot: Bot, words: str) -> None:
    reply = command_with_slack_deadline(http_bot, "U0BEN", words)
    assert reply.status == 200 and reply.payload().get("blocks")
    assert http_bot.slack.responses() == []
