"""Which FAQ a free question means — and knowing when none does.

Entry point: ``FaqMatcher(catalog.faqs()).match(text) -> FaqMatch``. ``FaqMatch.faq`` is the
answer to give, or ``None``: then ``suggestions`` holds the questions that came close (shown as
"did you mean"), possibly none.

How a question is scored against one FAQ (both languages at once, see :mod:`.words`):

* each of the FAQ's keywords (a word or a phrase, English or Spanish, mapped through the
  synonym table) found in the question adds 1, plus 0.5 per extra word of a phrase, divided by
  the number of FAQs that share that keyword — a word every FAQ has decides nothing;
* each other word shared with the FAQ's question adds 0.35;
* the sum is multiplied by the share of the question's meaningful words the FAQ explains, so
  "how many patients per hour" does not become the FAQ about weekly hours;
* a question typed (nearly) as written gets a bonus from rapidfuzz's similarity.

* a word that marks a question about patients' business, the clinic's equipment or medicine
  (``ELSEWHERE_WORDS``: "appointment", "printer", "stroke") cuts the score unless the FAQ lists
  it, so "signs of a stroke" is not the burnout FAQ and "set up the printer" is not settings.

The best FAQ is the answer when it reaches :data:`THRESHOLD` and clearly beats the runner-up;
otherwise the member is told there is no answer yet and shown the list. Words of crisis, plain
or indirect ("suicide", "I don't see the point anymore", "quiero desaparecer", "ya no puedo
más"), always lead to the FAQ that carries them as keywords: the "where to get help" entry. A
false "where to get help" costs little; a missed one could cost a great deal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from bot.features.tips.lexicon import ELSEWHERE_WORDS, SYNONYMS
from bot.features.tips.words import ELSEWHERE, Token, Words
from content import Faq, normalize

THRESHOLD = 0.65
# The runner-up must score below this share of the best, or the question is ambiguous.
MARGIN = 0.75
# Close enough to suggest when there is no confident answer.
SUGGEST = 0.5
QUESTION_WORD = 0.35
# In the share of words explained, a word no FAQ knows counts half: it may be filler we don't
# list, whereas a word another FAQ knows is a sign the question is about something else.
# People ("my boss", "a coworker") are context in many questions and count half too.
UNKNOWN_WORD = 0.5
CONTEXT_WORD = UNKNOWN_WORD
CONTEXT = frozenset({"@manager", "@colleague", "@team", "@provider", "@shift", "@family"})
# Words that mark a question about patients' business, the clinic's equipment or medicine
# ("appointment", "printer", "stroke") rather than the member's own working life: such a
# question shares a word with an FAQ ("remind", "set up", "signs") but asks something else.
ELSEWHERE_FACTOR = 0.4
EXTRA_PHRASE_WORD = 0.5
CRISIS = "@crisis"


@dataclass(frozen=True)
class FaqMatch:
    faq: Faq | None
    score: float
    suggestions: tuple[Faq, ...] = ()


@dataclass(frozen=True)
class _Entry:
    tokens: tuple[Token, ...]

    def found_in(self, query: Sequence[Token]) -> list[Token]:
        """The query tokens this keyword uses, or [] when any of its words is missing or they
        are spread apart: a phrase matches only with at most one other word inside it, so
        "how many patients … per hour" is not "how many hours"."""
        positions: list[int] = []
        for token in self.tokens:
            hit = next((i for i, q in enumerate(query) if token.meets(q)), None)
            if hit is None:
                return []
            positions.append(hit)
        if max(positions) - min(positions) > len(self.tokens):
            return []
        return [query[i] for i in positions]

    def same_as(self, other: _Entry) -> bool:
        return len(self.tokens) == len(other.tokens) and all(
            any(t.meets(u) for u in other.tokens) for t in self.tokens
        )


@dataclass(frozen=True)
class _Indexed:
    faq: Faq
    entries: tuple[_Entry, ...]
    question: tuple[Token, ...]
    questions: tuple[str, ...]


class FaqMatcher:
    def __init__(self, faqs: Iterable[Faq]) -> None:
        faqs = list(faqs)
        vocabulary = [
            text
            for faq in faqs
            for text in (faq.question.en, faq.question.es, *faq.keywords.en, *faq.keywords.es)
        ]
        self.words = Words(SYNONYMS, vocabulary, ELSEWHERE_WORDS)
        self._faqs = [self._index(faq) for faq in faqs]
        self._df = self._document_frequency()
        self._vocabulary = frozenset(
            form
            for item in self._faqs
            for token in (*item.question, *(t for e in item.entries for t in e.tokens))
            for form in token.forms
        )

    def _weight(self, token: Token) -> float:
        if token.text in CONTEXT:
            return CONTEXT_WORD
        known = token.text.startswith("@") or bool(token.forms & self._vocabulary)
        return 1.0 if known else UNKNOWN_WORD

    def _index(self, faq: Faq) -> _Indexed:
        entries: list[_Entry] = []
        seen: set[tuple[str, ...]] = set()
        for keyword in (*faq.keywords.en, *faq.keywords.es):
            tokens = tuple(self.words.tokens(keyword))
            key = tuple(sorted(t.text for t in tokens))
            if tokens and key not in seen:
                seen.add(key)
                entries.append(_Entry(tokens))
        question = self.words.tokens(f"{faq.question.en} {faq.question.es}")
        unique = tuple({t.text: t for t in question}.values())
        texts = (normalize(faq.question.en), normalize(faq.question.es))
        return _Indexed(faq, tuple(entries), unique, texts)

    def _document_frequency(self) -> dict[int, int]:
        """How many FAQs carry each keyword (the same words, in any order)."""
        return {
            id(entry): sum(
                1 for other in self._faqs if any(entry.same_as(e) for e in other.entries)
            )
            for item in self._faqs
            for entry in item.entries
        }

    def _score(self, item: _Indexed, query: list[Token], typed: str) -> float:
        # Keywords found, strongest first; each word of the question counts for one keyword
        # only, so an FAQ with many overlapping keywords doesn't win by repetition.
        found = sorted(
            (
                ((1.0 + EXTRA_PHRASE_WORD * (len(e.tokens) - 1)) / self._df[id(e)], used)
                for e in item.entries
                if (used := e.found_in(query))
            ),
            key=lambda row: -row[0],
        )
        explained: set[str] = set()
        score = 0.0
        for weight, used in found:
            words = {t.text for t in used}
            if words & explained:
                continue
            score += weight
            explained |= words
        # Words shared with the question add a little, but only keywords explain the question:
        # "how many patients per hour" shares "how many" with "How many hours…" and no more.
        for token in query:
            if token.text not in explained and any(token.meets(q) for q in item.question):
                score += QUESTION_WORD
        if not query:
            return 0.0
        weights = {t.text: self._weight(t) for t in query}
        score *= sum(weights[w] for w in explained) / sum(weights.values())
        if any(w.startswith(ELSEWHERE) and w not in explained for w in weights):
            score *= ELSEWHERE_FACTOR
        similarity = max(fuzz.ratio(typed, text) for text in item.questions)
        if similarity >= 80:
            score += (similarity - 80) / 20 * THRESHOLD
        return score

    def match(self, text: str) -> FaqMatch:
        query = self.words.tokens(text)
        if not query:
            return FaqMatch(None, 0.0)
        if any(t.text == CRISIS for t in query):
            for item in self._faqs:
                if any(t.text == CRISIS for e in item.entries for t in e.tokens):
                    return FaqMatch(item.faq, float("inf"))
        typed = normalize(text)
        ranked = sorted(
            ((self._score(item, query, typed), i, item.faq) for i, item in enumerate(self._faqs)),
            key=lambda row: (-row[0], row[1]),
        )
        best_score, _, best = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        if best_score >= THRESHOLD and runner_up < MARGIN * best_score:
            return FaqMatch(best, best_score)
        close = tuple(faq for score, _, faq in ranked[:3] if score >= SUGGEST)
        return FaqMatch(None, best_score, close)


@cache
def _matcher_for(faqs: tuple[Faq, ...]) -> FaqMatcher:
    return FaqMatcher(faqs)


def match_faq(faqs: Sequence[Faq], text: str) -> FaqMatch:
    """Match ``text`` against ``faqs`` (the index is built once per set of FAQs)."""
    return _matcher_for(tuple(faqs)).match(text)
