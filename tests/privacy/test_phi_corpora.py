"""The PHI screen against corpora: the blind development corpus (written without seeing the
screen, `blind_dev_*.yaml`) and the hand-written cases of each class (`phi_cases.py`).

The promise is ≥ 99 % of patient data refused and ≤ 1 % of ordinary comments refused. Timing
and memory are measured by `benchmarks/phi.py`, never asserted here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.privacy import screen
from tests.privacy import phi_cases

HERE = Path(__file__).parent
MODES = {"comment": "comment", "urgent_route": "urgent", "content": "content"}


def blind(lang: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load((HERE / f"blind_dev_{lang}.yaml").read_text())
    return rows


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_blind_corpus_is_what_it_says(lang: str) -> None:
    rows = blind(lang)
    assert len(rows) >= (600 if lang == "en" else 440)
    assert {r["lang"] for r in rows} == {lang}
    phi = sum(r["phi"] for r in rows)
    assert phi == len(rows) - phi  # half patient data, half ordinary


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blind_corpus_at_least_99_percent_refused_at_most_1_percent_wrongly(lang: str) -> None:
    rows = blind(lang)
    results = [(r, screen(r["text"], mode=MODES[r["context"]])) for r in rows]  # type: ignore[arg-type]
    missed = [r["text"] for r, found in results if r["phi"] and found is None]
    refused = [r["text"] for r, found in results if not r["phi"] and found is not None]
    phi = sum(r["phi"] for r in rows)
    assert len(missed) <= 0.01 * phi, missed
    assert len(refused) <= 0.01 * (len(rows) - phi), refused


PHI_CASES = [(cls, text) for cls, texts in phi_cases.PHI.items() for text in texts]
ORDINARY_CASES = [(cls, text) for cls, texts in phi_cases.ORDINARY.items() for text in texts]


@pytest.mark.parametrize(("cls", "text"), PHI_CASES)
def test_each_class_of_patient_data_is_refused(cls: str, text: str) -> None:
    assert screen(text) is not None, cls


@pytest.mark.parametrize(("cls", "text"), ORDINARY_CASES)
def test_each_class_of_ordinary_comment_passes(cls: str, text: str) -> None:
    found = screen(text)
    assert found is None, (cls, [text[f.start : f.end] for f in found.findings])


@pytest.mark.parametrize("text", phi_cases.URGENT_OK)
def test_the_practice_s_own_urgent_route_passes(text: str) -> None:
    assert screen(text, mode="urgent") is None


@pytest.mark.parametrize("text", phi_cases.URGENT_PHI)
def test_a_patient_in_the_urgent_route_is_refused(text: str) -> None:
    assert screen(text, mode="urgent") is not None


def test_second_blind_corpus_keeps_its_floor() -> None:
    """The second blind corpus (`blind_holdout2.yaml`, 205 patient texts and 270 ordinary ones):
    after its first measurement it guards the categories fixed for it. Its floor is below the
    99 % / 1 % promise on purpose: the promise is not met on it yet (see docs/promises.md)."""
    rows: list[dict[str, Any]] = yaml.safe_load((HERE / "blind_holdout2.yaml").read_text())
    results = [(r, screen(r["text"], mode=MODES[r["context"]])) for r in rows]  # type: ignore[arg-type]
    phi = [r for r, _ in results if r["phi"]]
    missed = [r["text"] for r, found in results if r["phi"] and found is None]
    refused = [r["text"] for r, found in results if not r["phi"] and found is not None]
    assert len(phi) >= 200 and len(rows) - len(phi) >= 260
    assert len(missed) <= 0.025 * len(phi), missed
    assert len(refused) <= 0.016 * (len(rows) - len(phi)), refused
