"""More than 200 forged, unsigned, stale, replayed and tampered requests across commands,
interactions and events: every one is refused with 401, makes no Slack call (Web API or
response_url) and changes nothing in the database."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select

from bot.sandbox import SlackSender
from bot.sandbox.sender import Reply
from bot.store.tables import metadata
from tests.integration.conftest import Bot

SECRET = "sandbox-signing-secret"
NUDGE = "nudge:T0SANDBOX:U0BEN:2026-11-30:break-0800-2"
Request = tuple[str, str]  # (body, content type), exactly as Slack would send it


class Capture(SlackSender):
    """Builds a request the way the sandbox's sender does, and keeps it instead of sending."""

    def post(
        self, body: str, content_type: str, *, headers: dict[str, str] | None = None, **forge: Any
    ) -> Reply:
        self.captured = (body, content_type)
        return Reply(0)


def build(bot: Bot) -> dict[str, Request]:
    capture = Capture("http://unused.invalid/slack/events", SECRET, sandbox=bot.slack)
    nudge_msg = {
        "channel": "D0BEN",
        "ts": "1764513000.000100",
        "text": "Time for a break",
        "blocks": [
            {
                "type": "actions",
                "block_id": "nudge",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "breaks.snooze.10",
                        "value": NUDGE,
                        "text": {"type": "plain_text", "text": "10 min"},
                    }
                ],
            }
        ],
    }
    makers: dict[str, Callable[[], Reply]] = {
        # slash commands
        "cmd help": lambda: capture.command("U0BEN", "help"),
        "cmd level": lambda: capture.command("U0BEN", "level senior"),
        "cmd shift": lambda: capture.command("U0BEN", "shift mon-fri 08:00-17:00"),
        "cmd tip": lambda: capture.command("U0BEN", "tip senior boundaries"),
        "cmd forget-me": lambda: capture.command("U0BEN", "forget-me"),
        "cmd settings": lambda: capture.command("U0BEN", "settings"),
        "cmd pulse setup": lambda: capture.command("U0MGR", "pulse setup"),
        "cmd pulse results": lambda: capture.command("U0MGR", "pulse results"),
        "cmd admin managers": lambda: capture.command("U0MGR", "admin managers <@U0BEN>"),
        "cmd admin urgent": lambda: capture.command("U0MGR", 'admin urgent "call ext. 200"'),
        "cmd away": lambda: capture.command("U0ANA", "away until 2026-12-24"),
        "cmd as another user": lambda: capture.command("U0MGR", "quiet off"),
        # interactions
        "click status": lambda: capture.block_action(
            "U0BEN", "balance.run.status", "status", channel_id="C0FRONTDESK"
        ),
        "click snooze": lambda: capture.block_action(
            "U0BEN", "breaks.snooze.10", NUDGE, message=nudge_msg, channel_id="D0BEN"
        ),
        "click took it": lambda: capture.block_action(
            "U0BEN", "breaks.took_it", NUDGE, message=nudge_msg, channel_id="D0BEN"
        ),
        "click forget confirm": lambda: capture.block_action(
            "U0BEN", "forget.confirm", "confirm", channel_id="C0FRONTDESK"
        ),
        "click another tip": lambda: capture.block_action(
            "U0BEN", "tip.another", "senior", channel_id="C0FRONTDESK"
        ),
        "click remind": lambda: capture.block_action(
            "U0BEN",
            "quiet.remind.U0ANA",
            "U0ANA|C0FRONTDESK|1764545400.000100",
            channel_id="C0FRONTDESK",
        ),
        "submit settings": lambda: capture.view_submission(
            "U0BEN",
            {"callback_id": "settings", "blocks": []},
            {"level": {"level": {"type": "static_select", "selected_option": {"value": "senior"}}}},
            callback_id="settings",
        ),
        "submit pulse answer": lambda: capture.view_submission(
            "U0BEN",
            {"callback_id": "pulse.answer", "blocks": []},
            {"comment": {"comment": "forged comment"}},
            callback_id="pulse.answer",
        ),
        "shortcut": lambda: capture.interactive(
            {
                "type": "shortcut",
                "callback_id": "balance",
                "trigger_id": "1.2.3",
                "user": {"id": "U0BEN", "team_id": "T0SANDBOX"},
                "team": {"id": "T0SANDBOX"},
            }
        ),
        # events
        "event home": lambda: capture.event(
            {"type": "app_home_opened", "user": "U0BEN", "tab": "home"}, event_id="Ev0F1"
        ),
        "event user_change": lambda: capture.event(
            {"type": "user_change", "user": {"id": "U0BEN", "tz": "Asia/Tokyo"}}, event_id="Ev0F2"
        ),
        "event mention": lambda: capture.event(
            {
                "type": "message",
                "channel": "C0FRONTDESK",
                "user": "U0BEN",
                "ts": "1.000001",
                "text": "<@U0ANA> hi",
                "channel_type": "channel",
            },
            event_id="Ev0F3",
        ),
        "event app_mention": lambda: capture.event(
            {
                "type": "app_mention",
                "channel": "C0FRONTDESK",
                "user": "U0BEN",
                "ts": "1.000002",
                "text": "<@U0BALANCE> help",
            },
            event_id="Ev0F4",
        ),
        "event uninstalled": lambda: capture.event({"type": "app_uninstalled"}, event_id="Ev0F5"),
        "event tokens revoked": lambda: capture.event(
            {"type": "tokens_revoked", "tokens": {"bot": ["U0BALANCE"]}}, event_id="Ev0F6"
        ),
        "event retried": lambda: capture.event(
            {"type": "app_home_opened", "user": "U0ANA", "tab": "home"},
            event_id="Ev0F7",
            retry_num=1,
        ),
    }
    requests: dict[str, Request] = {}
    for name, make in makers.items():
        make()
        requests[name] = capture.captured
    requests["url verification"] = (
        json.dumps({"token": "x", "challenge": "c", "type": "url_verification"}),
        "application/json",
    )
    return requests


def sign(body: str, ts: int | str, secret: str = SECRET) -> str:
    signed = SignatureVerifier(secret).generate_signature(timestamp=str(ts), body=body.encode())
    return signed or ""


Forgery = Callable[[SlackSender, str, str, str], Reply]


def _forge(**forge: Any) -> Forgery:
    return lambda s, body, ctype, other: s.post(body, ctype, **forge)


def _headers(make: Callable[[str, str, int], dict[str, str]]) -> Forgery:
    def send(s: SlackSender, body: str, ctype: str, other: str) -> Reply:
        return s.post(body, ctype, headers=make(body, other, int(time.time())), unsigned=True)

    return send


FORGERIES: dict[str, Forgery] = {
    "wrong secret": _forge(sign_with="not-the-signing-secret"),
    "unsigned": _forge(unsigned=True),
    "stale (6 minutes)": _forge(timestamp_offset=-360),
    "stale (a day)": _forge(timestamp_offset=-86400),
    "from the future": _forge(timestamp_offset=360),
    "tampered after signing": _forge(tamper=True),
    # A genuine request captured and replayed once it is more than 5 minutes old.
    "replayed later": _headers(
        lambda body, other, now: {
            "X-Slack-Request-Timestamp": str(now - 301),
            "X-Slack-Signature": sign(body, now - 301),
        }
    ),
    # The same, with the timestamp header refreshed: the signature no longer matches.
    "replayed with a fresh timestamp": _headers(
        lambda body, other, now: {
            "X-Slack-Request-Timestamp": str(now),
            "X-Slack-Signature": sign(body, now - 400),
        }
    ),
    # A valid signature, lifted from another request.
    "signature of another body": _headers(
        lambda body, other, now: {
            "X-Slack-Request-Timestamp": str(now),
            "X-Slack-Signature": sign(other, now),
        }
    ),
    "unknown signature version": _headers(
        lambda body, other, now: {
            "X-Slack-Request-Timestamp": str(now),
            "X-Slack-Signature": "v2=" + sign(body, now)[3:],
        }
    ),
    "empty signature": _headers(
        lambda body, other, now: {"X-Slack-Request-Timestamp": str(now), "X-Slack-Signature": ""}
    ),
}


def snapshot(bot: Bot) -> dict[str, list[tuple[Any, ...]]]:
    with bot.store.engine.connect() as conn:
        return {
            name: sorted(tuple(map(repr, row)) for row in conn.execute(select(table)))
            for name, table in metadata.tables.items()
        }


def test_over_200_forged_requests_are_all_refused(http_bot: Bot) -> None:
    bot = http_bot
    assert bot.sender.command("U0BEN", "shift mon-fri 08:00-17:00").status == 200  # some data
    requests = build(bot)
    before = snapshot(bot)
    bot.slack.clear_calls()
    sender = bot.sender
    assert isinstance(sender, SlackSender)
    other_body = requests["cmd help"][0]
    refused: list[tuple[str, str, int]] = []
    for forgery_name, forge in FORGERIES.items():
        for request_name, (body, ctype) in requests.items():
            other = other_body if request_name != "cmd help" else requests["cmd level"][0]
            reply = forge(sender, body, ctype, other)
            refused.append((forgery_name, request_name, reply.status))
    assert len(refused) >= 200, len(refused)
    accepted = [r for r in refused if r[2] != 401]
    assert accepted == [], accepted
    assert bot.slack.calls() == [], "a forged request made a Slack call"
    assert bot.slack.responses() == [], "a forged request answered through a response_url"
    assert snapshot(bot) == before, "a forged request changed the database"
    # The same requests, signed properly, are accepted: the refusals were about the signature.
    assert sender.post(*requests["cmd level"]).status == 200


JSON, FORM = "application/json", "application/x-www-form-urlencoded"
GARBAGE = [
    (JSON, ""),
    (JSON, "{}"),
    (FORM, ""),
    (FORM, "{}"),
    (FORM, "command=/balance&text=help"),
    (FORM, "[]"),
    (FORM, "null"),
    (FORM, "\x00\xff"),
    # Bodies Bolt cannot even parse: refused before its signature check would choke on them.
    *[(JSON, body) for body in ["{", "[]", "null", "1", '"x"', "payload=", "command=/balance"]],
    *[(FORM, body) for body in ["{", "payload=", "payload=%5B%5D"]],
]


@pytest.mark.parametrize(("ctype", "body"), GARBAGE)
def test_garbage_bodies_unsigned_are_refused(http_bot: Bot, ctype: str, body: str) -> None:
    before = snapshot(http_bot)
    http_bot.slack.clear_calls()
    assert isinstance(http_bot.sender, SlackSender)
    assert http_bot.sender.post(body, ctype, unsigned=True).status == 401
    assert http_bot.slack.calls() == [] and snapshot(http_bot) == before


def test_a_timestamp_that_is_not_a_number_is_refused(http_bot: Bot) -> None:
    body, ctype = build(http_bot)["cmd level"]
    before = snapshot(http_bot)
    http_bot.slack.clear_calls()
    assert isinstance(http_bot.sender, SlackSender)
    reply = http_bot.sender.post(
        body,
        ctype,
        unsigned=True,
        headers={"X-Slack-Request-Timestamp": "now", "X-Slack-Signature": sign(body, "now")},
    )
    assert http_bot.slack.calls() == [] and snapshot(http_bot) == before
    assert reply.status == 401


# Digits `str.isdigit()` accepts but `int()` and Slack do not, and other near-numbers.
ODD_TIMESTAMPS = [
    "²",
    "³¹",
    "١٧٦٤٥٤٥٤٠٠",
    "１７６４",
    "1764545400.5",
    "+1764545400",
    "-1",
    "1e9",
    "0x69",
    "99999999999999999999",
    "now",
]


@pytest.mark.parametrize("stamp", ODD_TIMESTAMPS)
def test_odd_timestamps_are_refused_without_an_error_logged(
    http_bot: Bot, stamp: str, caplog: pytest.LogCaptureFixture
) -> None:
    body, ctype = build(http_bot)["cmd level"]
    before = snapshot(http_bot)
    http_bot.slack.clear_calls()
    assert isinstance(http_bot.sender, SlackSender)
    caplog.set_level(logging.INFO)
    reply = http_bot.sender.post(
        body,
        ctype,
        unsigned=True,
        headers={
            "X-Slack-Request-Timestamp": stamp.encode(),  # type: ignore[dict-item]
            "X-Slack-Signature": sign(body, stamp),
        },
    )
    assert reply.status == 401
    assert snapshot(http_bot) == before and http_bot.slack.calls() == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def signed_payload(http_bot: Bot, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "api_app_id": "A0BALANCE",
        "user": {"id": "U0BEN", "team_id": "T0SANDBOX"},
        "team": {"id": "T0SANDBOX"},
        "trigger_id": "1.2.3",
        "channel": {"id": "C0FRONTDESK"},
        "response_url": http_bot.slack.new_response_url(channel="C0FRONTDESK"),
        "actions": [
            {
                "action_id": "balance.run.level",
                "block_id": "b",
                "type": "button",
                "value": "level senior",
                "action_ts": "1764545400.000100",
            }
        ],
    }
    payload.update(fields)
    return payload


MALFORMED_COMMANDS = {
    "user id with markup": {"user_id": "U0BEN>"},
    "team id in lower case": {"team_id": "t0sandbox"},
    "channel id with a path": {"channel_id": "C0FRONTDESK/../x"},
    "response_url elsewhere": {"response_url": "https://attacker.example/hook"},
    "response_url with credentials": {"response_url": "https://u:p@hooks.slack.com/x"},
    "trigger id of letters": {"trigger_id": "trigger"},
    "odd command": {"command": "/balance;rm"},
    "odd flag": {"is_enterprise_install": "yes"},
}


@pytest.mark.parametrize("change", MALFORMED_COMMANDS.values(), ids=MALFORMED_COMMANDS.keys())
def test_signed_commands_with_malformed_fields_get_400_and_change_nothing(
    http_bot: Bot, change: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    capture = Capture("http://unused.invalid/slack/events", SECRET, sandbox=http_bot.slack)
    capture.command("U0BEN", "level senior")
    fields = dict(parse_qsl(capture.captured[0], keep_blank_values=True))
    fields.update(change)
    before = snapshot(http_bot)
    http_bot.slack.clear_calls()
    assert isinstance(http_bot.sender, SlackSender)
    caplog.set_level(logging.INFO)
    reply = http_bot.sender.post(urlencode(fields), FORM)
    assert reply.status == 400
    assert snapshot(http_bot) == before and http_bot.slack.calls() == []
    assert http_bot.slack.responses() == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    # The same command with its fields intact is answered.
    assert http_bot.sender.post(capture.captured[0], FORM).status == 200


MALFORMED_PAYLOADS = {
    "user id of the wrong type": {"user": {"id": 42, "team_id": "T0SANDBOX"}},
    "user as a list": {"user": ["U0BEN"]},
    "response_url elsewhere": {"response_url": "http://169.254.169.254/latest"},
    "action id with control characters": {
        "actions": [{"action_id": "balance.run\n", "value": "status"}]
    },
    "a value over Slack's limit": {"actions": [{"action_id": "balance.run", "value": "x" * 2001}]},
    "actions as an object": {"actions": {"action_id": "balance.run"}},
}


@pytest.mark.parametrize("change", MALFORMED_PAYLOADS.values(), ids=MALFORMED_PAYLOADS.keys())
def test_signed_interactions_with_malformed_fields_get_400(
    http_bot: Bot, change: dict[str, Any]
) -> None:
    before = snapshot(http_bot)
    http_bot.slack.clear_calls()
    reply = http_bot.sender.interactive(signed_payload(http_bot, **change))
    assert reply.status == 400
    assert snapshot(http_bot) == before and http_bot.slack.calls() == []
    assert http_bot.slack.responses() == []
    assert http_bot.sender.interactive(signed_payload(http_bot)).status == 200


def test_signed_events_with_malformed_fields_get_400(http_bot: Bot) -> None:
    sender = http_bot.sender
    assert isinstance(sender, SlackSender)
    good = {
        "type": "message",
        "channel": "C0FRONTDESK",
        "user": "U0BEN",
        "text": "<@U0ANA> hi",
        "ts": "1764545400.000100",
        "channel_type": "channel",
    }
    for change in (
        {"ts": "soon"},
        {"user": "U0BEN U0ANA"},
        {"channel": "#front-desk"},
        {"user_team": "T0SANDBOX; DROP"},
    ):
        assert sender.event({**good, **change}, event_id="Ev0BAD1").status == 400, change
    assert sender.event(good, event_id="Ev0BAD1 x").status == 400
    assert sender.event(good, event_id="Ev0GOOD1").status == 200


def test_malformed_socket_mode_envelopes_are_acked_and_go_no_further(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """Socket Mode gets the same field checks, before Bolt builds anything from the payload
    (some shapes would crash it): acknowledged, nothing done, nothing logged above INFO."""
    caplog.set_level(logging.INFO)
    before = snapshot(bot)
    bot.slack.clear_calls()
    for change in (
        {"actions": {"action_id": "balance.run.level", "value": "level senior"}},
        {"user": {"id": "U0BEN<", "team_id": "T0SANDBOX"}},
    ):
        reply = bot.sender.interactive(signed_payload(bot, **change))
        assert reply.status in (200, 400), reply  # Socket Mode: an empty ack; HTTP: 400
        assert reply.payload() in ({}, {"error": "malformed request"})
    assert snapshot(bot) == before and bot.slack.calls() == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
