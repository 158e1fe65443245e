"""FAQ matching by meaning: the right answer for natural questions in English and Spanish, and
no answer — rather than a wrong one — when nothing fits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.features.tips.matching import THRESHOLD, FaqMatcher, match_faq
from content import Faq, LocalizedKeywords, LocalizedText, builtin_catalog

CATALOG = builtin_catalog()
MATCHER = FaqMatcher(CATALOG.faqs())
CORPUS = Path(__file__).parent / "data" / "faq_questions.txt"


def cases() -> list[tuple[str, str]]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            question, expected = (part.strip() for part in line.rsplit("|", 1))
            rows.append((question, expected))
    return rows


CASES = cases()


def answer(question: str) -> str:
    found = MATCHER.match(question)
    return found.faq.id if found.faq else "none"


def test_the_corpus_covers_every_faq_and_both_outcomes() -> None:
    expected = {e for _, e in CASES}
    assert {faq.id for faq in CATALOG.faqs()} <= expected
    assert sum(1 for _, e in CASES if e == "none") >= 40
    assert len(CASES) >= 250


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_question(question: str, expected: str) -> None:
    assert answer(question) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # The questions from the issue: overtime no longer gets the "how many hours" answer.
        ("can I refuse overtime?", "overtime"),
        ("overtime", "overtime"),
        ("¿puedo negarme a hacer horas extra?", "overtime"),
        ("hours", "hours"),
        ("xkcd qwerty zzz", "none"),
    ],
)
def test_issue_examples(question: str, expected: str) -> None:
    assert answer(question) == expected


@pytest.mark.parametrize(
    "words",
    ["I want to kill myself", "quiero quitarme la vida", "thinking about suicide", "988"],
)
def test_crisis_words_always_lead_to_where_to_get_help(words: str) -> None:
    found = MATCHER.match(words)
    assert found.faq is not None and found.faq.id == "get-help"


@pytest.mark.parametrize(
    "words",
    ["i dont see the point anymore", "quiero desaparecer", "ya no puedo más", "no le veo sentido"],
)
def test_indirect_crisis_wording_leads_to_where_to_get_help(words: str) -> None:
    assert answer(words) == "get-help"


def test_tired_of_the_phones_is_not_a_crisis() -> None:
    assert answer("I'm tired of the phones") != "get-help"


@pytest.mark.parametrize(
    ("near_miss", "own"),
    [
        ("how do I move a patient's appointment", "how do I swap a shift"),
        ("what are the signs of a stroke", "what are the signs of burnout"),
        ("how do I set up the printer", "how do I set up my shifts"),
        ("¿la encuesta de satisfacción de pacientes es anónima?", "¿la encuesta es anónima?"),
    ],
)
def test_a_question_about_patients_or_equipment_does_not_borrow_an_faq(
    near_miss: str, own: str
) -> None:
    assert answer(own) != "none"
    assert MATCHER.match(near_miss).faq is None


def test_an_ambiguous_question_offers_the_close_ones_instead_of_guessing() -> None:
    for question in ("can I refuse?", "¿puedo negarme?"):  # overtime? messages after hours?
        found = MATCHER.match(question)
        assert found.faq is None
        assert {f.id for f in found.suggestions} == {"overtime", "after-hours"}


def test_a_question_typed_as_written_matches_itself() -> None:
    for faq in CATALOG.faqs():
        for lang in ("en", "es"):
            assert answer(faq.question.get(lang)) == faq.id, (faq.id, lang)  # type: ignore[arg-type]


def test_a_practice_faq_is_matched_by_its_own_keywords() -> None:
    parking = Faq(
        id="parking",
        question=LocalizedText(en="Where can staff park?", es="¿Dónde se estaciona el personal?"),
        answer=LocalizedText(en="Level 2 of the garage.", es="En el nivel 2 del estacionamiento."),
        keywords=LocalizedKeywords(
            en=("park", "parking", "garage"), es=("estacionar", "estacionamiento")
        ),
    )
    faqs = [*CATALOG.faqs(), parking]
    found = match_faq(faqs, "where do I park my car")
    assert found.faq is not None and found.faq.id == "parking"
    assert match_faq(faqs, "¿dónde me estaciono?").faq == parking
    assert match_faq(CATALOG.faqs(), "where do I park my car").faq is None


@given(st.text(max_size=200))
def test_any_text_gets_an_answer_only_above_the_threshold(text: str) -> None:
    found = MATCHER.match(text)
    if found.faq is not None:
        assert found.score >= THRESHOLD
    assert len(found.suggestions) <= 3


def _blind() -> list[tuple[str, str]]:
    rows = []
    for line in (CORPUS.parent / "faq_blind.txt").read_text(encoding="utf-8").splitlines():
        line = line.split(" # ")[0]
        if line.strip() and not line.startswith("#") and "|" in line:
            question, expected = line.rsplit("|", 1)
            rows.append((question.strip(), expected.strip()))
    return rows


def test_the_blind_corpus_keeps_its_floor() -> None:
    """The blind corpus (`data/faq_blind.txt`) as a floor, not a promise: at least 90 % right,
    at most 3 confident wrong answers, and crisis wording leads to help (or to the burnout
    answer, which links to it)."""
    rows = _blind()
    assert len(rows) == 300
    found = [(q, e, MATCHER.match(q).faq) for q, e in rows]
    right = [q for q, e, faq in found if (faq.id if faq else "none") == e]
    wrong = [(q, e, faq.id) for q, e, faq in found if faq is not None and faq.id != e]
    assert len(right) >= 0.9 * len(rows), len(right)
    assert len(wrong) <= 3, wrong
    crisis = [(q, faq.id if faq else None) for q, e, faq in found if e == "get-help"]
    assert all(got in ("get-help", "burnout-signs") for _q, got in crisis), crisis
