"""Rate limits and injected faults."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.sandbox import SlackSandbox


def test_channel_rate_limit_gives_429_with_integer_retry_after(
    client: WebClient, slack: SlackSandbox
) -> None:
    for i in range(4):  # the burst
        client.chat_postMessage(channel="C0FRONTDESK", text=f"m{i}")
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel="C0FRONTDESK", text="one too many")
    resp = info.value.response
    assert resp.status_code == 429 and resp["error"] == "ratelimited"
    assert int(resp.headers["Retry-After"]) >= 1
    assert slack.rate_limited_count("chat.postMessage") == 1
    assert slack.calls("chat.postMessage")[-1].status == 429
    # Other channels have their own pace.
    assert client.chat_postMessage(channel="U0ANA", text="dm")["ok"]


def test_retry_handler_succeeds_after_429(slack: SlackSandbox) -> None:
    client = WebClient(
        base_url=slack.api_url,
        token=slack.bot_token,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    for i in range(5):
        assert client.chat_postMessage(channel="C0FRONTDESK", text=f"m{i}")["ok"]
    assert slack.rate_limited_count() == 1
    assert [c.status for c in slack.calls("chat.postMessage")][-2:] == [429, 200]


def test_workspace_rate_and_tiers(make_slack: Callable[..., SlackSandbox]) -> None:
    slack = make_slack(
        post_message_per_channel_per_sec=None, workspace_post_rate=2.0, enforce_tiers=True
    )
    client = WebClient(base_url=slack.api_url, token=slack.bot_token)
    statuses = []
    for user in ("U0ANA", "U0BEN", "U0CAL"):
        try:
            statuses.append(client.chat_postMessage(channel=user, text="x").status_code)
        except SlackApiError as exc:
            statuses.append(exc.response.status_code)
    assert statuses == [200, 200, 429]
    for _ in range(20):  # users.list is Tier 2: 20 per minute
        client.users_list()
    with pytest.raises(SlackApiError) as info:
        client.users_list()
    assert info.value.response.status_code == 429


def test_fail_next_then_recover(slack: SlackSandbox, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", count=1, status=503)
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel="U0ANA", text="x")
    assert info.value.response.status_code == 503
    retrying = WebClient(
        base_url=slack.api_url,
        token=slack.bot_token,
        retry_handlers=[ServerErrorRetryHandler(max_retry_count=1)],
    )
    slack.fail_next("chat.postMessage", count=1, status=500)
    assert retrying.chat_postMessage(channel="U0ANA", text="y")["ok"]
    slack.fail_next(None, status=429, retry_after=7)
    with pytest.raises(SlackApiError) as info:
        client.auth_test()
    assert info.value.response.headers["Retry-After"] == "7"


def test_hang_next_makes_the_client_time_out(slack: SlackSandbox) -> None:
    slack.hang_next("chat.postMessage", count=1, seconds=2)
    client = WebClient(
        base_url=slack.api_url, token=slack.bot_token, timeout=0.3, retry_handlers=[]
    )
    with pytest.raises((TimeoutError, URLError)):
        client.chat_postMessage(channel="U0ANA", text="slow")


def test_accept_then_drop_leaves_delivery_in_doubt(slack: SlackSandbox) -> None:
    client = WebClient(base_url=slack.api_url, token=slack.bot_token, retry_handlers=[])
    slack.accept_then_drop("chat.postMessage")
    meta = {"event_type": "balance_delivery", "event_payload": {"delivery_id": "d-7"}}
    with pytest.raises(Exception):  # noqa: B017 - urllib raises RemoteDisconnected/URLError
        client.chat_postMessage(channel="U0ANA", text="nudge", metadata=meta)
    assert slack.calls("chat.postMessage")[0].status == 0
    history = client.conversations_history(
        channel=slack.dm_channel_id("U0ANA"), include_all_metadata=True
    )
    assert history["messages"][0]["metadata"] == meta


def test_outage_and_set_down(slack: SlackSandbox, client: WebClient) -> None:
    slack.outage(0.3)
    with pytest.raises(SlackApiError) as info:
        client.auth_test()
    assert info.value.response.status_code == 503
    time.sleep(0.35)
    assert client.auth_test()["ok"]
    slack.set_down(True, mode="close")
    quiet = WebClient(base_url=slack.api_url, token=slack.bot_token, retry_handlers=[])
    with pytest.raises(Exception):  # noqa: B017 - the connection is closed unanswered
        quiet.auth_test()
    slack.set_down(False)
    assert client.auth_test()["ok"]
