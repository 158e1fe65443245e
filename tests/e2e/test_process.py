"""The real `balance-bot run` process, driven as Slack drives it."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from bot.sandbox import SlackSandbox, SlackSender, SocketSender
from tests.e2e.conftest import BALANCE_BOT, bot_env, clean_env

pytestmark = pytest.mark.e2e


def test_http_mode_serves_slack_health_and_metrics(
    slack: SlackSandbox, tmp_path: Path, start_bot
) -> None:  # type: ignore[no-untyped-def]
    bot = start_bot(["run", "--mode", "http"], bot_env(slack, tmp_path))
    health = bot.wait_healthy()
    assert health["database"] == "ok" and health["mode"] == "http"
    with SlackSender(f"{bot.url}/slack/events", slack.signing_secret, sandbox=slack) as sender:
        reply = sender.command("U0BEN", "help")
        assert reply.status == 200 and reply.payload()["blocks"]
        assert sender.command("U0BEN", "help", sign_with="forged").status == 401
    metrics = httpx.get(f"{bot.url}/metrics").text
    # The forged one is refused at the edge, before it counts as a request of any kind.
    assert 'balance_requests_total{kind="command"} 1.0' in metrics
    assert 'balance_requests_refused_total{status="401"} 1.0' in metrics
    assert "balance_outbox_depth" in metrics and "balance_tick_seconds" in metrics
    assert bot.stop(signal.SIGTERM) == 0
    assert "Traceback" not in bot.output()
    assert slack.bot_token not in bot.output() and slack.signing_secret not in bot.output()


def test_socket_mode_when_an_app_token_is_set(
    slack: SlackSandbox, tmp_path: Path, start_bot
) -> None:  # type: ignore[no-untyped-def]
    env = bot_env(slack, tmp_path, SLACK_APP_TOKEN=slack.app_token)
    bot = start_bot(["run"], env)
    health = bot.wait_healthy()
    assert health["mode"] == "socket" and health["socket_mode"] == "connected"
    reply = SocketSender(slack).command("U0BEN", "status")
    assert reply.status == 200 and "America/New_York" in str(reply.payload())
    assert bot.stop(signal.SIGINT) == 0
    assert "Traceback" not in bot.output()


def run_cli(env: dict[str, str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BALANCE_BOT, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://db/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"}, "cannot connect"),
        ({"PORT": "http"}, "PORT"),
        ({"BALANCE_DISPATCH_INTERVAL_SECONDS": "-5"}, "BALANCE_DISPATCH_INTERVAL_SECONDS"),
        ({"SLACK_BOT_TOKEN": "xoxb-revoked"}, "refused by Slack (invalid_auth)"),
    ],
)
def test_bad_settings_give_one_clear_line(
    slack: SlackSandbox, tmp_path: Path, change: dict[str, str], names: str
) -> None:
    env = bot_env(slack, tmp_path)
    for key, value in change.items():
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    result = run_cli(env, tmp_path, "run", "--mode", "http")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and names in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "xoxb-revoked" not in result.stderr


def test_db_upgrade_and_content_check(tmp_path: Path) -> None:
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path}/up.db")
    result = run_cli(env, tmp_path, "db", "upgrade")
    assert result.returncode == 0 and "revision" in result.stdout
    result = run_cli(env, tmp_path, "content", "check")
    assert result.returncode == 0, result.stderr


def test_tip_senior_over_signed_http_is_senior_content(
    slack: SlackSandbox, tmp_path: Path, start_bot
) -> None:  # type: ignore[no-untyped-def]
    from content import builtin_catalog

    bot = start_bot(["run", "--mode", "http"], bot_env(slack, tmp_path))
    bot.wait_healthy()
    catalog = builtin_catalog()
    with SlackSender(f"{bot.url}/slack/events", slack.signing_secret, sandbox=slack) as sender:
        body = str(sender.command("U0BEN", "tip senior").payload())
    shown = [t for t in catalog.tips() if catalog.text(t, "en") in body]
    assert len(shown) == 1 and "senior" in shown[0].levels
    assert bot.stop() == 0


def test_invalid_content_stops_the_bot_with_the_problem(
    slack: SlackSandbox, tmp_path: Path
) -> None:
    practice = tmp_path / "practice"
    practice.mkdir()
    (practice / "tips.yaml").write_text(
        "version: 1\ntips:\n  - id: our-tip\n    levels: [entry]\n    topic: breaks\n"
        "    seed: strategy.regular-breaks\n    text: {en: 'Stretch.'}\n"
    )
    env = bot_env(slack, tmp_path, BALANCE_CONTENT_DIR=str(practice))
    result = run_cli(env, tmp_path, "run", "--mode", "http")
    assert result.returncode == 2
    assert "BALANCE_CONTENT_DIR" in result.stderr and "our-tip" in result.stderr
    assert "Traceback" not in result.stderr
    check = run_cli(env, tmp_path, "content", "check", str(practice))
    assert check.returncode == 1 and "our-tip" in check.stderr
