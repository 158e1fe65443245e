"""Peak memory with 100,000 members on SQLite through a planning tick.

Each case runs in its own process, so its peak RSS (`resource.getrusage`, which never goes down)
is its own: after imports, after the bulk insert, and after one tick of the member planning pass
(breaks + end of shift). A second process per case measures tracemalloc's peak of Python
allocations during the tick (tracemalloc's own bookkeeping would inflate the RSS figures).

* `due1000`: 1,000 of the 100,000 members due (a normal tick).
* `alldue`: every member due at once (the first tick after an upgrade gives every member with
  shifts a planning time of "now"); a tick plans at most 20,000, in batches of 1,000.
* `fullscan`: for scale, what the planner did before `next_plan_at`: load every member with
  shifts (no planning at all).

    python benchmarks/memory.py [--members 100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASES = ("due1000", "alldue", "fullscan")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_case(case: str, count: int, *, trace: bool) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from benchmarks.tick_cost import NOW, build, make_deps
    from bot.features.breaks.planning import member_planning
    from bot.store.members import _to_member
    from bot.store.tables import members

    out: dict[str, Any] = {"case": case, "imports_mb": rss_mb()}
    due = {"due1000": 1000, "alldue": count, "fullscan": 0}[case]
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp) / "members.db", count, due)
        out["inserted_mb"] = rss_mb()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        if case == "fullscan":
            with store.engine.connect() as conn:
                query = select(members).where(members.c.schedule.is_not(None))
                loaded = [_to_member(row) for row in conn.execute(query).mappings()]
            out["planned"] = 0
            out["loaded"] = len(loaded)
        else:
            report = member_planning(make_deps(store)).run(NOW)
            out["planned"] = report.members
            out["rows"] = report.added
        out["seconds"] = time.perf_counter() - started
        if trace:
            out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        out["peak_mb"] = rss_mb()
        store.close()
    return out


def _child(case: str, count: int, *extra: str) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--case", case, "--members", str(count), *extra],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.members, trace=args.trace)))
        return
    print(f"{args.members} members on SQLite; MB are peak RSS of the process so far")
    print("case      imports  inserted  after tick  tracemalloc(tick)  planned  seconds")
    print("          (RSS MB) (RSS MB)  (RSS MB)    (Python MB)                (untraced)")
    for case in CASES:
        r = _child(case, args.members)
        r["traced_peak_mb"] = _child(case, args.members, "--trace")["traced_peak_mb"]
        planned = r.get("planned") or r.get("loaded", 0)
        print(
            f"{case:<9} {r['imports_mb']:>7.0f}  {r['inserted_mb']:>8.0f}  {r['peak_mb']:>10.0f}"
            f"  {r['traced_peak_mb']:>17.1f}  {planned:>7}  {r['seconds']:>7.1f}"
        )
    print("goal: peak RSS through a planning tick ≤ 150 MB")


if __name__ == "__main__":
    main()
