"""The real `balance-bot` process at its HTTP edge: oversized bodies (declared and streamed),
malformed signing headers and too many connections are refused before anything is parsed;
memory stays flat, the scheduler keeps ticking, and health answers on its own listener."""

from __future__ import annotations

import signal
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot.sandbox import SlackSandbox, SlackSender
from tests.e2e.conftest import BotProcess, bot_env, free_port

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024
FLOOD = 300 * MIB  # what the attacker would send: each request would be read whole before


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def ticks(bot: BotProcess, health_url: str | None = None) -> float:
    """How many scheduler ticks have run (from /metrics)."""
    text = httpx.get(f"{health_url or bot.url}/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith("balance_tick_seconds_count"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def wait_for_more_ticks(bot: BotProcess, than: float, health_url: str | None = None) -> float:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        now = ticks(bot, health_url)
        if now > than:
            return now
        time.sleep(0.05)
    raise AssertionError("the scheduler stopped ticking")


def raw_post(
    port: int, headers: dict[str, str], body_chunks: int = 0, chunk: bytes = b""
) -> tuple[int, int]:
    """POST with hand-written headers, then stream `body_chunks` chunks (chunked encoding)
    until the server answers or hangs up. Returns (status, bytes the server let us send)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: bot\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "\r\n"
    )
    sent = 0
    with sock:
        sock.sendall(head.encode("latin-1"))
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        try:
            for _ in range(body_chunks):
                sock.sendall(frame)
                sent += len(chunk)
            if body_chunks:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # refused mid-stream: the server stopped reading and closed
        answer = b""
        try:
            while b"\r\n" not in answer:
                data = sock.recv(4096)
                if not data:
                    break
                answer += data
        except OSError:
            pass
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0
    return status, sent


@pytest.fixture
def bot(slack: SlackSandbox, tmp_path: Path, start_bot) -> BotProcess:  # type: ignore[no-untyped-def]
    health_port = free_port()
    env = {
        **bot_env(
            slack, tmp_path, BALANCE_HEALTH_PORT=str(health_port), BALANCE_MAX_CONNECTIONS="8"
        ),
        "BALANCE_DISPATCH_INTERVAL_SECONDS": "0.2",
    }
    process = start_bot(["run", "--mode", "http"], env)
    process.health_url = f"http://127.0.0.1:{health_port}"  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{process.health_url}/healthz", timeout=1).status_code == 200:  # type: ignore[attr-defined]
                break
        except httpx.HTTPError:
            pass
        assert process.proc.poll() is None, process.output()
        assert time.monotonic() < deadline, process.output()
        time.sleep(0.1)
    return process


def test_oversized_bodies_are_refused_without_reading_them(bot: BotProcess) -> None:
    health_url = bot.health_url  # type: ignore[attr-defined]
    before_rss = rss_kib(bot.proc.pid)
    before_ticks = ticks(bot, health_url)
    unsigned = {"Content-Type": "application/json"}
    # Signing headers that look right (the signature can only be checked on the whole body).
    looks_signed = {
        **unsigned,
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "ab" * 32,
    }
    chunk = b"x" * (64 * 1024)
    # Declared: refused on the header alone, before a byte of the body is read.
    assert raw_post(bot.port, {**looks_signed, "Content-Length": str(FLOOD)})[0] == 413
    # Unsigned: refused on the headers alone, however large the body.
    status, _ = raw_post(
        bot.port,
        {**unsigned, "Transfer-Encoding": "chunked"},
        body_chunks=FLOOD // len(chunk),
        chunk=chunk,
    )
    assert status == 401
    # Streamed (chunked, no length): refused once the limit is passed, the rest never read.
    results: list[tuple[int, int]] = []

    def flood() -> None:
        results.append(
            raw_post(
                bot.port,
                {**looks_signed, "Transfer-Encoding": "chunked"},
                body_chunks=FLOOD // len(chunk),
                chunk=chunk,
            )
        )

    threads = [threading.Thread(target=flood) for _ in range(4)]
    for thread in threads:
        thread.start()
    # The scheduler keeps ticking while the floods are on.
    wait_for_more_ticks(bot, before_ticks, health_url)
    for thread in threads:
        thread.join(60)
    assert [status for status, _ in results] == [413] * 4
    let_in = max(sent for _, sent in results)
    assert let_in < 64 * MIB, f"{let_in} bytes were accepted before the refusal"
    wait_for_more_ticks(bot, ticks(bot, health_url), health_url)
    grew_mib = (rss_kib(bot.proc.pid) - before_rss) / 1024
    print(
        f"RSS {before_rss // 1024} MiB before, grew {grew_mib:.1f} MiB; at most "
        f"{let_in / MIB:.1f} MiB of each 300 MiB flood was sent before the 413"
    )
    assert grew_mib < 40, f"memory grew by {grew_mib:.0f} MiB"
    assert bot.stop(signal.SIGTERM) == 0
    assert "Traceback" not in bot.output()


def test_malformed_signing_headers_get_401_and_no_traceback(
    bot: BotProcess, slack: SlackSandbox
) -> None:
    body = "command=%2Fbalance&text=help&team_id=T0SANDBOX&user_id=U0BEN"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    odd_timestamps = ["²", "١٧٠٠٠٠٠٠٠٠", "1e9", "-1", "0x10", "1 2", "1.5", "", "9" * 40]
    with httpx.Client(timeout=5) as http:
        for stamp in odd_timestamps:
            reply = http.post(
                f"{bot.url}/slack/events",
                content=body.encode(),
                headers={
                    **form,
                    "X-Slack-Request-Timestamp": stamp.encode(),
                    "X-Slack-Signature": "v0=" + "0" * 64,
                },
            )
            assert reply.status_code == 401, stamp
        for signature in ["", "v0=", "v0=" + "g" * 64, "v1=" + "0" * 64, "v0=" + "0" * 63]:
            reply = http.post(
                f"{bot.url}/slack/events",
                content=body.encode(),
                headers={
                    **form,
                    "X-Slack-Request-Timestamp": str(int(time.time())),
                    "X-Slack-Signature": signature,
                },
            )
            assert reply.status_code == 401, signature
        # Signed, but not a form or JSON.
        with SlackSender(f"{bot.url}/slack/events", slack.signing_secret) as sender:
            assert sender.post(body, "text/plain").status == 400
            assert (
                sender.post(body, "application/x-www-form-urlencoded; charset=latin-1").status
                == 400
            )
            assert sender.command("U0BEN", "help").status == 200
    assert bot.stop(signal.SIGTERM) == 0
    output = bot.output()
    assert "Traceback" not in output and " ERROR " not in output, output[-2000:]


def test_connections_are_bounded_and_health_answers_on_its_own_port(bot: BotProcess) -> None:
    health_url = bot.health_url  # type: ignore[attr-defined]
    # Slack's port serves Slack only.
    assert httpx.get(f"{bot.url}/healthz", timeout=5).status_code == 404
    idle = []
    for _ in range(12):  # more than BALANCE_MAX_CONNECTIONS=8, each holding a connection open
        sock = socket.create_connection(("127.0.0.1", bot.port), timeout=5)
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n")  # never finished
        idle.append(sock)
    try:
        refused = httpx.post(
            f"{bot.url}/slack/events",
            content=b"{}",
            timeout=5,
            headers={"Content-Type": "application/json"},
        )
        assert refused.status_code == 503
        assert httpx.get(f"{health_url}/healthz", timeout=5).status_code == 200
    finally:
        for sock in idle:
            sock.close()
    deadline = time.monotonic() + 10
    while (
        httpx.post(
            f"{bot.url}/slack/events",
            content=b"{}",
            timeout=5,
            headers={"Content-Type": "application/json"},
        ).status_code
        == 503
    ):
        assert time.monotonic() < deadline, "connections were never released"
        time.sleep(0.05)
    assert bot.stop(signal.SIGTERM) == 0


def test_socket_mode_serves_health_only_on_the_health_port(
    slack: SlackSandbox, tmp_path: Path, start_bot
) -> None:  # type: ignore[no-untyped-def]
    health_port = free_port()
    env = bot_env(
        slack, tmp_path, SLACK_APP_TOKEN=slack.app_token, BALANCE_HEALTH_PORT=str(health_port)
    )
    bot = start_bot(["run"], env)
    deadline = time.monotonic() + 60
    while True:
        try:
            reply = httpx.get(f"http://127.0.0.1:{health_port}/healthz", timeout=1)
            if reply.status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert bot.proc.poll() is None and time.monotonic() < deadline, bot.output()
        time.sleep(0.1)
    assert reply.json()["mode"] == "socket"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{bot.url}/healthz", timeout=2)  # nothing listens on PORT in Socket Mode
    assert bot.stop(signal.SIGTERM) == 0
