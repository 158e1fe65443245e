"""Blind attacks on the edge of the real `balance-bot` process (issue 14, docs/promises.md
"Security: only Slack gets in"): raw HTTP on loopback against HTTP mode with the sandbox.

Written from the issue and the public docs only. Every malformed request must get a 4xx (never a
5xx), leave no traceback in the process output, and leave the process healthy."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import re
import select
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pytest
from cryptography.fernet import Fernet

from bot.sandbox import SlackSandbox, payloads
from tests.e2e.conftest import BotProcess, bot_env, free_port

MiB = 1024 * 1024
REQUEST_TIMEOUT = 2  # BALANCE_REQUEST_TIMEOUT_SECONDS for the process under attack
MEMBER_MARKER = "EDGE-BLIND-MEMBER-TEXT-7d3f"
STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})")


# --- raw HTTP ------------------------------------------------------------------------------


def sign(secret: str, timestamp: str | bytes, body: bytes) -> str:
    ts = timestamp.encode() if isinstance(timestamp, str) else timestamp
    base = b"v0:" + ts + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def now_ts() -> str:
    return str(int(time.time()))


def request_bytes(
    path: str,
    body: bytes = b"",
    headers: list[tuple[str, str | bytes]] | None = None,
    *,
    method: str = "POST",
    content_length: int | None = -1,
    close: bool = True,
) -> bytes:
    """A raw request; Content-Length is the body's own unless given (None: no such header)."""
    lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: 127.0.0.1"]
    for name, value in headers or []:
        lines.append(
            name.encode() + b": " + (value if isinstance(value, bytes) else value.encode())
        )
    if content_length == -1:
        content_length = len(body) if body or method != "GET" else None
    if content_length is not None:
        lines.append(f"Content-Length: {content_length}".encode())
    if close:
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def read_until_closed(sock: socket.socket, seconds: float) -> bytes:
    """Everything the server sends until it closes or `seconds` pass."""
    deadline = time.monotonic() + seconds
    data = b""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def exchange(port: int, data: bytes, seconds: float = 6.0) -> list[int]:
    """Send raw bytes; the statuses of every response the server wrote back."""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
        sock.sendall(data)
        return [int(s) for s in STATUS.findall(read_until_closed(sock, seconds))]


def only_status(port: int, data: bytes, seconds: float = 6.0) -> int:
    statuses = exchange(port, data, seconds)
    assert len(statuses) == 1, f"expected one response, got {statuses}"
    return statuses[0]


def signed_headers(
    secret: str, body: bytes, content_type: str = "application/x-www-form-urlencoded"
) -> list[tuple[str, str | bytes]]:
    ts = now_ts()
    return [
        ("Content-Type", content_type),
        ("X-Slack-Request-Timestamp", ts),
        ("X-Slack-Signature", sign(secret, ts, body)),
    ]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


# --- the process under attack ----------------------------------------------------------------


@dataclass
class Edge:
    bot: BotProcess
    slack: SlackSandbox
    health_port: int

    @property
    def port(self) -> int:
        return self.bot.port

    @property
    def secret(self) -> str:
        return self.slack.signing_secret

    def command_body(self, text: str = "status", **changes: str) -> dict[str, str]:
        fields = payloads.command(
            user_id="U0BEN",
            text=text,
            command="/balance",
            channel_id="C0FRONTDESK",
            user_name=None,
            team_id=self.slack.team_id,
            api_app_id="A0BALANCE",
            response_url=self.slack.new_response_url(channel="C0FRONTDESK"),
            trigger=self.slack.new_trigger_id(),
        )
        fields.update(changes)
        return fields

    def slack_effects(self) -> int:
        """Slack calls a request could have caused (the health check's auth.test excluded)."""
        calls = [c for c in self.slack.calls() if c.method != "auth.test"]
        return len(calls) + len(self.slack.responses())

    def mark(self) -> tuple[int, int]:
        return len(self.bot.output()), self.slack_effects()

    def new_output(self, mark: tuple[int, int]) -> str:
        return self.bot.output()[mark[0] :]

    def health(self) -> int:
        return httpx.get(f"http://127.0.0.1:{self.health_port}/healthz", timeout=5).status_code

    def assert_unharmed(self, mark: tuple[int, int], *, quiet: bool = False) -> None:
        """Alive, healthy, no traceback since `mark` (and with `quiet`, no ERROR either)."""
        assert self.bot.proc.poll() is None, "balance-bot died"
        assert self.health() == 200
        logged = self.new_output(mark)
        assert "Traceback" not in logged, logged[-3000:]
        if quiet:
            assert "ERROR" not in logged, logged[-3000:]

    def assert_no_slack_effect(self, mark: tuple[int, int]) -> None:
        assert self.slack_effects() == mark[1], "a refused request reached Slack"


def wait_health(port: int, bot: BotProcess, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if bot.proc.poll() is not None:
            raise AssertionError(f"balance-bot exited early:\n{bot.output()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"balance-bot never became healthy:\n{bot.output()}")


def launch(slack: SlackSandbox, where: Path, **extra: str) -> tuple[BotProcess, int]:
    port, health_port = free_port(), free_port()
    env = bot_env(
        slack,
        where,
        BALANCE_HEALTH_PORT=str(health_port),
        BALANCE_REQUEST_TIMEOUT_SECONDS=str(REQUEST_TIMEOUT),
        **extra,
    )
    bot = BotProcess(["run", "--mode", "http", "--port", str(port)], env, where, port)
    wait_health(health_port, bot)
    return bot, health_port


def stop(bot: BotProcess) -> None:
    if bot.proc.poll() is None:
        bot.stop()


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    with SlackSandbox() as slack:
        slack.add_user("U0BEN", name="ben", real_name="Ben Carter", tz="America/New_York")
        slack.add_channel("C0FRONTDESK", "front-desk", members=["U0BEN"])
        bot, health_port = launch(slack, tmp_path_factory.mktemp("edge_blind"))
        try:
            yield Edge(bot, slack, health_port)
        finally:
            stop(bot)


# --- size: Content-Length and chunked ----------------------------------------------------------


def test_a_declared_length_over_the_limit_is_413_before_any_body_is_sent(edge: Edge) -> None:
    """Promise: a body over BALANCE_MAX_BODY_BYTES is refused with 413 at once from its
    Content-Length, before it is read. Only the headers are sent: the 413 must come anyway."""
    mark = edge.mark()
    head = request_bytes(
        "/slack/events",
        headers=[("Content-Type", "application/x-www-form-urlencoded")],
        content_length=MiB + 1,
    )
    started = time.monotonic()
    assert only_status(edge.port, head, seconds=REQUEST_TIMEOUT + 4) == 413
    assert time.monotonic() - started < REQUEST_TIMEOUT, "waited for a body it should refuse"
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


def test_a_content_length_smaller_than_the_body_never_gets_a_5xx(edge: Edge) -> None:
    """Promise: the signature is checked on the raw bytes as received. A 1.5 MiB body that
    declares 100 bytes (signed over the whole body) is judged on the 100 bytes read: 401; the
    rest is garbage on the connection and must get a 4xx or nothing, never a 5xx."""
    mark = edge.mark()
    body = urlencode(edge.command_body(text="x" * (MiB + MiB // 2))).encode()
    head = signed_headers(edge.secret, body)
    data = request_bytes("/slack/events", body, head, content_length=100, close=False)
    statuses = exchange(edge.port, data, seconds=4)
    assert statuses and statuses[0] == 401, statuses
    assert all(400 <= s < 500 for s in statuses), statuses
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


def test_a_content_length_larger_than_the_body_gets_408_in_bounded_time(edge: Edge) -> None:
    """Promise: a body must arrive within BALANCE_REQUEST_TIMEOUT_SECONDS (here 2 s), then 408.
    The request declares 5000 bytes and sends 40, then waits. Its signing headers are
    well-formed (signed over the whole 5000 bytes) so that only the body is missing."""
    mark = edge.mark()
    whole = b"token=x&" + b"a" * 4992
    data = request_bytes(
        "/slack/events", whole[:40], signed_headers(edge.secret, whole), content_length=5000
    )
    started = time.monotonic()
    statuses = exchange(edge.port, data, seconds=REQUEST_TIMEOUT + 8)
    took = time.monotonic() - started
    assert statuses == [408], statuses
    assert took < REQUEST_TIMEOUT + 3, f"408 only after {took:.1f}s"
    edge.assert_unharmed(mark)


def test_a_slow_trickled_body_is_cut_off_with_408(edge: Edge) -> None:
    """Promise: a body must arrive within BALANCE_REQUEST_TIMEOUT_SECONDS as a whole. A
    slow-loris body (one byte every 0.3 s, each byte resetting any idle timer) is cut off. Its
    signing headers are well-formed, so only the pace of the body is wrong."""
    mark = edge.mark()
    head = request_bytes(
        "/slack/events", headers=signed_headers(edge.secret, b"a" * 4000), content_length=4000
    )
    started = time.monotonic()
    answer = b""
    with socket.create_connection(("127.0.0.1", edge.port), timeout=5) as sock:
        sock.sendall(head)
        while time.monotonic() - started < REQUEST_TIMEOUT + 8:
            if select.select([sock], [], [], 0.3)[0]:
                answer = read_until_closed(sock, 2)
                break
            try:
                sock.sendall(b"a")
            except OSError:
                answer = read_until_closed(sock, 1)
                break
    took = time.monotonic() - started
    assert [int(s) for s in STATUS.findall(answer)] == [408], answer[:200]
    assert took < REQUEST_TIMEOUT + 3, f"kept trickling for {took:.1f}s"
    edge.assert_unharmed(mark)


def stream_chunked(port: int, secret: str, limit_bytes: int) -> tuple[int, bytes]:
    """Stream a chunked body until the server answers, stops reading or `limit_bytes` is
    sent; returns (bytes sent, what the server wrote)."""
    chunk = b"a" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    headers = [
        *signed_headers(secret, b"a" * limit_bytes),  # well-formed, so the body is read
        ("Transfer-Encoding", "chunked"),
    ]
    head = request_bytes("/slack/events", headers=headers, content_length=None)
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head)
        while sent < limit_bytes:
            if select.select([sock], [], [], 0)[0]:
                break
            try:
                sock.sendall(frame)
            except (TimeoutError, OSError):
                break
            sent += len(chunk)
        return sent, read_until_closed(sock, 5)


def test_a_chunked_body_over_the_limit_is_refused_while_streaming(edge: Edge) -> None:
    """Promise: a streamed (chunked) body is refused with 413 as soon as it passes the limit,
    without being read whole; memory stays flat. 64 MiB offered, with well-formed signing
    headers (an unsigned one is refused from its headers alone)."""
    mark = edge.mark()
    before = rss_kib(edge.bot.proc.pid)
    sent, answer = stream_chunked(edge.port, edge.secret, 64 * MiB)
    grown_mib = (rss_kib(edge.bot.proc.pid) - before) / 1024
    assert [int(s) for s in STATUS.findall(answer)] == [413], (sent, answer[:200])
    assert sent < 24 * MiB, f"{sent / MiB:.0f} MiB were read before the refusal"
    assert grown_mib < 40, f"RSS grew by {grown_mib:.0f} MiB"
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


def test_a_signed_chunked_body_under_the_limit_is_served(edge: Edge) -> None:
    """Promise: the signature is checked on the raw bytes as received, and only bodies over the
    limit are refused: a small signed command sent chunked (in odd-sized pieces) is served."""
    mark = edge.mark()
    body = urlencode(edge.command_body(text="status")).encode()
    pieces = [body[i : i + 37] for i in range(0, len(body), 37)]
    framed = b"".join(f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in pieces) + b"0\r\n\r\n"
    headers = [*signed_headers(edge.secret, body), ("Transfer-Encoding", "chunked")]
    chunked = request_bytes("/slack/events", framed, headers, content_length=None)
    assert only_status(edge.port, chunked) == 200
    edge.assert_unharmed(mark)


def test_length_smuggling_headers_get_400_or_close_the_connection(edge: Edge) -> None:
    """Promise: malformed input gets a 4xx, never a 5xx. Two different Content-Lengths get 400.
    Content-Length together with chunked (request smuggling) is refused, or, as RFC 9112 6.1
    allows, served by its chunked framing with the connection closed at once, so a request
    smuggled behind it on a kept-alive connection is never answered."""
    mark = edge.mark()
    body = urlencode(edge.command_body(text="status")).encode()
    signed = signed_headers(edge.secret, body)
    two_lengths = request_bytes(
        "/slack/events",
        body,
        [*signed, ("Content-Length", str(len(body))), ("Content-Length", "5")],
        content_length=None,
    )
    assert only_status(edge.port, two_lengths) == 400
    framed = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    smuggled = request_bytes("/slack/events", b"", signed, method="PUT", close=False)
    both = request_bytes(
        "/slack/events",
        framed + smuggled,
        [*signed, ("Transfer-Encoding", "chunked"), ("Content-Length", "4")],
        content_length=None,
        close=False,
    )
    statuses = exchange(edge.port, both, seconds=4)
    assert len(statuses) == 1 and statuses[0] in (200, 400), statuses
    edge.assert_unharmed(mark)


def test_an_oversized_header_block_gets_a_4xx(edge: Edge) -> None:
    """Promise: nothing is parsed before it is known to be Slack's, and malformed requests get
    a 4xx: 200 KiB of headers is refused (or the connection closed), never a 5xx."""
    mark = edge.mark()
    headers: list[tuple[str, str | bytes]] = [(f"X-Pad-{i}", "p" * 1000) for i in range(200)]
    statuses = exchange(edge.port, request_bytes("/slack/events", b"", headers, content_length=0))
    assert all(400 <= s < 500 for s in statuses), statuses
    edge.assert_unharmed(mark)


# --- signing headers ---------------------------------------------------------------------------


def odd_timestamps() -> list[tuple[str, bytes]]:
    now = int(time.time())
    arabic = str(now).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    fullwidth = str(now).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [
        ("superscript two", "²".encode()),
        ("arabic-indic digits of now", arabic.encode()),
        ("fullwidth digits of now", fullwidth.encode()),
        ("plus sign", f"+{now}".encode()),
        ("exponent", b"1.764e9"),
        ("decimal point", f"{now}.0".encode()),
        ("inner whitespace", f"{now} 1".encode()),
        ("leading tab", f"\t{now}".encode()),
        ("negative", f"-{now}".encode()),
        ("thirteen digits", b"9" * 13),
        ("huge", b"9" * 400),
        ("hex", hex(now).encode()),
        ("six minutes old", str(now - 360).encode()),
        ("six minutes ahead", str(now + 360).encode()),
        ("zero", b"0"),
        ("empty", b""),
        ("latin-1 byte", str(now).encode() + b"\xb2"),
    ]


@pytest.mark.parametrize("case", [n for n, _ in odd_timestamps()])
def test_odd_timestamps_signed_over_themselves_get_401_without_an_error(
    edge: Edge, case: str
) -> None:
    """Promise: X-Slack-Request-Timestamp must be 1-12 ASCII digits and under 5 minutes old;
    odd timestamps get 401 with no error logged, no Slack call and no database write. Each is
    signed with the right secret over its own bytes, so only the timestamp is wrong. (Made
    when the test runs: "six minutes ahead" made at collection may be inside the window by
    the time a long suite gets here.)"""
    timestamp = dict(odd_timestamps())[case]
    mark = edge.mark()
    body = urlencode(edge.command_body(text=f"status {MEMBER_MARKER}")).encode()
    headers: list[tuple[str, str | bytes]] = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("X-Slack-Request-Timestamp", timestamp),
        ("X-Slack-Signature", sign(edge.secret, timestamp, body)),
    ]
    status = only_status(edge.port, request_bytes("/slack/events", body, headers))
    assert status in (400, 401), status
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark, quiet=True)
    assert MEMBER_MARKER not in edge.new_output(mark)


def test_the_right_signature_in_an_odd_form_gets_401(edge: Edge) -> None:
    """Promise: X-Slack-Signature must be `v0=` and 64 lowercase hex. The right value with an
    upper-case prefix or hex, a space or tab inside, or a second signature appended is
    refused; the exact form (the control) is served."""
    mark = edge.mark()
    body = urlencode(edge.command_body(text="status")).encode()
    ts = now_ts()
    right = sign(edge.secret, ts, body)
    digest = right[3:]
    odd = [
        "V0=" + digest,
        "v0=" + digest.upper(),
        "v0= " + digest,
        "v0=" + digest[:32] + "\t" + digest[32:],
        right + ",v0=" + "0" * 64,
        right + " " + right,
        "v1=" + digest,
        right + "00",
        right[:-1],
    ]
    for signature in odd:
        headers: list[tuple[str, str | bytes]] = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Slack-Request-Timestamp", ts),
            ("X-Slack-Signature", signature),
        ]
        status = only_status(edge.port, request_bytes("/slack/events", body, headers))
        assert status == 401, (signature, status)
    edge.assert_no_slack_effect(mark)
    headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("X-Slack-Request-Timestamp", ts),
        ("X-Slack-Signature", right),
    ]
    assert only_status(edge.port, request_bytes("/slack/events", body, headers)) == 200
    edge.assert_unharmed(mark, quiet=True)


def test_duplicated_signing_headers_are_refused(edge: Edge) -> None:
    """Promise: the signing headers must match exact patterns. A request carrying two
    signatures (a right one and a wrong one, in either order) or two timestamps is ambiguous
    (a proxy may check one, the app the other) and is refused with a 4xx."""
    mark = edge.mark()
    body = urlencode(edge.command_body(text="status")).encode()
    ts = now_ts()
    right = sign(edge.secret, ts, body)
    wrong = "v0=" + "0" * 64
    base: list[tuple[str, str | bytes]] = [("Content-Type", "application/x-www-form-urlencoded")]
    variants: list[list[tuple[str, str | bytes]]] = [
        [
            ("X-Slack-Request-Timestamp", ts),
            ("X-Slack-Signature", right),
            ("X-Slack-Signature", wrong),
        ],
        [
            ("X-Slack-Request-Timestamp", ts),
            ("X-Slack-Signature", wrong),
            ("X-Slack-Signature", right),
        ],
        [
            ("X-Slack-Request-Timestamp", ts),
            ("X-Slack-Request-Timestamp", str(int(ts) - 3600)),
            ("X-Slack-Signature", right),
        ],
    ]
    statuses = [
        only_status(edge.port, request_bytes("/slack/events", body, base + extra))
        for extra in variants
    ]
    assert all(400 <= s < 500 for s in statuses), statuses
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


# --- bodies ------------------------------------------------------------------------------------


def test_non_utf8_bodies_get_401_unsigned_and_400_signed(edge: Edge) -> None:
    """Promise: garbage and unsigned bodies get 401; a signed body that is neither a form nor
    JSON gets 400, with no traceback. Bodies of invalid UTF-8, as a form and as JSON."""
    mark = edge.mark()
    bodies = [
        (b"\xff\xfe\x00payload=%ff%fe&user_id=\xc3\x28", "application/x-www-form-urlencoded"),
        (b'{"type": "event_callback", "x": "\xff\xfe"}', "application/json"),
        (b"\x80" * 500, "application/x-www-form-urlencoded; charset=utf-8"),
    ]
    for body, content_type in bodies:
        unsigned = request_bytes("/slack/events", body, [("Content-Type", content_type)])
        assert only_status(edge.port, unsigned) == 401
        signed = request_bytes(
            "/slack/events", body, signed_headers(edge.secret, body, content_type)
        )
        assert only_status(edge.port, signed) == 400, body[:40]
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


def test_a_malformed_twin_of_a_field_never_reaches_a_listener(edge: Edge) -> None:
    """Promise: every field a listener reads is checked with an exact pattern before any
    listener runs; a signed request with a malformed field gets 400, no Slack call. Each field
    is sent twice, once well-formed and once malformed, in both orders: the request is refused,
    or the copy that was checked is the copy the listener acts on (the malformed value never
    reaches Slack, and a foreign response_url is never called)."""
    hits: list[str] = []

    class Catcher(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    catcher = http.server.HTTPServer(("localhost", 0), Catcher)
    threading.Thread(target=catcher.serve_forever, daemon=True).start()
    mark = edge.mark()
    calls_before = len(edge.slack.calls())
    malformed = {
        "user_id": "U0BEN<@U0ADMIN>",
        "team_id": "T0SANDBOX\n",
        "channel_id": "../C0FRONTDESK",
        "command": "/balance\x00",
        "response_url": f"http://localhost:{catcher.server_address[1]}/hook",
        "trigger_id": "not a trigger",
    }
    outcomes = []
    try:
        for name, bad in malformed.items():
            fields = list(edge.command_body(text="status").items())
            good = dict(fields)[name]
            rest = [(k, v) for k, v in fields if k != name]
            for first, last in ((good, bad), (bad, good)):
                body = urlencode([*rest, (name, first), (name, last)]).encode()
                data = request_bytes("/slack/events", body, signed_headers(edge.secret, body))
                outcomes.append((name, first == bad, only_status(edge.port, data)))
    finally:
        catcher.shutdown()
    assert all(s in (200, 400) for _, _, s in outcomes), outcomes
    assert [o for o in outcomes if not o[1]] == [(n, False, 400) for n in malformed], outcomes
    reached = [str(c.params) for c in edge.slack.calls()[calls_before:]]
    reached += [str(r) for r in edge.slack.responses()]
    for bad in malformed.values():
        assert not any(bad in p for p in reached), bad
    assert hits == [], "a foreign response_url was called"
    edge.assert_unharmed(mark)


def test_huge_fields_under_the_body_limit_get_400(edge: Edge) -> None:
    """Promise: value and text lengths are checked against Slack's limits before any listener
    runs; a signed request with a malformed field gets 400 and makes no Slack call. A 900 KiB
    command text and a 900 KiB user id, each under the 1 MiB body limit."""
    mark = edge.mark()
    for field_name, value in (("text", "status " + "x" * 900_000), ("user_id", "U" * 900_000)):
        body = urlencode(edge.command_body(**{field_name: value})).encode()
        assert len(body) < MiB
        data = request_bytes("/slack/events", body, signed_headers(edge.secret, body))
        assert only_status(edge.port, data, seconds=15) == 400, field_name
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


DEPTH = 100_000
NESTED = {
    "interactivity": (
        (
            "payload=" + quote('{"type": "block_actions", "x": ' + "[" * DEPTH + "]" * DEPTH + "}")
        ).encode(),
        "application/x-www-form-urlencoded",
    ),
    "event": (
        (
            '{"type": "event_callback", "event": '
            + '{"a":' * (DEPTH // 2)
            + "1"
            + "}" * (DEPTH // 2 + 1)
        ).encode(),
        "application/json",
    ),
}


@pytest.mark.parametrize("kind", ["interactivity", "event"])
def test_deeply_nested_json_gets_400_not_a_crash(edge: Edge, kind: str) -> None:
    """Promise: bad input gets a clear answer, never a 500 or a traceback; a signed body that
    cannot be parsed gets 400. An interactivity payload or an Events API body nested 100 000
    levels deep (well under 1 MiB), signed with the right secret."""
    mark = edge.mark()
    body, content_type = NESTED[kind]
    assert len(body) < MiB
    data = request_bytes("/slack/events", body, signed_headers(edge.secret, body, content_type))
    assert only_status(edge.port, data, seconds=15) == 400
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


def test_a_forged_url_verification_gets_no_challenge_back(edge: Edge) -> None:
    """Promise: every request to /slack/events must carry a valid Slack signature; a URL
    verification (which would prove we own the URL) forged unsigned, signed with another
    secret, or stale is refused with 401 and does not echo the challenge. The signed one is
    answered (control)."""
    mark = edge.mark()
    challenge = "forged-challenge-" + "c" * 20
    body = json.dumps({"token": "t", "challenge": challenge, "type": "url_verification"}).encode()
    stale = str(int(time.time()) - 400)
    forged: list[list[tuple[str, str | bytes]]] = [
        [("Content-Type", "application/json")],
        signed_headers("not-the-signing-secret", body, "application/json"),
        [
            ("Content-Type", "application/json"),
            ("X-Slack-Request-Timestamp", stale),
            ("X-Slack-Signature", sign(edge.secret, stale, body)),
        ],
    ]
    for headers in forged:
        with socket.create_connection(("127.0.0.1", edge.port), timeout=5) as sock:
            sock.sendall(request_bytes("/slack/events", body, headers))
            answer = read_until_closed(sock, 5)
        assert STATUS.findall(answer) == [b"401"], answer[:200]
        assert challenge.encode() not in answer
    good = request_bytes(
        "/slack/events", body, signed_headers(edge.secret, body, "application/json")
    )
    with socket.create_connection(("127.0.0.1", edge.port), timeout=5) as sock:
        sock.sendall(good)
        answer = read_until_closed(sock, 5)
    assert STATUS.findall(answer) == [b"200"] and challenge.encode() in answer
    edge.assert_unharmed(mark, quiet=True)


def test_a_signed_body_of_the_wrong_type_or_method_gets_a_4xx(edge: Edge) -> None:
    """Promise: a signed body that is neither a form nor JSON gets 400; other malformed
    requests a 4xx. Signed binary bytes, a JSON array and a bare JSON string, and a GET or PUT
    to /slack/events."""
    mark = edge.mark()
    form = urlencode(edge.command_body(text="status")).encode()
    binary = bytes(range(256))
    cases = [
        request_bytes(
            "/slack/events", binary, signed_headers(edge.secret, binary, "application/octet-stream")
        ),
        request_bytes(
            "/slack/events", b"[1, 2]", signed_headers(edge.secret, b"[1, 2]", "application/json")
        ),
        request_bytes(
            "/slack/events", b'"x"', signed_headers(edge.secret, b'"x"', "application/json")
        ),
        request_bytes("/slack/events", method="GET"),
        request_bytes("/slack/events", form, signed_headers(edge.secret, form), method="PUT"),
    ]
    statuses = [only_status(edge.port, data) for data in cases]
    assert all(400 <= s < 500 for s in statuses), statuses
    edge.assert_no_slack_effect(mark)
    edge.assert_unharmed(mark)


# --- logs, routes, connections -------------------------------------------------------------


def test_forged_and_real_requests_log_no_member_text_token_or_secret(edge: Edge) -> None:
    """Promise: no member text, token or signing secret in any log, and a request that fails
    verification leaves no trace of its body. Forged requests (unsigned, wrong secret, stale,
    tampered) carry member text, a token and the signing secret in the body and in headers; a
    genuine signed command carries member text too. The process output must hold none of it,
    and no traceback."""
    mark = edge.mark()
    token = "xoxb-1111-2222-EDGEBLINDTOKEN"
    text = f"tip {MEMBER_MARKER} {token} {edge.secret}"
    body = urlencode(edge.command_body(text=text)).encode()
    stale = str(int(time.time()) - 400)
    leaky: list[tuple[str, str | bytes]] = [
        ("User-Agent", f"{MEMBER_MARKER} {token}"),
        ("X-Member-Note", MEMBER_MARKER),
        ("Authorization", f"Bearer {token}"),
    ]
    forged: list[list[tuple[str, str | bytes]]] = [
        [("Content-Type", "application/x-www-form-urlencoded")],
        signed_headers("not-the-signing-secret", body),
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Slack-Request-Timestamp", stale),
            ("X-Slack-Signature", sign(edge.secret, stale, body)),
        ],
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("X-Slack-Request-Timestamp", MEMBER_MARKER),
            ("X-Slack-Signature", f"v0={MEMBER_MARKER}"),
        ],
    ]
    for headers in forged:
        assert only_status(edge.port, request_bytes("/slack/events", body, headers + leaky)) == 401
    tampered = body.replace(b"tip", b"tap", 1)
    headers = signed_headers(edge.secret, body) + leaky
    assert only_status(edge.port, request_bytes("/slack/events", tampered, headers)) == 401
    edge.assert_no_slack_effect(mark)
    genuine = request_bytes("/slack/events", body, signed_headers(edge.secret, body) + leaky)
    assert only_status(edge.port, genuine) == 200
    edge.assert_unharmed(mark)
    logged = edge.new_output(mark)
    for secret in (MEMBER_MARKER, token, "EDGEBLINDTOKEN", edge.secret, "not-the-signing-secret"):
        assert secret not in logged, f"{secret[:10]}… in the log:\n{logged[-2000:]}"


def test_slacks_port_serves_slacks_routes_only(edge: Edge) -> None:
    """Promise: with BALANCE_HEALTH_PORT set, /healthz and /metrics have a listener of their
    own and Slack's port serves Slack's routes only. Health and metrics are asked for on
    Slack's port directly and by path tricks; none may answer there."""
    mark = edge.mark()
    metrics = httpx.get(f"http://127.0.0.1:{edge.health_port}/metrics", timeout=5)
    assert metrics.status_code == 200 and "# TYPE" in metrics.text
    for path in (
        "/healthz",
        "/metrics",
        "//healthz",
        "/slack/../metrics",
        "/slack/events/../../healthz",
        "/%68ealthz",
        "/healthz?x=1",
        "/HEALTHZ",
    ):
        with socket.create_connection(("127.0.0.1", edge.port), timeout=5) as sock:
            sock.sendall(request_bytes(path, method="GET"))
            answer = read_until_closed(sock, 5)
        statuses = [int(s) for s in STATUS.findall(answer)]
        assert statuses and all(400 <= s < 500 for s in statuses), (path, answer[:200])
        assert b"# TYPE" not in answer and b"scheduler" not in answer.lower(), path
    edge.assert_unharmed(mark)


def hold_connections(port: int, count: int) -> list[socket.socket]:
    """Slow-loris: connections that have sent only the start of their headers."""
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        held.append(sock)
    return held


def test_connections_beyond_the_bound_get_503_while_health_answers(
    tmp_path: Path,
) -> None:
    """Promise: the server bounds concurrent connections (BALANCE_MAX_CONNECTIONS, here 4):
    beyond it Slack's port answers 503, and /healthz on its own port still answers 200, fast.
    Twelve slow-loris connections hold Slack's port; once they go, Slack's port serves again."""
    with SlackSandbox() as slack:
        slack.add_user("U0BEN", name="ben", real_name="Ben Carter", tz="America/New_York")
        slack.add_channel("C0FRONTDESK", "front-desk", members=["U0BEN"])
        bot, health_port = launch(slack, tmp_path, BALANCE_MAX_CONNECTIONS="4")
        edge = Edge(bot, slack, health_port)
        held: list[socket.socket] = []
        try:
            mark = edge.mark()
            held = hold_connections(edge.port, 12)
            body = urlencode(edge.command_body(text="status")).encode()
            beyond = request_bytes("/slack/events", body, signed_headers(edge.secret, body))
            assert only_status(edge.port, beyond) == 503
            started = time.monotonic()
            assert edge.health() == 200
            assert time.monotonic() - started < 1.0
            for sock in held:
                sock.close()
            held = []
            served = 0
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and served != 200:
                body = urlencode(edge.command_body(text="status")).encode()
                data = request_bytes("/slack/events", body, signed_headers(edge.secret, body))
                served = only_status(edge.port, data)
            assert served == 200
            edge.assert_unharmed(mark)
        finally:
            for sock in held:
                sock.close()
            stop(bot)


# --- the install link (OAuth mode) -----------------------------------------------------------


def row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_the_install_link_writes_nothing_and_garbage_state_gets_a_4xx(tmp_path: Path) -> None:
    """Promises: /slack/install costs no database write (500 anonymous visits write nothing; here
    60); a forged, tampered, oversized or duplicated state on /slack/oauth_redirect is refused
    with a 4xx, never a 5xx or a traceback, and installs nothing."""
    with SlackSandbox() as slack:
        port, health_port = free_port(), free_port()
        env = bot_env(
            slack,
            tmp_path,
            SLACK_CLIENT_ID="sandbox-client-id",
            SLACK_CLIENT_SECRET="sandbox-client-secret",
            BALANCE_ENCRYPTION_KEY=Fernet.generate_key().decode(),
            BALANCE_HEALTH_PORT=str(health_port),
            BALANCE_DISPATCH_INTERVAL_SECONDS="3600",
        )
        env.pop("SLACK_BOT_TOKEN")
        bot = BotProcess(["run", "--mode", "http", "--port", str(port)], env, tmp_path, port)
        edge = Edge(bot, slack, health_port)
        try:
            wait_health(health_port, bot)
            mark = edge.mark()
            db = tmp_path / "e2e.db"
            before = row_counts(db)
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(timeout=5) as anonymous:
                for _ in range(60):
                    visit = anonymous.get(f"{base}/slack/install")
                    anonymous.cookies.clear()
                    assert visit.status_code in (200, 302), visit.status_code
            assert row_counts(db) == before, "anonymous install visits wrote to the database"

            with httpx.Client(timeout=5, follow_redirects=False) as browser:
                page = browser.get(f"{base}/slack/install")
                found = re.search(r"state=([A-Za-z0-9._~%-]+)", page.headers.get("location", ""))
                found = found or re.search(r"state=([A-Za-z0-9._~%-]+)", page.text)
                assert found, page.text[:300]
                state = found.group(1)
                code = slack.oauth_code()
                tampered = state[:-2] + ("AA" if not state.endswith("AA") else "BB")
                queries = [
                    "",
                    "state=&code=x",
                    f"code={code}",
                    f"state=garbage&code={code}",
                    f"state={tampered}&code={code}",
                    f"state={'A' * 6000}&code={code}",
                    f"state={state}&state=garbage&code={code}",
                    f"state=garbage&state={state}&code={code}",
                    f"state={quote('ü%00<script>')}&code={code}",
                    f"state={state}&code={code}&code=other",
                ]
                statuses = {}
                for query in queries:
                    reply = browser.get(f"{base}/slack/oauth_redirect?{query}")
                    statuses[query.replace(state, "<state>")[:60]] = reply.status_code
                # Slack's "the user declined" callback shows a failure page (Bolt reads `error`
                # before the state); it must not reflect the attacker's markup
                declined = browser.get(
                    f"{base}/slack/oauth_redirect?state=garbage&error={quote('<script>x()</script>')}"
                )
                assert declined.status_code < 500 and b"<script>x()" not in declined.content
            bad = {q: s for q, s in statuses.items() if not 400 <= s < 500}
            assert not bad, json.dumps(bad)
            assert row_counts(db) == before, "a refused redirect wrote to the database"
            assert not slack.calls("oauth.v2.access") or all(
                c.response and not c.response.get("ok") for c in slack.calls("oauth.v2.access")
            )
            edge.assert_unharmed(mark)
        finally:
            stop(bot)
