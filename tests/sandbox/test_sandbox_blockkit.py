"""Block Kit rejections like Slack's: invalid_blocks for messages, invalid_arguments for views."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import SlackSandbox


def section(text: str = "hi") -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def modal(title: str = "Settings", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [section()],
        **extra,
    }


def rejected(call: Any) -> tuple[str, list[str]]:
    with pytest.raises(SlackApiError) as info:
        call()
    data = info.value.response.data
    assert isinstance(data, dict)
    return data["error"], data.get("response_metadata", {}).get("messages", [])


def test_51_blocks_in_a_message(client: WebClient) -> None:
    error, messages = rejected(
        lambda: client.chat_postMessage(channel="C0FRONTDESK", text="x", blocks=[section()] * 51)
    )
    assert error == "invalid_blocks"
    assert messages == ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"]
    assert client.chat_postMessage(channel="C0FRONTDESK", text="x", blocks=[section()] * 50)["ok"]


def test_long_section_and_button_text(client: WebClient) -> None:
    error, messages = rejected(
        lambda: client.chat_postMessage(
            channel="C0FRONTDESK", text="x", blocks=[section("a" * 3001)]
        )
    )
    assert error == "invalid_blocks"
    assert messages == [
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
    ]
    button = {"type": "button", "action_id": "b", "text": {"type": "plain_text", "text": "b" * 76}}
    _, messages = rejected(
        lambda: client.chat_postMessage(
            channel="C0FRONTDESK", text="x", blocks=[{"type": "actions", "elements": [button]}]
        )
    )
    assert messages == [
        "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"
    ]


def test_slack_sdk_model_checks_and_unknown_types(client: WebClient) -> None:
    too_many_fields = {"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}
    error, messages = rejected(
        lambda: client.chat_postMessage(channel="C0FRONTDESK", text="x", blocks=[too_many_fields])
    )
    assert error == "invalid_blocks" and "fields" in messages[0]
    _, messages = rejected(
        lambda: client.chat_postMessage(
            channel="C0FRONTDESK", text="x", blocks=[{"type": "sparkles"}]
        )
    )
    assert messages == ["[ERROR] failed to match all allowed schemas [json-pointer:/blocks/0]"]


def test_modal_title_too_long(client: WebClient) -> None:
    error, messages = rejected(
        lambda: client.views_open(trigger_id="1.2.abc", view=modal("x" * 25))
    )
    assert error == "invalid_arguments"
    assert messages == ["[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"]
    assert client.views_open(trigger_id="1.2.abc", view=modal("x" * 24))["view"]["id"]


def test_modal_inputs_need_submit(client: WebClient) -> None:
    view = modal(
        blocks=[
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "Level"},
                "element": {"type": "plain_text_input", "action_id": "v"},
            }
        ]
    )
    _, messages = rejected(lambda: client.views_open(trigger_id="1.2.abc", view=view))
    assert messages == [
        "[ERROR] must define submit to use input block [json-pointer:/view/blocks/0/input]"
    ]


def test_view_limits(client: WebClient) -> None:
    home = {"type": "home", "blocks": [section()] * 101}
    error, _ = rejected(lambda: client.views_publish(user_id="U0ANA", view=home))
    assert error == "invalid_arguments"
    _, messages = rejected(
        lambda: client.views_open(trigger_id="1.2.abc", view=modal(private_metadata="m" * 3001))
    )
    assert messages == [
        "[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]"
    ]


def test_trigger_ids_issued_by_the_sandbox_are_single_use(
    client: WebClient, slack: SlackSandbox
) -> None:
    trigger = slack.new_trigger_id()
    assert client.views_open(trigger_id=trigger, view=modal())["ok"]
    error, _ = rejected(lambda: client.views_open(trigger_id=trigger, view=modal()))
    assert error == "exchanged_trigger_id"
    error, _ = rejected(lambda: client.views_open(trigger_id="", view=modal()))
    assert error == "invalid_arguments"


def test_views_update_and_publish(client: WebClient, slack: SlackSandbox) -> None:
    opened = client.views_open(trigger_id="1.2.abc", view=modal())["view"]
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal("Saved"))[
        "view"
    ]
    assert updated["id"] == opened["id"] and updated["title"]["text"] == "Saved"
    error, _ = rejected(
        lambda: client.views_update(view_id=opened["id"], hash="stale", view=modal())
    )
    assert error == "hash_conflict"
    first = client.views_publish(user_id="U0ANA", view={"type": "home", "blocks": [section()]})
    again = client.views_publish(user_id="U0ANA", view={"type": "home", "blocks": []})
    assert first["view"]["id"] == again["view"]["id"]
    assert len(slack.views_published("U0ANA")) == 2 and slack.views_published("U0BEN") == []
