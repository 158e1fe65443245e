"""Shared fixtures: databases (SQLite always, PostgreSQL when TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.clock import ManualClock
from bot.store import Store, create_store
from bot.store.db import migrate

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
NO_POSTGRES = "TEST_POSTGRES_URL is not set: PostgreSQL tests skipped (CI sets it)"


def _postgres_schema_url(base: str, schema: str) -> str:
    url = make_url(base).set(query={"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # CI must not pass silently without its database
        pytest.fail(f"TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {exc}")
    finally:
        engine.dispose()
    return POSTGRES_URL


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A fresh schema for one test; its URL points search_path at it."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(postgres_url, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/balance.db"
    return str(request.getfixturevalue("postgres_schema"))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = create_store(database_url)
    migrate(store.engine)
    yield store
    store.close()


@pytest.fixture
def sqlite_store(tmp_path: object) -> Iterator[Store]:
    store = create_store(f"sqlite:///{tmp_path}/balance.db")
    migrate(store.engine)
    yield store
    store.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))


# --- Every log record of the whole test session, checked for secrets at the end ---------------
# (tests/reliability/test_no_secrets_in_logs.py checks it mid-session too). The end-of-session
# check also reads the logs of every real `balance-bot` process the tests started (bot-*.log
# under pytest's temporary directory) and fails the run if any holds a token, a signing or
# client secret, or the free-text marker the privacy tests put into pulse comments.

import logging as _logging  # noqa: E402
import re as _re  # noqa: E402
import threading as _threading  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

LOG_MARKER = "PULSE-COMMENT-MARKER-5b1e"
PULSE_SECRET_PREFIX = "pulse-secret-of-a-test-"  # every BALANCE_PULSE_SECRET the tests make
KNOWN_SECRETS = (
    PULSE_SECRET_PREFIX,
    "sandbox-signing-secret",
    "sandbox-client-secret",
    "xoxb-sandbox-token",
    "xapp-sandbox-token",
    LOG_MARKER,
)
_TOKEN_SHAPE = _re.compile(r"\b(?:xox[abeprs]|xapp|xwfp)-[A-Za-z0-9][A-Za-z0-9-]{2,}")


class SessionLog(_logging.Handler):
    """Keeps the text of every log record (message and traceback) of this test process."""

    def __init__(self) -> None:
        super().__init__(_logging.DEBUG)
        self.lines: list[str] = []
        self.roots: list[_Path] = []
        self._guard = _threading.Lock()
        self._formatter = _logging.Formatter()

    def emit(self, record: _logging.LogRecord) -> None:
        try:
            text = f"{record.name} {record.levelname} {record.getMessage()}"
        except Exception:  # a bad format string must not break the test that logged it
            text = f"{record.name} {record.levelname} {record.msg!r} {record.args!r}"
        if record.exc_info:
            text += "\n" + self._formatter.formatException(record.exc_info)
        with self._guard:
            self.lines.append(text)

    def process_logs(self) -> dict[str, str]:
        """The output of every real bot process started so far."""
        found: dict[str, str] = {}
        for root in self.roots:
            for path in sorted(root.rglob("bot-*.log")):
                found[str(path)] = path.read_text(errors="replace")
        return found

    def leaks(self) -> list[str]:
        with self._guard:
            sources = {"this test process": "\n".join(self.lines)}
        sources.update(self.process_logs())
        problems = []
        for where, logged in sources.items():
            for secret in KNOWN_SECRETS:
                if secret in logged:
                    problems.append(f"{where}: contains {secret[:12]}…")
            for token in set(_TOKEN_SHAPE.findall(logged)):
                problems.append(f"{where}: contains a token {token[:8]}…")
        return problems


SESSION_LOG = SessionLog()


def pytest_configure(config: pytest.Config) -> None:
    """Log as `balance-bot run` does at its default BALANCE_LOG_LEVEL=INFO (the same levels per
    library, from bot.logs), into SESSION_LOG instead of stderr."""
    from bot.logs import setup_logging

    root = _logging.getLogger()
    kept = list(root.handlers)
    setup_logging("INFO")
    # Production's handler filters apply here too, except the token redaction: that is a second
    # line of defence, and this check is about the first (never logging a token at all).
    for production in root.handlers:
        for log_filter in production.filters:
            if type(log_filter).__name__ != "RedactTokens":
                SESSION_LOG.addFilter(log_filter)
    root.handlers[:] = [*kept, SESSION_LOG]


@pytest.fixture(scope="session", autouse=True)
def _session_log_roots(tmp_path_factory: pytest.TempPathFactory) -> None:
    SESSION_LOG.roots.append(tmp_path_factory.getbasetemp())


@pytest.fixture
def session_log() -> SessionLog:
    return SESSION_LOG


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaks = SESSION_LOG.leaks()
    if not leaks:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "secrets or free text found in logs:\n  " + "\n  ".join(leaks[:20])
    if reporter is not None:
        reporter.write_sep("=", "log check failed", red=True)
        reporter.write_line(message)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
