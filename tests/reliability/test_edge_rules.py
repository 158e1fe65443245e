"""The edge's rules as pure functions: header patterns, the signature over raw bytes, the field
checks and the OAuth query (the HTTP tests drive the same code through the real server)."""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
from starlette.datastructures import Headers

from bot.edge import (
    check_headers,
    field_checks,
    oauth_query_ok,
    problem_in,
    response_url_origins,
    signature_ok,
)

SECRET = b"sandbox-signing-secret"
LIMIT = 1024 * 1024


def headers(**values: str) -> Headers:
    return Headers({k.replace("_", "-"): v for k, v in values.items()})


def refusal(h: Headers, verify: bool = True) -> int | None:
    found = check_headers(h, h.getlist, max_body=LIMIT, verify=verify)
    return found.status if found else None


def good(**extra: str) -> Headers:
    values = {
        "content_type": "application/json",
        "x_slack_request_timestamp": "1764545400",
        "x_slack_signature": "v0=" + "a" * 64,
        **extra,
    }
    return headers(**values)


def test_the_size_limit_is_exact() -> None:
    assert refusal(good(content_length=str(LIMIT))) is None
    assert refusal(good(content_length=str(LIMIT + 1))) == 413
    assert refusal(good(content_length="99999999999999")) == 413
    for odd in ("-1", "1e3", "12 ", "0x10", "²"):
        assert refusal(good(content_length=odd)) == 400, odd


@pytest.mark.parametrize(
    "stamp", ["", "²", "1.5", "-1", "1e9", " 1", "1" * 13, "１２".encode().decode("latin-1")]
)
def test_timestamps_are_ascii_digits(stamp: str) -> None:
    assert refusal(good(x_slack_request_timestamp=stamp)) == 401


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "v0=",
        "v1=" + "a" * 64,
        "v0=" + "A" * 64,
        "v0=" + "a" * 63,
        "v0=" + "a" * 65,
        "v0=" + "g" * 64,
    ],
)
def test_signatures_are_v0_and_64_lowercase_hex(signature: str) -> None:
    assert refusal(good(x_slack_signature=signature)) == 401


def test_a_header_sent_twice_is_refused() -> None:
    twice = Headers(
        raw=[
            (b"content-type", b"application/json"),
            (b"x-slack-request-timestamp", b"1764545400"),
            (b"x-slack-request-timestamp", b"1764545401"),
            (b"x-slack-signature", b"v0=" + b"a" * 64),
        ]
    )
    assert refusal(twice) == 401


def test_only_forms_and_json_in_utf_8() -> None:
    assert refusal(good(content_type="application/x-www-form-urlencoded")) is None
    assert refusal(good(content_type="application/json; charset=utf-8")) is None
    for odd in ("text/plain", "multipart/form-data", "", "application/json; charset=latin-1"):
        assert refusal(good(content_type=odd)) == 400, odd
    assert refusal(good(x_slack_retry_num="1", x_slack_retry_reason="http_timeout")) is None
    assert refusal(good(x_slack_retry_num="one")) == 400


def sign(body: bytes, stamp: str) -> str:
    base = b"v0:" + stamp.encode() + b":" + body
    return "v0=" + hmac.new(SECRET, base, hashlib.sha256).hexdigest()


def test_the_signature_is_over_the_raw_bytes_even_when_they_are_not_text() -> None:
    now = time.time()
    stamp = str(int(now))
    body = b"payload=%7B%7D\xff\xfe"  # not UTF-8: checked as sent, refused later as malformed
    assert signature_ok(SECRET, timestamp=stamp, signature=sign(body, stamp), body=body, now=now)
    assert not signature_ok(
        SECRET, timestamp=stamp, signature=sign(body, stamp), body=body + b" ", now=now
    )
    old = str(int(now) - 301)
    assert not signature_ok(SECRET, timestamp=old, signature=sign(body, old), body=body, now=now)


CHECKS = field_checks(response_url_origins("https://slack.com/api/"))


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"team_id": "T0SANDBOX", "user_id": "U0BEN", "text": "tip"}, None),
        ({"user_id": "u0ben"}, "user_id"),
        ({"response_url": "https://hooks.slack.com/commands/T1/2/x"}, None),
        ({"response_url": "https://hooks.slack.com.evil.example/x"}, "response_url"),
        ({"response_url": "http://hooks.slack.com/x"}, "response_url"),
        ({"response_url": "https://slack.com/api/x"}, None),  # SLACK_API_URL's host
        ({"user": {"id": "W0GRID"}, "actions": [{"action_id": "x", "value": "y"}]}, None),
        ({"actions": [{"action_id": "x\u0000"}]}, "actions[].action_id"),
        ({"view": {"private_metadata": "x" * 3001}}, "view.private_metadata"),
        ({"event": {"type": "user_change", "user": {"id": "U1"}}}, None),
        ({"event": {"type": "message", "user": "not an id"}}, "event.user"),
        ({"event_time": "1764545400"}, "event_time"),
        ({"event_time": True}, "event_time"),
    ],
)
def test_fields(body: dict[str, object], problem: str | None) -> None:
    assert problem_in(body, CHECKS) == problem


def test_oauth_query() -> None:
    assert oauth_query_ok([("code", "1234.5678.abcd"), ("state", "AbC-_9")])
    assert oauth_query_ok([("utm_source", "<anything>")])  # not read, not checked
    assert not oauth_query_ok([("state", "a"), ("state", "b")])
    assert not oauth_query_ok([("code", "<script>")])
