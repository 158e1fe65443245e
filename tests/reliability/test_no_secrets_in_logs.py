"""No token, no signing secret and no free text in any log.

tests/conftest.py keeps every log record of the test process for the whole session (and, at the
end, reads every real bot process's log too); these tests push secrets and a marker string
through every path that handles free text — pulse comments (accepted and refused), commands,
modal fields, channel messages, forged requests, Slack errors — and check what was logged."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import SlackSandbox, SlackSender
from tests.conftest import KNOWN_SECRETS, LOG_MARKER, SessionLog
from tests.integration import test_pulse as pulse
from tests.integration.conftest import Bot
from tests.reliability.conftest import Deployment

# Free text in requests that fail signature verification: a marker of its own, so a leak on
# that path is named as such.
FORGED_MARKER = "FORGED-REQUEST-MARKER-c41d"

FREE_TEXT = [
    f"faq {LOG_MARKER}",
    f"shift {LOG_MARKER}",
    f"tz {LOG_MARKER}",
    f"breaks lunch {LOG_MARKER}",
    f"away until {LOG_MARKER}",
    f'admin urgent "{LOG_MARKER}"',
    f"{LOG_MARKER} what is this",
]


def leaked(lines: list[str]) -> list[str]:
    return [line[:200] for line in lines if any(s in line for s in KNOWN_SECRETS)]


def drive_free_text(bot: Bot) -> None:
    sender = bot.sender
    for words in FREE_TEXT:
        for user in ("U0BEN", "U0MGR"):
            assert sender.command(user, words).status == 200
    assert (
        sender.event(
            {
                "type": "message",
                "channel": "C0FRONTDESK",
                "user": "U0BEN",
                "text": f"<@U0ANA> {LOG_MARKER} patient John Smith DOB 03/14/1962",
                "ts": "1764545400.000100",
                "channel_type": "channel",
            }
        ).status
        == 200
    )
    assert sender.command("U0BEN", "settings").status == 200
    modal = bot.slack.views_opened()[-1]
    values: dict[str, Any] = {}
    for block in modal.get("blocks") or []:
        element = block.get("element") or {}
        if block.get("type") == "input" and element.get("type") == "plain_text_input":
            values[block["block_id"]] = {element["action_id"]: LOG_MARKER}
    assert (
        sender.view_submission("U0BEN", modal, values, callback_id=modal.get("callback_id")).status
        == 200
    )


def pulse_round_with_comments(bot: Bot) -> None:
    """A full pulse round whose comments carry the marker, one of them refused as PHI."""
    pulse._add_staff(bot)
    pulse._set_up(bot)
    post = pulse._open_round(bot)
    refused = pulse._answer(
        bot,
        "U0CAM",
        post,
        pulse._good(3, f"{LOG_MARKER} patient John Smith DOB 03/14/1962 MRN 12345678"),
    )
    assert refused["response_action"] == "errors"
    for user in pulse.CAN_ANSWER[:5]:  # Maria reads the results, so she can't answer
        ack = pulse._answer(bot, user, post, pulse._good(4, f"{LOG_MARKER} more help at 8"))
        assert ack["response_action"] == "update", ack
    pulse._close(bot)
    assert bot.sender.command("U0MGR", "pulse results").status == 200


def test_pulse_comments_commands_and_modals_leave_no_trace_in_logs(
    http_bot: Bot, session_log: SessionLog
) -> None:
    start = len(session_log.lines)
    http_bot.slack.fail_next("users.info", status=500)  # errors get logged: without text
    drive_free_text(http_bot)
    pulse_round_with_comments(http_bot)
    http_bot.slack.revoke_token(http_bot.slack.bot_token)
    http_bot.sender.command("U0ANA", f"faq {LOG_MARKER}")
    mine = session_log.lines[start:]
    assert any(line.startswith("bot.") for line in mine), "nothing was logged: test is blind"
    assert leaked(mine) == []
    assert session_log.leaks() == [], "something earlier in the session leaked"


@pytest.mark.e2e
@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_the_real_process_logs_no_secret_and_no_free_text(
    slack: SlackSandbox, tmp_path: Path, level: str
) -> None:
    """Through errors, retries and a revoked token, at the default level and at DEBUG."""
    marker = LOG_MARKER
    deployment = Deployment(slack, tmp_path, BALANCE_LOG_LEVEL=level)
    try:
        process = deployment.start()
        with SlackSender(
            f"{process.url}/slack/events", slack.signing_secret, sandbox=slack
        ) as sender:
            for words in FREE_TEXT:
                assert sender.command("U0BEN", words.replace(LOG_MARKER, marker)).status == 200
            assert (
                sender.event(
                    {
                        "type": "message",
                        "channel": "C0FRONTDESK",
                        "user": "U0BEN",
                        "text": f"<@U0ANA> {marker}",
                        "ts": "1764545400.000100",
                        "channel_type": "channel",
                    }
                ).status
                == 200
            )
            deployment.enqueue(["log-check-1", "log-check-2"])
            slack.fail_next("chat.postMessage", status=500)
            slack.fail_next("users.info", status=503)
            assert sender.command("U0ANA", f"tip {marker}").status == 200
            slack.wait_for(lambda: len(slack.messages()) >= 2, timeout=20)
            slack.revoke_token(slack.bot_token)
            assert sender.command("U0MGR", f"faq {marker}").status == 200
        assert process.stop(signal.SIGTERM) == 0
        output = process.output()
        assert f" {level} " in output  # that level really was on
        assert "Traceback" not in output
        assert [
            line
            for line in output.splitlines()
            if marker in line or any(s in line for s in KNOWN_SECRETS)
        ] == []
    finally:
        deployment.close()


def test_requests_failing_verification_leave_no_trace_in_logs(
    http_bot: Bot, session_log: SessionLog
) -> None:
    start = len(session_log.lines)
    sender = http_bot.sender
    assert isinstance(sender, SlackSender)
    assert sender.command("U0BEN", f"faq {FORGED_MARKER}", sign_with="wrong").status == 401
    assert sender.command("U0BEN", f"faq {FORGED_MARKER}", tamper=True).status == 401
    assert (
        sender.event(
            {
                "type": "message",
                "channel": "C0FRONTDESK",
                "user": "U0BEN",
                "text": FORGED_MARKER,
                "ts": "1.000001",
            },
            timestamp_offset=-600,
        ).status
        == 401
    )
    assert not [line for line in session_log.lines[start:] if FORGED_MARKER in line]
