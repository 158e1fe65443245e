"""Engine set-up, migrations and the `Store` that groups the repositories."""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import display_url
from bot.store.events import EventLog
from bot.store.members import Members
from bot.store.notices import Notices
from bot.store.nudges import NudgeLog
from bot.store.outbox import Outbox
from bot.store.pulse import PulseStore
from bot.store.tips import TipHistory
from bot.store.workspaces import Workspaces

log = logging.getLogger(__name__)

# Any fixed number works; replicas starting together take turns migrating.
_MIGRATION_LOCK = 727_001


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says what to do about it."""


@dataclass
class Store:
    engine: Engine
    members: Members
    outbox: Outbox
    events: EventLog
    tips: TipHistory
    workspaces: Workspaces
    notices: Notices
    nudges: NudgeLog
    pulse: PulseStore

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers go on while one writer writes; the busy timeout makes writers queue
    # instead of failing with "database is locked".
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock at BEGIN: a deferred transaction that reads and then writes can fail
    # with SQLITE_BUSY even with a busy timeout.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def private_sqlite_file(path: str) -> None:
    """Create the database file readable by its owner only (0600), whatever the umask. SQLite
    gives the -wal and -shm files the mode of the database file, so they follow. A file left
    readable by others by an earlier version is tightened, and the operator told."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        for name in (path, f"{path}-wal", f"{path}-shm"):
            try:
                mode = stat.S_IMODE(os.stat(name).st_mode)
                if mode & 0o077:
                    os.chmod(name, mode & 0o700)
                    log.warning(
                        "made %s readable by its owner only (it held member data "
                        "others could read)",
                        os.path.basename(name),
                    )
            except FileNotFoundError:
                continue
            except PermissionError:
                log.warning(
                    "%s is readable by others and not ours to change: restrict it with chmod 600",
                    os.path.basename(name),
                )
        return
    except FileNotFoundError:
        return  # no such folder: SQLite's own error says so when it connects
    os.close(fd)


def create_engine_for(url: str) -> Engine:
    parsed = make_url(url)
    # Bound values (a member's answers, comments, settings) never go into an error message.
    if parsed.get_backend_name() == "sqlite":
        private_sqlite_file(parsed.database or "")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(
        url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True
    )


def create_store(url: str) -> Store:
    """Build the store; raises DatabaseError with a fix when the database can't be reached."""
    engine = create_engine_for(url)
    store = Store(
        engine=engine,
        members=Members(engine),
        outbox=Outbox(engine),
        events=EventLog(engine),
        tips=TipHistory(engine),
        workspaces=Workspaces(engine),
        notices=Notices(engine),
        nudges=NudgeLog(engine),
        pulse=PulseStore(engine),
    )
    try:
        store.ping()
    except SQLAlchemyError as exc:
        engine.dispose()
        shown = display_url(url)
        orig = getattr(exc, "orig", None)
        reason = str(orig or exc).splitlines()[0]
        raise DatabaseError(
            f"DATABASE_URL: cannot connect to {shown} ({reason.strip()}) — check that the "
            "database server is running and the URL, user and password are right"
        ) from None
    return store


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("bot.store") / "migrations"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Apply pending migrations. On PostgreSQL an advisory lock serialises replicas."""
    cfg = _alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def pending_migrations(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()
