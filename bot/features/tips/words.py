"""What people type, turned into comparable words: the shared step of FAQ and topic matching.

``Words.tokens(text)`` lower-cases and strips accents, respells chat shorthand ("q", "xq",
"vacas", "dont"), reads "9 to 5" as a schedule, fixes typos against the words Balance Bot
knows (rapidfuzz), maps everyday phrases in English and Spanish to one concept ("horas extra",
"extra hours", "OT" → ``@overtime``), drops words that carry no meaning, and gives every other
word its Snowball stems in both languages, so "refusing" meets "refuse" and "pausas" meets
"pausa". Matching compares tokens by :meth:`Token.meets`.

The synonym table (:mod:`.lexicon`) is deliberately about the front desk: it is what makes a
question match by meaning rather than by spelling. Concepts start with ``@`` so they never
collide with a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import snowballstemmer
from rapidfuzz import fuzz, process

from bot.features.tips.lexicon import (
    FILLER,
    GENERIC,
    RESPELL,
    STOPWORDS,
)
from content import normalize

ELSEWHERE = "@elsewhere:"


def elsewhere(phrase: str) -> str:
    """The concept of one marker phrase: its English stems, so plurals meet."""
    return ELSEWHERE + "_".join(_STEMMERS[0].stemWords(phrase.split()))


# A span of clock hours ("9 to 5", "7-3", "8am a 4pm") is a schedule.
_HOUR_SPAN = re.compile(
    r"(?<!\S)\d{1,2}(?: \d\d)? ?(?:am|pm)? (?:to|a|til|until|hasta)? ?"
    r"\d{1,2}(?: \d\d)? ?(?:am|pm)?(?!\S)"
)

_STEMMERS = (snowballstemmer.stemmer("english"), snowballstemmer.stemmer("spanish"))
_GENERIC_FORMS = frozenset(
    stemmer.stemWord(word) for word in GENERIC for stemmer in _STEMMERS if len(word) >= 5
)
_TYPO_MIN_LENGTH = 5
_TYPO_CUTOFF = 85.0
_STEM_MIN_LENGTH = 4
# Clock times and counts ("10pm", "11") say nothing about the question; "988" is a synonym.
_NUMBER = re.compile(r"^(?!988$)\d+(am|pm|h|hrs?)?$")


@cache
def _forms(word: str) -> frozenset[str]:
    return frozenset({word, *(stemmer.stemWord(word) for stemmer in _STEMMERS)})


@cache
def _ignored(word: str) -> bool:
    """Stop words and job words, in any inflection ("receptionists", "empleados")."""
    if word.startswith("@"):
        return False
    if word in STOPWORDS or word in GENERIC:
        return True
    return bool(_forms(word) & _GENERIC_FORMS)


@dataclass(frozen=True)
class Token:
    """One meaningful word (its forms) or one concept (``@overtime``)."""

    text: str
    forms: frozenset[str]

    def meets(self, other: Token) -> bool:
        return bool(self.forms & other.forms)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile(r"(?<!\S)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\S)")


class Words:
    """Tokenizer with a synonym table and a vocabulary for typo fixes."""

    def __init__(
        self,
        synonyms: Mapping[str, Iterable[str]],
        vocabulary: Iterable[str],
        markers: Iterable[str] = (),
    ) -> None:
        # Markers (FAQ matching passes ELSEWHERE_WORDS) become concepts of their own.
        self._concept_of: dict[str, str] = {normalize(p): elsewhere(p) for p in markers}
        for concept, phrases in synonyms.items():
            for phrase in phrases:
                self._concept_of.setdefault(normalize(phrase), concept)
        self._pattern = _phrase_pattern(self._concept_of)
        # Inflected forms of one-word synonyms ("yelled", "pagamos") reach the concept too.
        # Phrases too: "staying late" and "called in sick" reach the concept of "stay late" and
        # "call in sick", word by word through the stems of one language.
        self._concept_of_stem: dict[tuple[int, str], str] = {}
        self._phrase_of_stems: dict[tuple[int, tuple[str, ...]], str] = {}
        for phrase, concept in self._concept_of.items():
            for index, stemmer in enumerate(_STEMMERS):
                if " " in phrase:
                    stems = tuple(stemmer.stemWords(phrase.split()))
                    self._phrase_of_stems.setdefault((index, stems), concept)
                    continue
                stem = stemmer.stemWord(phrase)
                if len(stem) >= _STEM_MIN_LENGTH:
                    self._concept_of_stem.setdefault((index, stem), concept)
        self._longest_phrase = max((len(p.split()) for p in self._concept_of), default=1)
        known = {w for phrase in self._concept_of for w in phrase.split()}
        known |= STOPWORDS | GENERIC
        known |= {w for text in vocabulary for w in normalize(text).split()}
        self._known = known
        self._known_forms = frozenset(f for w in known for f in _forms(w))
        self._known_list = sorted(w for w in known if len(w) >= _TYPO_MIN_LENGTH - 1)

    def _fix_typo(self, word: str) -> str:
        if len(word) < _TYPO_MIN_LENGTH or word in self._known or word.isdigit():
            return word
        if self._concept_by_stem(word) or _forms(word) & self._known_forms:
            return word  # an inflection of a known word, not a typo
        found = process.extractOne(
            word, self._known_list, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF
        )
        return found[0] if found else word

    def tokens(self, text: str) -> list[Token]:
        """Meaningful tokens of ``text`` in order, without repeats."""
        plain = " ".join(RESPELL.get(w, w) for w in normalize(text).split())
        plain = _HOUR_SPAN.sub(" schedule ", plain)
        words = [self._fix_typo(w) for w in plain.split() if not _NUMBER.match(w)]
        joined = self._pattern.sub(lambda m: self._concept_of[m.group(0)], " ".join(words))
        out: list[Token] = []
        seen: set[str] = set()
        for word in self._inflected_phrases(joined.split()):
            if word in seen or word == FILLER or _ignored(word):
                continue
            if not word.startswith("@"):
                word = self._concept_by_stem(word) or word
            if word in seen:
                continue
            seen.add(word)
            forms = frozenset({word}) if word.startswith("@") else _forms(word)
            out.append(Token(word, forms))
        return out

    def _inflected_phrases(self, words: list[str]) -> list[str]:
        """Replace runs of words whose stems spell a synonym phrase by its concept."""
        out: list[str] = []
        i = 0
        while i < len(words):
            concept = None
            for length in range(min(self._longest_phrase, len(words) - i), 1, -1):
                run = words[i : i + length]
                if not any(w.startswith("@") for w in run):
                    concept = self._phrase_by_stems(run)
                if concept is not None:
                    out.append(concept)
                    i += length
                    break
            else:
                out.append(words[i])
                i += 1
        return out

    def _phrase_by_stems(self, run: list[str]) -> str | None:
        for index, stemmer in enumerate(_STEMMERS):
            concept = self._phrase_of_stems.get((index, tuple(stemmer.stemWords(run))))
            if concept is not None:
                return concept
        return None

    def _concept_by_stem(self, word: str) -> str | None:
        for index, stemmer in enumerate(_STEMMERS):
            concept = self._concept_of_stem.get((index, stemmer.stemWord(word)))
            if concept is not None:
                return concept
        return None
