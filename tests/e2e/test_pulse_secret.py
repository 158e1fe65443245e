"""BALANCE_PULSE_SECRET at start-up, with the real `balance-bot run` process: a malformed value,
a pulse set up with no secret, and rounds sealed with another secret each stop the bot with one
line (exit 2); without any pulse the bot runs without it."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.features.pulse.sealing import Envelope, Keyring
from bot.sandbox import SlackSandbox
from bot.store import create_store
from bot.store.db import migrate
from bot.store.pulse import PulseConfig
from tests.e2e.conftest import BALANCE_BOT, bot_env

pytestmark = pytest.mark.e2e
NOW = datetime(2026, 12, 4, 20, tzinfo=UTC)
OLD = "the-secret-the-rounds-were-sealed-with-0001"
NEW = "a-brand-new-secret-nobody-sealed-with-0002"


def run(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BALANCE_BOT, "run", "--mode", "http"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr + result.stdout, result.stderr
    return lines[0]


def with_a_pulse(tmp_path: Path, *, sealed_with: str | None = None) -> None:
    store = create_store(f"sqlite:///{tmp_path}/e2e.db")
    migrate(store.engine)
    store.pulse.save_config(
        PulseConfig(
            team_id="T0SANDBOX",
            channel_id="C0FRONTDESK",
            weekday=4,
            local_time="14:00",
            tz="America/Chicago",
            questions=("workload-manageable",),
            open_hours=72,
            threshold=5,
            results_users=("U0MGR",),
        ),
        now=NOW,
    )
    if sealed_with is not None:
        round_, _ = store.pulse.create_round(
            team_id="T0SANDBOX",
            channel_id="C0FRONTDESK",
            week="2026-W49",
            opens_at=NOW,
            closes_at=NOW + timedelta(hours=72),
            questions=["workload-manageable"],
            threshold=5,
        )
        key = Keyring([sealed_with]).new_round("T0SANDBOX", round_.id)
        store.pulse.freeze(
            round_.id,
            eligible=[key.member("U0ANA")],
            key_check=key.check,
            sealed=key.seal(Envelope()),
        )
    store.close()


def test_a_malformed_secret_is_one_clear_line(slack: SlackSandbox, tmp_path: Path) -> None:
    env = bot_env(slack, tmp_path, BALANCE_PULSE_SECRET="tooShortToSeal")
    line = one_line(run(env, tmp_path))
    assert line.startswith("balance-bot: BALANCE_PULSE_SECRET: must be at least 32 characters")
    assert "tooShortToSeal" not in line


def test_a_pulse_without_the_secret_does_not_start(slack: SlackSandbox, tmp_path: Path) -> None:
    with_a_pulse(tmp_path)
    env = bot_env(slack, tmp_path)
    env.pop("BALANCE_PULSE_SECRET")
    line = one_line(run(env, tmp_path))
    assert "BALANCE_PULSE_SECRET is not set, and a weekly pulse is set up (1 channel(s))" in line
    assert "secrets.token_urlsafe(32)" in line


def test_rounds_sealed_with_another_secret_do_not_start(
    slack: SlackSandbox, tmp_path: Path
) -> None:
    with_a_pulse(tmp_path, sealed_with=OLD)
    env = bot_env(slack, tmp_path, BALANCE_PULSE_SECRET=NEW)
    line = one_line(run(env, tmp_path))
    assert "put back the secret they were opened with" in line and OLD not in line


def test_no_pulse_no_secret_needed(slack: SlackSandbox, tmp_path: Path, start_bot) -> None:  # type: ignore[no-untyped-def]
    env = bot_env(slack, tmp_path)
    env.pop("BALANCE_PULSE_SECRET")
    bot = start_bot(["run", "--mode", "http"], env)
    bot.wait_healthy()
    assert bot.stop() == 0


def test_a_rotated_secret_keeps_the_old_one_after_a_comma(
    slack: SlackSandbox,
    tmp_path: Path,
    start_bot,  # type: ignore[no-untyped-def]
) -> None:
    with_a_pulse(tmp_path, sealed_with=OLD)
    env = bot_env(slack, tmp_path, BALANCE_PULSE_SECRET=f"{NEW},{OLD}")
    bot = start_bot(["run", "--mode", "http"], env)
    bot.wait_healthy()
    assert bot.stop() == 0
    assert OLD not in bot.output()
