"""Exception messages never reach a log line: they can quote a member (a database error lists
the values it could not store, a parser echoes its input). What is logged is the exception's
type and where in our code it happened. Bound SQL values are hidden by the engine as well."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from bot.logs import RedactTokens, ScrubExceptions
from bot.store import create_store
from bot.store.db import migrate
from bot.store.tables import members

MARKER = "MEMBER-WORDS-MARKER-91c2"


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.addFilter(ScrubExceptions())
        self.addFilter(RedactTokens())
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def collected() -> Collect:
    handler = Collect()
    logger = logging.getLogger("scrub-test")
    logger.addHandler(handler)
    logger.propagate = False
    yield handler
    logger.removeHandler(handler)
    logger.propagate = True


def fail_in_parser(text: str) -> None:
    raise ValueError(f"I couldn't read {text!r}")


def test_a_logged_exception_keeps_its_type_and_loses_its_message(collected: Collect) -> None:
    logger = logging.getLogger("scrub-test")
    try:
        fail_in_parser(f"shift {MARKER}")
    except ValueError:
        logger.exception("a command failed")
    try:
        fail_in_parser(MARKER)
    except ValueError as exc:
        # As Bolt does for lazy listeners: the message quotes the exception, no exc_info.
        logger.error(f"Failed to run an internal function ({exc})")
    assert len(collected.lines) == 2
    for line in collected.lines:
        assert MARKER not in line and "Traceback" not in line and "\n" not in line
        assert "ValueError" in line
    assert collected.lines[0].startswith("ERROR scrub-test: a command failed [ValueError")


def test_chained_database_errors_name_both_types_and_our_operation(
    collected: Collect, tmp_path: Path
) -> None:
    store = create_store(f"sqlite:///{tmp_path}/scrub.db")
    migrate(store.engine)
    assert store.engine.hide_parameters
    row = {
        "team_id": "T1",
        "user_id": "U1",
        "level": MARKER,
        "quiet_notices": True,
        "quiet_self": False,
        "end_of_shift": True,
        "tz_override": False,
        "lang_override": False,
        "share_leave": False,
        "created_at": None,
        "updated_at": None,
    }
    logger = logging.getLogger("scrub-test")
    with pytest.raises(IntegrityError) as caught, store.engine.begin() as conn:
        conn.execute(insert(members).values(**row))
    assert MARKER not in str(caught.value), "the engine shows bound values"
    try:
        raise RuntimeError("while saving") from caught.value
    except RuntimeError:
        logger.warning("could not save a member's level")
    [line] = collected.lines
    assert "RuntimeError ← IntegrityError" in line and MARKER not in line
    store.close()


def test_records_without_exceptions_are_left_alone(collected: Collect) -> None:
    logging.getLogger("scrub-test").info("delivery %s expired", 42)
    assert collected.lines == ["INFO scrub-test: delivery 42 expired"]
