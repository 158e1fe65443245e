"""A pulse answer the database cannot store: the member sees it inside the modal, which keeps
their answers, and the log says what failed without the answers, the comment or SQL values.
PostgreSQL: a real `lock_timeout` while the round's row is locked (as it happened). SQLite: a
trigger that makes every write to the pulse tables fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bot.clock import ManualClock
from bot.features.pulse import api
from bot.sandbox import SlackSandbox
from bot.store.tables import metadata, pulse_rounds
from tests.conftest import SessionLog
from tests.integration.conftest import Bot, buttons, start_bot
from tests.integration.test_pulse import CHANNEL, _add_staff, _good, _open_round, _set_up

MARKER = "SAVE-FAILURE-COMMENT-7f3a"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def failing_bot(
    request: pytest.FixtureRequest, slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> Iterator[tuple[Bot, str]]:
    overrides: dict[str, Any] = {}
    if request.param == "postgres":
        url = make_url(request.getfixturevalue("postgres_schema"))
        options = f"{url.query['options']} -c lock_timeout=300"
        overrides["database_url"] = url.update_query_dict({"options": options}).render_as_string(
            hide_password=False
        )
    for bot in start_bot(slack, tmp_path, clock, mode="http", **overrides):
        yield bot, request.param


def open_modal(bot: Bot, user: str, post: dict[str, Any]) -> dict[str, Any]:
    before = len(bot.slack.views_opened())
    [button] = buttons(post)
    assert (
        bot.sender.block_action(
            user, button["action_id"], button["value"], message=post, channel_id=CHANNEL
        ).status
        == 200
    )
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) > before, timeout=5)
    modal = bot.slack.views_opened()[-1]
    assert modal["callback_id"] == "pulse.answer"
    return modal


class Breakage:
    """Makes the pulse save fail until `heal()`."""

    def __init__(self, bot: Bot, dialect: str) -> None:
        self.engine = (
            bot.store.engine if dialect == "sqlite" else create_engine(bot.store.engine.url)
        )
        self.dialect = dialect
        self.conn: Any = None

    def break_(self) -> None:
        if self.dialect == "postgres":
            self.conn = self.engine.connect()
            self.conn.execute(text("BEGIN"))
            self.conn.execute(text("SELECT id FROM pulse_rounds FOR UPDATE"))  # held
            return
        with self.engine.begin() as conn:
            for table in metadata.tables:
                if table.startswith("pulse_"):
                    for op in ("INSERT", "UPDATE"):
                        conn.exec_driver_sql(
                            f"CREATE TRIGGER fail_{op.lower()}_{table} BEFORE {op} ON {table} "
                            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
                        )

    def heal(self) -> None:
        if self.dialect == "postgres":
            self.conn.execute(text("ROLLBACK"))
            self.conn.close()
            self.engine.dispose()
            return
        with self.engine.begin() as conn:
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).all():
                conn.exec_driver_sql(f"DROP TRIGGER {name}")


def test_a_failed_save_is_shown_in_the_modal_and_logs_no_answer(
    failing_bot: tuple[Bot, str], session_log: SessionLog
) -> None:
    bot, dialect = failing_bot
    _add_staff(bot)
    _set_up(bot)
    post = _open_round(bot)
    modal = open_modal(bot, "U0ANA", post)
    values = api.simple_values(_good(4, f"{MARKER} más ayuda en recepción"))
    start = len(session_log.lines)
    envelope = _envelope(bot)
    breakage = Breakage(bot, dialect)
    breakage.break_()
    try:
        ack = bot.sender.view_submission(
            "U0ANA", modal, values, callback_id="pulse.answer"
        ).payload()
    finally:
        breakage.heal()
    # The modal stays open (errors, not an update that would replace it) and says why.
    assert ack.get("response_action") == "errors", ack
    [message] = ack["errors"].values()
    # Ana's Slack locale is Spanish: she is told in Spanish.
    assert message == bot.runtime.deps.catalog.ui("pulse.save_failed", "es")
    assert "no se guardaron" in message
    assert _envelope(bot) == envelope  # nothing of the answer was stored
    logged = session_log.lines[start:]
    assert any("pulse: an answer could not be saved" in line for line in logged), logged
    for line in logged:
        assert MARKER not in line and "ayuda" not in line, line
        assert "parameters" not in line.lower() and "INSERT" not in line, line
    # Submitting the same modal again, once the database is back, saves it.
    again = bot.sender.view_submission("U0ANA", modal, values, callback_id="pulse.answer")
    assert again.payload()["response_action"] == "update"
    assert _envelope(bot) != envelope  # the round's sealed envelope now holds it


def _envelope(bot: Bot) -> str | None:
    """The open round's sealed envelope (rewritten whole at every stored answer)."""
    with bot.store.engine.connect() as conn:
        return conn.execute(select(pulse_rounds.c.sealed)).scalar_one()
