"""Upgrading a database from before sealed rounds (revision 0004), on SQLite and PostgreSQL:
closed rounds keep their totals and comments, a round still open closes without results, and
no per-answer row, voter hash or secret is left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import create_engine, inspect, text

from bot.store import create_store
from bot.store.db import _alembic_config, migrate

NOW = datetime(2026, 12, 4, 20, tzinfo=UTC)


def test_closed_rounds_keep_their_totals_and_open_ones_close(database_url: str) -> None:
    engine = create_engine(database_url)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    with engine.begin() as conn:
        for week, status in (("2026-W48", "closed"), ("2026-W49", "open")):
            conn.execute(
                text(
                    "INSERT INTO pulse_rounds (team_id, channel_id, week, status, opens_at, "
                    "closes_at, secret, questions, threshold, responses, reminded) VALUES "
                    "('T1', 'C1', :week, :status, :opens, :closes, :secret, "
                    '\'["workload-manageable", "next-week-better"]\', 3, 3, false)'
                ),
                {
                    "week": week,
                    "status": status,
                    "opens": NOW,
                    "closes": NOW + timedelta(3),
                    "secret": "ab" * 32,
                },
            )
        ids = dict(conn.execute(text("SELECT week, id FROM pulse_rounds")).all())
        for round_id in ids.values():
            for value, comment in ((4, None), (2, "slow Monday"), (3, None)):
                conn.execute(
                    text(
                        "INSERT INTO pulse_answers (id, round_id, question_id, value) "
                        "VALUES (:i, :r, 'workload-manageable', :v)"
                    ),
                    {"i": round_id * 100 + value, "r": round_id, "v": value},
                )
                if comment:
                    conn.execute(
                        text(
                            "INSERT INTO pulse_answers (id, round_id, question_id, comment) "
                            "VALUES (:i, :r, 'next-week-better', :c)"
                        ),
                        {"i": round_id * 1000 + value, "r": round_id, "c": comment},
                    )
            conn.execute(text("INSERT INTO pulse_voters VALUES (:r, 'hash')"), {"r": round_id})
    engine.dispose()

    store = create_store(database_url)
    migrate(store.engine)
    closed = store.pulse.round(ids["2026-W48"])
    assert closed is not None and closed.status == "closed" and closed.responses == 3
    assert closed.tallies is not None and closed.tallies["workload-manageable"].total == 9
    assert closed.comments == ("slow Monday",) and closed.eligible is None
    upgraded = store.pulse.round(ids["2026-W49"])
    assert upgraded is not None and upgraded.status == "closed" and upgraded.note == "upgraded"
    assert upgraded.tallies is None and upgraded.responses == 0
    tables = set(inspect(store.engine).get_table_names())
    assert not {"pulse_answers", "pulse_voters"} & tables
    assert "secret" not in {c["name"] for c in inspect(store.engine).get_columns("pulse_rounds")}
    store.close()
