"""A real slack_sdk WebClient against the sandbox's Web API."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import SlackSandbox


def error_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(SlackApiError) as info:
        call()
    return str(info.value.response["error"])


def test_auth_errors(slack: SlackSandbox) -> None:
    assert error_of(WebClient(base_url=slack.api_url).auth_test) == "not_authed"
    assert (
        error_of(WebClient(base_url=slack.api_url, token="xoxb-nope").auth_test) == "invalid_auth"
    )
    app_client = WebClient(base_url=slack.api_url, token=slack.app_token)
    assert (
        error_of(lambda: app_client.chat_postMessage(channel="C0FRONTDESK", text="x"))
        == "not_allowed_token_type"
    )
    assert slack.calls("auth.test")[0].status == 200


def test_auth_test_identity_and_scopes(client: WebClient, slack: SlackSandbox) -> None:
    resp = client.auth_test()
    assert (resp["user_id"], resp["bot_id"], resp["team_id"]) == (
        "U0BALANCE",
        "B0BALANCE",
        "T0SANDBOX",
    )
    assert "chat:write" in resp.headers["x-oauth-scopes"].split(",")


def test_unknown_method_and_extra_params(client: WebClient) -> None:
    assert error_of(lambda: client.api_call("chat.teleport")) == "unknown_method"
    ok = client.chat_postMessage(channel="C0FRONTDESK", text="hi", team_id="T0SANDBOX")
    assert ok["ok"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_is_recorded_with_metadata(client: WebClient, slack: SlackSandbox) -> None:
    meta = {"event_type": "balance_delivery", "event_payload": {"delivery_id": "d-1"}}
    first = client.chat_postMessage(channel="C0FRONTDESK", text="one", metadata=meta)
    second = client.chat_postMessage(channel="C0FRONTDESK", text="two")
    assert float(second["ts"]) > float(first["ts"])
    msgs = slack.messages("C0FRONTDESK")
    assert [m["text"] for m in msgs] == ["one", "two"]
    assert msgs[0]["metadata"] == meta and msgs[0]["user"] == "U0BALANCE"
    call = slack.calls("chat.postMessage")[0]
    assert call.params["metadata"] == meta and call.token == slack.bot_token and call.ok
    assert (
        error_of(lambda: client.chat_postMessage(channel="C0NOPE", text="x")) == "channel_not_found"
    )
    assert error_of(lambda: client.chat_postMessage(channel="C0FRONTDESK")) == "no_text"


def test_history_returns_metadata_only_when_asked(client: WebClient) -> None:
    meta = {"event_type": "balance_delivery", "event_payload": {"delivery_id": "d-9"}}
    client.chat_postMessage(channel="U0ANA", text="nudge", metadata=meta)
    dm = client.conversations_open(users="U0ANA")["channel"]["id"]
    plain = client.conversations_history(channel=dm)["messages"][0]
    assert "metadata" not in plain
    full = client.conversations_history(channel=dm, include_all_metadata=True)["messages"][0]
    assert full["metadata"] == meta


def test_dm_via_conversations_open(client: WebClient, slack: SlackSandbox) -> None:
    opened = client.conversations_open(users="U0ANA")
    dm = opened["channel"]["id"]
    assert dm.startswith("D") and client.conversations_open(users=["U0ANA"])["channel"]["id"] == dm
    posted = client.chat_postMessage(channel=dm, text="Time for a break")
    assert posted["channel"] == dm
    assert slack.messages("U0ANA")[0]["text"] == "Time for a break"
    assert error_of(lambda: client.conversations_open(users="U0GHOST")) == "user_not_found"


def test_update_ephemeral_permalink(client: WebClient, slack: SlackSandbox) -> None:
    ts = client.chat_postMessage(channel="C0FRONTDESK", text="poll")["ts"]
    client.chat_update(channel="C0FRONTDESK", ts=ts, text="poll (closed)")
    assert slack.messages("C0FRONTDESK")[0]["text"] == "poll (closed)"
    assert (
        error_of(lambda: client.chat_update(channel="C0FRONTDESK", ts="1.2", text="x"))
        == "message_not_found"
    )
    assert client.chat_getPermalink(channel="C0FRONTDESK", message_ts=ts)["permalink"]
    client.chat_postEphemeral(channel="C0FRONTDESK", user="U0ANA", text="Ben is off shift")
    assert slack.ephemerals(user="U0ANA")[0]["text"] == "Ben is off shift"
    assert (
        error_of(lambda: client.chat_postEphemeral(channel="C0FRONTDESK", user="U0CAL", text="x"))
        == "user_not_in_channel"
    )
    client.chat_delete(channel="C0FRONTDESK", ts=ts)
    assert slack.messages("C0FRONTDESK") == []


def test_schedule_messages(client: WebClient, slack: SlackSandbox) -> None:
    now = int(time.time())
    assert (
        error_of(lambda: client.chat_scheduleMessage(channel="U0ANA", post_at=now - 5, text="x"))
        == "time_in_past"
    )
    assert (
        error_of(
            lambda: client.chat_scheduleMessage(
                channel="U0ANA", post_at=now + 121 * 86400, text="x"
            )
        )
        == "time_too_far"
    )
    sid = client.chat_scheduleMessage(channel="U0ANA", post_at=now + 3600, text="see you")[
        "scheduled_message_id"
    ]
    listed = client.chat_scheduledMessages_list()["scheduled_messages"]
    assert [s["id"] for s in listed] == [sid]
    client.chat_deleteScheduledMessage(
        channel=slack.dm_channel_id("U0ANA"), scheduled_message_id=sid
    )
    assert slack.scheduled_messages() == []
    client.chat_scheduleMessage(channel="C0FRONTDESK", post_at=now + 60, text="later")
    assert slack.deliver_scheduled(now=now + 61)[0]["text"] == "later"
    assert slack.messages("C0FRONTDESK")[-1]["text"] == "later"


def test_users_info_timezone_and_locale(client: WebClient) -> None:
    user = client.users_info(user="U0ANA")["user"]
    expected = datetime.now(UTC).astimezone(ZoneInfo("America/Chicago")).utcoffset()
    assert expected is not None
    assert user["tz"] == "America/Chicago" and user["tz_offset"] == expected.total_seconds()
    assert "Central" in user["tz_label"] and "locale" not in user
    assert client.users_info(user="U0ANA", include_locale=True)["user"]["locale"] == "es-MX"
    assert client.users_info(user="U0CAL")["user"]["tz_offset"] == 19800
    assert error_of(lambda: client.users_info(user="U0GHOST")) == "user_not_found"


def test_users_list_and_members_paginate(client: WebClient) -> None:
    ids = [m["id"] for page in client.users_list(limit=2) for m in page["members"]]
    assert {"U0ANA", "U0BEN", "U0CAL", "U0BALANCE", "USLACKBOT"} == set(ids)
    slackbot = next(
        m for page in client.users_list() for m in page["members"] if m["id"] == "USLACKBOT"
    )
    assert slackbot["is_bot"] is False
    members = [
        m
        for page in client.conversations_members(channel="C0FRONTDESK", limit=1)
        for m in page["members"]
    ]
    assert members == ["U0ANA", "U0BEN", "U0BALANCE"]


def test_presence_dnd_team(client: WebClient, slack: SlackSandbox) -> None:
    slack.set_presence("U0ANA", "away")
    slack.set_dnd("U0BEN", True, 1_800_000_000, 1_800_003_600)
    assert client.users_getPresence(user="U0ANA")["presence"] == "away"
    assert client.dnd_info(user="U0BEN")["next_dnd_end_ts"] == 1_800_003_600
    team = client.dnd_teamInfo(users="U0ANA,U0BEN")["users"]
    assert team["U0BEN"]["dnd_enabled"] is True and team["U0ANA"]["dnd_enabled"] is False
    assert client.team_info()["team"]["id"] == "T0SANDBOX"


def test_files_upload_v2(client: WebClient, slack: SlackSandbox) -> None:
    resp = client.files_upload_v2(
        channel="C0FRONTDESK",
        filename="pulse.png",
        content=b"\x89PNG fake",
        title="Pulse trend",
        initial_comment="This week",
    )
    assert resp["file"]["title"] == "Pulse trend"
    upload = slack.uploads()[0]
    assert upload["data"] == b"\x89PNG fake" and upload["channels"] == ["C0FRONTDESK"]
    assert slack.messages("C0FRONTDESK")[-1]["text"] == "This week"


def test_response_url_is_recorded_and_capped(slack: SlackSandbox) -> None:
    url = slack.new_response_url()
    for i in range(5):
        assert httpx.post(url, json={"text": f"r{i}"}).text == "ok"
    extra = httpx.post(url, json={"text": "too many"})
    assert (extra.status_code, extra.text) == (404, "used_url")
    assert [r["body"]["text"] for r in slack.responses(url)] == [f"r{i}" for i in range(5)]


def test_oauth_install_and_rotation(slack: SlackSandbox) -> None:
    client = WebClient(base_url=slack.api_url)
    code = slack.oauth_code(team_id="T0OTHER", team_name="Other Clinic", rotate=True)
    installed = client.oauth_v2_access(
        client_id="sandbox-client-id", client_secret="sandbox-client-secret", code=code
    )
    assert installed["team"]["id"] == "T0OTHER"
    other = WebClient(base_url=slack.api_url, token=installed["access_token"])
    assert other.auth_test()["team_id"] == "T0OTHER"
    refreshed = client.oauth_v2_access(
        client_id="sandbox-client-id",
        client_secret="sandbox-client-secret",
        grant_type="refresh_token",
        refresh_token=installed["refresh_token"],
    )
    assert refreshed["access_token"] != installed["access_token"]
    assert (
        error_of(
            lambda: client.oauth_v2_access(
                client_id="sandbox-client-id", client_secret="sandbox-client-secret", code=code
            )
        )
        == "invalid_code"
    )


def test_many_concurrent_clients(slack: SlackSandbox) -> None:
    for i in range(50):
        slack.add_user(f"U{i:04d}", name=f"moa{i}")
    errors: list[BaseException] = []

    def post(i: int) -> None:
        try:
            client = WebClient(base_url=slack.api_url, token=slack.bot_token)
            client.chat_postMessage(channel=f"U{i:04d}", text=f"nudge {i}")
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(slack.messages()) == 50
    assert len({m["ts"] for m in slack.messages()}) == 50
