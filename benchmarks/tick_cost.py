"""Planner tick cost: 100,000 members with 1,000 due vs 1,000 members with 1,000 due (SQLite).

Members are inserted in bulk with SQLAlchemy. Every member works mon-fri 08:00-17:00 in Chicago;
the tick runs at Monday 09:00 there, so each due member gets break nudges and the end-of-shift
planner looks at them too. In the large database the other 99,000 were planned earlier and are
due later today. One tick = the member planning pass (breaks + end of shift), as the scheduler
runs it. Each case is timed `--repeat` times (due members and their outbox rows reset between
runs); medians are compared. For scale, it also times what the planner did before
`next_plan_at`: loading every member with shifts, before planning anything.

    python benchmarks/tick_cost.py [--members 100000] [--due 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from bot.clock import ManualClock
from bot.config import Settings
from bot.deps import Deps
from bot.features.breaks import jobs as breaks_jobs
from bot.features.breaks.planning import member_planning
from bot.features.quiet import jobs as quiet_jobs
from bot.jobs import JobRegistry
from bot.metrics import Metrics
from bot.schedule import WeeklySchedule, parse_shift, to_json
from bot.store import Store, create_store
from bot.store.db import migrate
from bot.store.members import _to_member
from bot.store.tables import members, outbox
from content import builtin_catalog

TEAM = "T0BENCH"
NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # Monday 09:00 in Chicago
SCHEDULE = to_json(parse_shift("mon-fri 08:00-17:00").apply(WeeklySchedule()))


def member_rows(count: int, due: int, start: int = 0) -> list[dict[str, Any]]:
    """`count` members; the first `due` are due now, the rest later today."""
    rows = []
    for i in range(start, start + count):
        later = NOW + timedelta(seconds=60 + (i * 7919) % (8 * 3600))
        rows.append(
            {
                "team_id": TEAM,
                "user_id": f"U{i:07d}",
                "level": "mid",
                "tz": "America/Chicago",
                "tz_override": False,
                "lang": "en",
                "lang_override": False,
                "schedule": SCHEDULE,
                "break_prefs": None,
                "quiet_notices": True,
                "quiet_self": False,
                "end_of_shift": True,
                "away_until": None,
                "away_from": None,
                "created_at": NOW,
                "updated_at": NOW,
                "next_plan_at": NOW - timedelta(minutes=1) if i < due else later,
            }
        )
    return rows


def build(path: Path, count: int, due: int) -> Store:
    store = create_store(f"sqlite:///{path}")
    migrate(store.engine)
    chunk = 5000
    with store.engine.begin() as conn:
        for start in range(0, count, chunk):
            conn.execute(members.insert(), member_rows(min(chunk, count - start), due, start))
    return store


def make_deps(store: Store) -> Deps:
    deps = Deps(
        settings=Settings(_env_file=None),
        store=store,
        clock=ManualClock(NOW),
        catalog=builtin_catalog(),
        metrics=Metrics(),
        jobs=JobRegistry(),
    )
    breaks_jobs.register_jobs(deps)
    quiet_jobs.register(deps)
    return deps


def reset(store: Store, due: int) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(outbox))
        conn.execute(
            members.update()
            .where(members.c.user_id < f"U{due:07d}")
            .values(next_plan_at=NOW - timedelta(minutes=1))
        )


def time_ticks(store: Store, due: int, repeat: int) -> tuple[float, int, int]:
    planning = member_planning(make_deps(store))
    seconds: list[float] = []
    planned = added = 0
    for _ in range(repeat):
        reset(store, due)
        started = time.perf_counter()
        report = planning.run(NOW)
        seconds.append(time.perf_counter() - started)
        planned, added = report.members, report.added
    return statistics.median(seconds), planned, added


def full_scan(store: Store) -> float:
    started = time.perf_counter()
    query = select(members).where(members.c.schedule.is_not(None))
    with store.engine.connect() as conn:
        loaded = [_to_member(row) for row in conn.execute(query).mappings()]
    assert loaded
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = build(Path(tmp) / "small.db", args.due, args.due)
        started = time.perf_counter()
        large = build(Path(tmp) / "large.db", args.members, args.due)
        insert_seconds = time.perf_counter() - started
        try:
            t_small, n_small, rows_small = time_ticks(small, args.due, args.repeat)
            t_large, n_large, rows_large = time_ticks(large, args.due, args.repeat)
            scan = full_scan(large)
        finally:
            small.close()
            large.close()
    print(f"bulk insert of {args.members} members: {insert_seconds:.1f} s")
    print(
        f"tick, {args.due} members ({args.due} due): {t_small * 1000:.0f} ms "
        f"({n_small} planned, {rows_small} outbox rows)"
    )
    print(
        f"tick, {args.members} members ({args.due} due): {t_large * 1000:.0f} ms "
        f"({n_large} planned, {rows_large} outbox rows)"
    )
    print(f"ratio large / small = {t_large / t_small:.2f} (goal ≤ 2)")
    print(
        f"for scale: loading all {args.members} members with shifts (the old planner's "
        f"first step, every tick) takes {scan * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
