"""The SQLite file holds members' settings and the outbox's messages: it and its WAL are
readable by their owner only (0600), whatever the umask, and a file left readable by others is
tightened at start-up (and the operator told)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.store import create_store
from bot.store.db import migrate


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    before = os.umask(0o022)  # the usual default outside systemd: files come out 0644
    yield
    os.umask(before)


def test_the_database_and_its_wal_are_private(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "balance-bot.db"
    store = create_store(f"sqlite:///{path}")
    migrate(store.engine)
    with store.engine.begin() as conn:
        conn.execute(text("SELECT 1"))
        conn.exec_driver_sql("CREATE TABLE probe (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO probe VALUES (1)")
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    try:
        assert wal.exists() and shm.exists(), "WAL mode writes these while the bot runs"
        assert mode(path) == 0o600
        assert mode(wal) == 0o600 and mode(shm) == 0o600
    finally:
        store.close()


def test_a_file_readable_by_others_is_tightened(
    tmp_path: Path, open_umask: None, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "balance-bot.db"
    store = create_store(f"sqlite:///{path}")
    migrate(store.engine)
    store.close()
    path.chmod(0o644)
    caplog.set_level(logging.WARNING)
    store = create_store(f"sqlite:///{path}")
    store.close()
    assert mode(path) == 0o600
    assert any("readable by its owner only" in r.getMessage() for r in caplog.records)
