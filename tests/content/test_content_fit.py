"""The guidance fits who reads it and never misleads: our own words (no 7-word run shared with
the seed guide), tips written for each level and for managers, the flagged tips fixed, and no
calques in the Spanish."""

from __future__ import annotations

import re

import pytest

from bot.features.tips.service import is_general
from content import LEVELS, Catalog, LocalizedText, builtin_catalog, normalize
from tests.content.seed_shingles import SHINGLE, load, shingles

CATALOG = builtin_catalog()


def own_texts(catalog: Catalog) -> list[tuple[str, LocalizedText]]:
    """Every text we write as guidance: tips, FAQ, break, end-of-shift and off-shift texts."""
    texts: list[tuple[str, LocalizedText]] = [(f"tip {t.id}", t.text) for t in catalog.tips()]
    for faq in catalog.faqs():
        texts += [(f"faq {faq.id} question", faq.question), (f"faq {faq.id} answer", faq.answer)]
    texts += [(f"break {m.id}", m.text) for m in catalog.break_messages()]
    texts += [(f"end-of-shift {m.id}", m.text) for m in catalog.end_of_shift()]
    texts += [(f"off-shift {k}", catalog.off_shift(k).text) for k in catalog.off_shift_keys()]
    return texts


def test_the_seed_hashes_are_present() -> None:
    # Made by tests/content/seed_shingles.py from the guide; the guide itself isn't in the repo.
    assert len(load()) > 2000


def test_no_text_shares_seven_words_in_a_row_with_the_guide() -> None:
    seed = load()
    copied = [
        (where, phrase)
        for where, text in own_texts(CATALOG)
        for lang in ("en", "es")
        for digest, phrase in shingles(text.get(lang))  # type: ignore[arg-type]
        if digest in seed
    ]
    assert copied == [], f"runs of {SHINGLE} words copied from the guide: {copied}"


def test_the_overlap_check_catches_a_copied_sentence() -> None:
    # A sentence of the guide, as hashes of its 7-word runs: the check above would see it.
    copied = "Short, frequent breaks throughout the workday can help prevent fatigue"
    assert any(digest in load() for digest, _ in shingles(copied))


@pytest.mark.parametrize("level", LEVELS)
def test_at_least_twenty_tips_are_written_for_each_level(level: str) -> None:
    written = [t for t in CATALOG.tips_for(level=level) if not is_general(t)]  # type: ignore[arg-type]
    assert len(written) >= 20, [t.id for t in written]


def test_senior_tips_speak_of_leading() -> None:
    words = re.compile(r"\b(mentor|train|delegat|hand|example|new hire|newer|teach|team|lead)")
    senior = [t for t in CATALOG.tips_for(level="senior") if not is_general(t)]
    leading = [t.id for t in senior if words.search(t.text.en.lower())]
    assert len(leading) >= 12, leading


def test_managers_have_their_own_tips_on_the_issues_that_matter_to_them() -> None:
    tips = CATALOG.tips_for(level="manager")
    assert len(tips) >= 12 and all(t.levels == ("manager",) for t in tips)
    text = " ".join(t.text.en.lower() for t in tips)
    for theme in ("breaks", "cover", "after hours", "pulse", "schedule", "time-off"):
        assert theme in text, theme
    # Manager tips never reach members through a level-less pool.
    assert not [t for t in CATALOG.tips_for() if "manager" in t.levels]


def test_general_tips_assume_no_authority_an_entry_moa_lacks() -> None:
    # Entry-level MOAs can suggest and ask; they can't switch systems on, delegate or assign.
    assuming = re.compile(r"\b(turn on|delegate|hand it off|who covers what|assign)\b")
    for tip in CATALOG.tips_for(level="entry"):
        if is_general(tip):
            assert not assuming.search(tip.text.en.lower()), tip.id


FLAGGED = {
    # tip or message id: (a phrase that must be there, a phrase that must be gone)
    "self-care-box-breathing": ("dizzy", "under 30 seconds"),
    "breaks-water-walk": ("break room", "farthest sink"),
    "entry-batch-questions": ("waiting or seems unwell", None),
    "stress-write-it-down": ("no patient names", None),
    "technology-templates": ("check the patient's name", None),
    "emotional-compassion-fatigue": ("where to get help", None),
}


@pytest.mark.parametrize("tip_id", sorted(FLAGGED))
def test_flagged_tips_are_fixed(tip_id: str) -> None:
    must, gone = FLAGGED[tip_id]
    text = CATALOG.tip(tip_id).text.en.lower()
    assert must in text
    assert gone is None or gone not in text


def test_eyes_palm_asks_for_clean_hands() -> None:
    [palm] = [m for m in CATALOG.break_messages("eyes") if m.id == "eyes-palm"]
    assert "hands" in palm.text.en.lower() and "wash" in palm.text.en.lower()


ACTION = re.compile(
    r"\b(take|pick|name|keep|put|drop|block|choose|leave|change|say|ask|tell|write|try)\b"
)


def test_every_why_tip_ends_in_something_to_do() -> None:
    for tip in CATALOG.tips_for(topic="why-balance"):
        assert ACTION.search(tip.text.en.lower()), tip.id


def test_tips_do_not_all_open_the_same_way() -> None:
    openings = [t.text.en.split()[0].lower() for t in CATALOG.tips()]
    assert max(openings.count(word) for word in set(openings)) <= len(openings) // 10


# Calques and mistakes found in review, and the words a Latin-American reader would not use.
NOT_IN_SPANISH = [
    "y qué se mueve",
    "hoja de traspaso",
    "llamadas de vuelta",
    "rutina que no tienes que pensar",
    "puedes preocuparte",
    "pedidos de recetas",
    "lavabo",
    "trago",
    "ordenador",
    "vosotros",
]


def test_no_calques_in_the_spanish() -> None:
    found = [
        (where, phrase)
        for where, text in own_texts(CATALOG)
        for phrase in NOT_IN_SPANISH
        if f" {normalize(phrase)} " in f" {normalize(text.es)} "
    ]
    assert found == []
