"""Start the real `balance-bot` process against the sandbox."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.sandbox import SlackSandbox
from tests.conftest import PULSE_SECRET_PREFIX

BALANCE_BOT = str(Path(sys.executable).parent / "balance-bot")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "BALANCE_")) and k not in ("DATABASE_URL", "PORT")
    }
    env.update(values)
    return env


def bot_env(slack: SlackSandbox, tmp_path: Path, **extra: str) -> dict[str, str]:
    values = {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_SIGNING_SECRET": slack.signing_secret,
        "SLACK_API_URL": slack.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/e2e.db",
        "BALANCE_HOST": "127.0.0.1",
        "BALANCE_DISPATCH_INTERVAL_SECONDS": "1",
        "BALANCE_PULSE_SECRET": PULSE_SECRET_PREFIX + secrets.token_urlsafe(24),
    }
    return clean_env(**{**values, **extra})


class BotProcess:
    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = cwd / f"bot-{port}.log"
        self._log = self.log.open("wb")
        self.proc = subprocess.Popen(
            [BALANCE_BOT, *args], env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_healthy(self, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"balance-bot exited early:\n{self.output()}")
            try:
                reply = httpx.get(f"{self.url}/healthz", timeout=1)
                if reply.status_code == 200:
                    return dict(reply.json())
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"balance-bot never became healthy:\n{self.output()}")

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._log.close()


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    with SlackSandbox() as sandbox:
        sandbox.add_user("U0BEN", name="ben", real_name="Ben Carter", tz="America/New_York")
        sandbox.add_channel("C0FRONTDESK", "front-desk", members=["U0BEN"])
        yield sandbox


@pytest.fixture
def start_bot(tmp_path: Path) -> Iterator:
    started: list[BotProcess] = []

    def start(args: list[str], env: dict[str, str], port: int | None = None) -> BotProcess:
        port = port or free_port()
        process = BotProcess([*args, "--port", str(port)], env, tmp_path, port)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.proc.poll() is None:
            process.proc.kill()
            process.proc.wait()
