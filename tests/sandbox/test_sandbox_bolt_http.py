"""A real Bolt app served over HTTP receives signed requests from SlackSender."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from bot.sandbox import BoltAppServer, SlackSandbox, SlackSender


def build_app(slack: SlackSandbox) -> App:
    app = App(
        client=WebClient(base_url=slack.api_url, token=slack.bot_token),
        signing_secret=slack.signing_secret,
        process_before_response=True,
    )

    @app.command("/balance")
    def balance(ack: Any, command: dict[str, Any], respond: Any, client: WebClient) -> None:
        if command["text"] == "later":
            ack()
            respond(text="a tip, a bit later")
        elif command["text"] == "settings":
            ack()
            client.views_open(
                trigger_id=command["trigger_id"],
                view={
                    "type": "modal",
                    "callback_id": "settings",
                    "title": {"type": "plain_text", "text": "Settings"},
                    "submit": {"type": "plain_text", "text": "Save"},
                    "blocks": [
                        {
                            "type": "input",
                            "block_id": "level",
                            "label": {"type": "plain_text", "text": "Level"},
                            "element": {"type": "plain_text_input", "action_id": "value"},
                        }
                    ],
                },
            )
        else:
            ack(f"tip for {command['user_id']}")

    @app.action("took_break")
    def took_break(ack: Any, body: dict[str, Any], respond: Any) -> None:
        ack()
        respond(replace_original=True, text=f"Nice break, {body['user']['id']}!")

    @app.view("settings")
    def settings(ack: Any, view: dict[str, Any]) -> None:
        level = view["state"]["values"]["level"]["value"]["value"]
        if level not in ("entry", "mid", "senior"):
            ack(response_action="errors", errors={"level": "entry, mid or senior"})
        else:
            ack()

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(
            user_id=event["user"],
            view={
                "type": "home",
                "blocks": [
                    {
                        "type": "section",
                        "text": {"type": "mrkdwn", "text": "Welcome to Balance Bot"},
                    }
                ],
            },
        )

    return app


@pytest.fixture
def sender(slack: SlackSandbox) -> Iterator[SlackSender]:
    with (
        BoltAppServer(build_app(slack)) as server,
        SlackSender(server.events_url, slack.signing_secret, sandbox=slack) as sender,
    ):
        yield sender


def test_command_ack_text(sender: SlackSender) -> None:
    reply = sender.command("U0ANA", "tip")
    assert reply.status == 200
    assert reply.payload() == {"text": "tip for U0ANA"}


def test_command_respond_goes_to_recorded_response_url(
    sender: SlackSender, slack: SlackSandbox
) -> None:
    assert sender.command("U0ANA", "later").status == 200
    assert slack.responses()[-1]["body"]["text"] == "a tip, a bit later"


def test_command_opens_modal_then_submission_is_validated(
    sender: SlackSender, slack: SlackSandbox
) -> None:
    assert sender.command("U0ANA", "settings").status == 200
    view = slack.views_opened()[-1]
    assert view["callback_id"] == "settings" and view["id"].startswith("V")
    bad = sender.view_submission("U0ANA", view, {"level": {"value": "expert"}})
    assert bad.json() == {"response_action": "errors", "errors": {"level": "entry, mid or senior"}}
    good = sender.view_submission("U0ANA", view, {"level": {"value": "mid"}})
    assert good.status == 200 and good.text == ""


def test_block_action_replaces_original_message(
    sender: SlackSender, slack: SlackSandbox, client: WebClient
) -> None:
    posted = client.chat_postMessage(
        channel="U0ANA",
        text="Time for a break",
        blocks=[
            {
                "type": "actions",
                "block_id": "nudge",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "took_break",
                        "value": "1",
                        "text": {"type": "plain_text", "text": "Took it"},
                    }
                ],
            }
        ],
    )
    message = {**posted["message"], "channel": posted["channel"]}
    reply = sender.block_action("U0ANA", "took_break", "1", message=message)
    assert reply.status == 200
    assert slack.messages("U0ANA")[-1]["text"] == "Nice break, U0ANA!"
    assert "blocks" not in slack.messages("U0ANA")[-1]


def test_event_publishes_home(sender: SlackSender, slack: SlackSandbox) -> None:
    reply = sender.event(
        {"type": "app_home_opened", "user": "U0BEN", "channel": "D0BEN", "tab": "home"}
    )
    assert reply.status == 200
    assert slack.views_published("U0BEN")[-1]["blocks"][0]["text"]["text"].startswith("Welcome")


def test_event_retry_headers_are_sent(sender: SlackSender, slack: SlackSandbox) -> None:
    reply = sender.event(
        {"type": "app_home_opened", "user": "U0BEN", "tab": "home"}, event_id="Ev0SAME", retry_num=1
    )
    assert reply.status == 200


def test_url_verification(sender: SlackSender) -> None:
    assert sender.url_verification("abc123").json() == {"challenge": "abc123"}


@pytest.mark.parametrize(
    "forge",
    [
        {"sign_with": "wrong-secret"},
        {"timestamp_offset": -400},
        {"tamper": True},
        {"unsigned": True},
    ],
)
def test_forged_requests_are_refused(
    sender: SlackSender, slack: SlackSandbox, forge: dict[str, Any]
) -> None:
    assert sender.command("U0ANA", "tip", **forge).status == 401
    assert sender.event({"type": "app_home_opened", "user": "U0BEN"}, **forge).status == 401
    assert slack.views_published() == []
