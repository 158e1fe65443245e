"""The blind phrasing corpus (tests/schedule/blind/, written by someone who had not read the
parser): every valid phrasing understood as meant, every invalid one refused, none misparsed.

`benchmarks/grammar_coverage.py` prints the same figures with each miss."""

from __future__ import annotations

from pathlib import Path

import pytest
from blind_meaning import load, meaning, report, score

CASES = load()
# A second set by another writer, scored once before anyone fixed the parser against it.
HOLDOUT = load(Path(__file__).parent / "blind_holdout" / "phrasings.yaml")


def test_the_corpus_is_the_blind_one() -> None:
    assert len(CASES) == 250
    assert sum(bool(c["expect"].get("refused")) for c in CASES) == 37


def test_no_phrasing_is_misparsed_and_at_least_95_percent_are_understood() -> None:
    outcomes = score(CASES)
    valid = [o for o in outcomes if not o.should_refuse]
    understood = sum(o.correct for o in valid) / len(valid)
    assert [o for o in outcomes if o.misparsed] == [], report(outcomes)
    assert understood >= 0.95, report(outcomes)
    assert all(o.refused for o in outcomes if o.should_refuse), report(outcomes)


def test_the_hold_out_set_no_misparse_and_at_least_95_percent_understood() -> None:
    assert len(HOLDOUT) == 220
    outcomes = score(HOLDOUT)
    valid = [o for o in outcomes if not o.should_refuse]
    assert [o for o in outcomes if o.misparsed] == [], report(outcomes)
    assert sum(o.correct for o in valid) / len(valid) >= 0.95, report(outcomes)
    assert all(o.refused for o in outcomes if o.should_refuse), report(outcomes)


@pytest.mark.parametrize("corpus", ["first", "holdout"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_language_on_its_own(lang: str, corpus: str) -> None:
    cases = CASES if corpus == "first" else HOLDOUT
    outcomes = score([c for c in cases if c["lang"] == lang])
    valid = [o for o in outcomes if not o.should_refuse]
    assert sum(o.correct for o in valid) / len(valid) >= 0.95, report(outcomes)


def test_the_adapter_reports_a_wrong_meaning_as_a_misparse() -> None:
    # The check itself can fail: a label our parser disagrees with is counted as a misparse.
    case = dict(CASES[0], expect={"shift": {"mon": ["09:00-17:00"]}})
    [outcome] = score([case])
    assert outcome.misparsed and not outcome.correct
    assert meaning("shift M-F 8-5", "en", __import__("datetime").datetime(2026, 12, 3, 10)) == {
        "shift": {d: ["08:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    }
