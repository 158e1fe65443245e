"""How much of a phrasing corpus the `/balance` grammar understands, and every miss.

    .venv/bin/python benchmarks/grammar_coverage.py [CORPUS.yaml]

Default corpus: tests/schedule/blind/phrasings.yaml (written blind, see its README). Prints the
share of valid phrasings understood (English, Spanish, all), how many of the phrasings that
must be refused were refused, the number misparsed (accepted with a wrong meaning: the figure
that must stay 0), then each miss. Exit code 1 when anything is misparsed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "schedule")]

import blind_meaning  # noqa: E402  (a test helper: the same adapter the tests use)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else blind_meaning.CORPUS
    outcomes = blind_meaning.score(blind_meaning.load(path))
    print(f"corpus: {path} ({len(outcomes)} phrasings)")
    print(blind_meaning.report(outcomes))
    return 1 if any(o.misparsed for o in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())
