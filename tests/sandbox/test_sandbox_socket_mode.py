"""Bolt's SocketModeHandler (slack_sdk builtin client) against the sandbox's WebSocket server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from bot.sandbox import SlackSandbox, SocketSender


@pytest.fixture
def handler(slack: SlackSandbox) -> Iterator[SocketModeHandler]:
    app = App(client=WebClient(base_url=slack.api_url, token=slack.bot_token))

    @app.command("/balance")
    def balance(ack: Any, command: dict[str, Any]) -> None:
        ack(f"tip for {command['user_id']}")

    @app.event("app_mention")
    def mention(event: dict[str, Any], say: Any) -> None:
        say(f"hello <@{event['user']}>")

    @app.view("settings")
    def settings(ack: Any) -> None:
        ack(response_action="errors", errors={"level": "pick one"})

    handler = SocketModeHandler(app, slack.app_token)
    handler.connect()
    slack.wait_for_socket(timeout=5)
    yield handler
    close_quickly(slack, handler)


def close_quickly(slack: SlackSandbox, handler: SocketModeHandler) -> None:
    # The builtin client's close() waits for its 3 s socket read; closing from the server side
    # first (with reconnects off) ends that read at once.
    handler.client.auto_reconnect_enabled = False
    slack.socket_drop()
    handler.close()


def mention() -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U0ANA",
        "text": "<@U0BALANCE> hi",
        "channel": "C0FRONTDESK",
        "ts": "1700000000.000100",
    }


def test_command_and_event_are_acked(slack: SlackSandbox, handler: SocketModeHandler) -> None:
    sock = SocketSender(slack)
    assert sock.command("U0ANA", "tip").payload() == {"text": "tip for U0ANA"}
    reply = sock.event(mention())
    assert reply.status == 200 and reply.payload() == {}
    slack.wait_for(lambda: slack.messages("C0FRONTDESK"))
    assert slack.messages("C0FRONTDESK")[-1]["text"] == "hello <@U0ANA>"
    assert slack.calls("apps.connections.open")[0].token == slack.app_token


def test_view_submission_ack_payload(slack: SlackSandbox, handler: SocketModeHandler) -> None:
    reply = SocketSender(slack).view_submission(
        "U0ANA", {"id": "V1", "callback_id": "settings"}, {"level": {"value": "x"}}
    )
    assert reply.payload() == {"response_action": "errors", "errors": {"level": "pick one"}}


def test_reconnects_after_refresh_requested(
    slack: SlackSandbox, handler: SocketModeHandler
) -> None:
    assert slack.socket_disconnect("refresh_requested") == 1
    slack.wait_for_socket(timeout=10)
    assert len(slack.calls("apps.connections.open")) == 2
    ack = slack.socket_send(
        "slash_commands",
        {
            "command": "/balance",
            "user_id": "U0BEN",
            "text": "",
            "team_id": slack.team_id,
            "channel_id": "C0FRONTDESK",
        },
    )
    assert ack == {"text": "tip for U0BEN"}
    assert SocketSender(slack).event(mention(), retry_num=1).status == 200


def test_unhandled_envelope_gets_no_ack(slack: SlackSandbox, handler: SocketModeHandler) -> None:
    reply = SocketSender(slack, timeout=0.5).command("U0ANA", command="/unknown")
    assert reply.status == 0


def test_two_connections_share_envelopes(slack: SlackSandbox, handler: SocketModeHandler) -> None:
    second = SocketModeHandler(handler.app, slack.app_token)
    second.connect()
    try:
        slack.wait_for_socket(timeout=5, count=2)
        sock = SocketSender(slack)
        for _ in range(4):
            assert sock.command("U0ANA").payload() == {"text": "tip for U0ANA"}
        assert slack.socket_connection_count() == 2
    finally:
        close_quickly(slack, second)


def test_unknown_ticket_is_refused(slack: SlackSandbox) -> None:
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    port = slack.socket.port
    with pytest.raises(InvalidStatus):
        connect(f"ws://127.0.0.1:{port}/link/?ticket=forged")
