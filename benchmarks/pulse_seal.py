"""What sealing costs per pulse answer: `store.pulse.submit` (open the round's envelope, add the
answer, shuffle, seal, write it back under the round's lock) against a bare INSERT of the same
answers as plain rows (what an unsealed store would do), on one database, in one run.

    python benchmarks/pulse_seal.py [--answers 200] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert

from bot.features.pulse.sealing import Envelope, Keyring
from bot.store import create_store
from bot.store.db import migrate
from bot.store.pulse import Answer

NOW = datetime(2026, 12, 4, 20, tzinfo=UTC)
ANSWERS = [
    Answer("workload-manageable", value=3),
    Answer("stress-coping", value=4),
    Answer("breaks-taken", value=2),
    Answer("after-hours-messages", value=1),
    Answer("next-week-better", comment="More help at the front desk on Monday mornings, please."),
]


def run(url: str, n: int) -> tuple[list[float], list[float]]:
    store = create_store(url)
    migrate(store.engine)
    keys = Keyring(["benchmark-secret-" + "z" * 32])
    round_, _ = store.pulse.create_round(
        team_id="T1",
        channel_id="C1",
        week="2026-W49",
        opens_at=NOW,
        closes_at=NOW + timedelta(hours=72),
        questions=[a.question_id for a in ANSWERS],
        threshold=5,
    )
    key = keys.new_round("T1", round_.id)
    members = [f"U{i:05d}" for i in range(n)]
    store.pulse.freeze(
        round_.id,
        eligible=[key.member(m) for m in members],
        key_check=key.check,
        sealed=key.seal(Envelope()),
    )
    plain = Table(
        "bench_plain_answers",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("round_id", Integer),
        Column("question_id", String(64)),
        Column("value", Integer),
        Column("comment", Text),
    )
    plain.create(store.engine, checkfirst=True)
    sealed_times, plain_times = [], []
    for member in members:
        started = time.perf_counter()
        store.pulse.submit(
            round_.id,
            now=NOW,
            change=lambda blob, m=member: key.seal(
                key.open(blob).with_answer(key.member(m), ANSWERS)
            ),
        )
        sealed_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        with store.engine.begin() as conn:
            conn.execute(
                insert(plain),
                [
                    {
                        "round_id": round_.id,
                        "question_id": a.question_id,
                        "value": a.value,
                        "comment": a.comment,
                    }
                    for a in ANSWERS
                ],
            )
        plain_times.append(time.perf_counter() - started)
    plain.drop(store.engine)
    store.close()
    return sealed_times, plain_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        sealed, plain = run(url, args.answers)
    print(f"{args.answers} answers to one round on {url.split(':')[0]}")
    print(f"{'per answer':<28}{'p50 ms':>10}{'p99 ms':>10}{'last ms':>10}")
    for name, times in (("sealed envelope", sealed), ("plain rows (unsealed)", plain)):
        ms = sorted(t * 1000 for t in times)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        print(f"{name:<28}{statistics.median(ms):>10.2f}{p99:>10.2f}{times[-1] * 1000:>10.2f}")
    print(f"ratio sealed / plain, p50: {statistics.median(sealed) / statistics.median(plain):.2f}")


if __name__ == "__main__":
    main()
