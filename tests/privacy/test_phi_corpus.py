"""The PHI screen on synthetic corpora: ≥ 99 % of patient details refused, ≤ 1 % of ordinary
workplace comments refused."""

from __future__ import annotations

from bot.privacy import screen
from tests.privacy.phi_corpus import ordinary_corpus, phi_corpus


def test_corpora_are_big_and_distinct_enough() -> None:
    phi, ordinary = phi_corpus(), ordinary_corpus()
    assert len(phi) >= 500 and len(ordinary) >= 500
    assert len(set(phi)) >= 500
    assert len(set(ordinary)) >= 500


def test_at_least_99_percent_of_phi_is_refused() -> None:
    corpus = phi_corpus()
    missed = [text for text in corpus if screen(text) is None]
    assert len(missed) <= len(corpus) * 0.01, missed[:20]


def test_at_most_1_percent_of_ordinary_comments_is_refused() -> None:
    corpus = ordinary_corpus()
    refused = [(text, screen(text)) for text in corpus if screen(text) is not None]
    assert len(refused) <= len(corpus) * 0.01, refused[:20]
