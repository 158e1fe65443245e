"""The one query API over Balance Bot's content.

Build a :class:`Catalog` with :func:`content.load_catalog`; every method is a pure lookup.
Languages are ``"en"`` and ``"es"``; :func:`language_for_locale` picks one from a Slack locale.

Lists come back in file order (built-in first, then a practice's additions); look-ups by id raise
``KeyError`` for an unknown id. Text is rendered with ``str.format`` keyword placeholders, so a
missing value raises ``KeyError`` naming the placeholder.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from content.loader import Content
from content.models import (
    LANGS,
    TOPICS,
    BreakKind,
    BreakMessage,
    EndOfShiftMessage,
    Factor,
    Faq,
    Lang,
    Level,
    LocalizedText,
    OffShiftText,
    PulseQuestion,
    TextItem,
    Tip,
    Topic,
)

# Words that carry no meaning for FAQ matching, in both languages (accents already removed).
_STOPWORDS = frozenset(
    """
    a an and are as at be can do does for from how i in is it me my of on or so the to what when
    where which who why will with you your about should
    al como con cual cuando de del donde el en es esta la las lo los mi mis para por que se si su
    sus un una y yo tu te hay puedo
    """.split()  # noqa: SIM905 -- a word list reads better as text
)
# A keyword hit says much more about intent than a shared word in the question.
_KEYWORD_WEIGHT = 3.0
_OWN_LANGUAGE_BONUS = 0.5
_MIN_FAQ_SCORE = 2.0


def language_for_locale(locale: str | None) -> Lang:
    """Slack locale (``es-LA``, ``es_ES``, ``en-US``...) to a content language."""
    if locale and locale.strip().lower().replace("_", "-").split("-")[0] == "es":
        return "es"
    return "en"


def normalize(text: str) -> str:
    """Lower-case, accent-free words separated by single spaces (``"¡Estrés!"`` → ``"estres"``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in plain)
    return " ".join(cleaned.split())


def _stem(word: str) -> str:
    # Plural-insensitive matching ("weekends" ~ "weekend", "horas" ~ "hora") in both languages.
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _meaningful(text: str) -> set[str]:
    return {_stem(w) for w in normalize(text).split() if w not in _STOPWORDS}


@dataclass
class _FaqIndex:
    question: set[str]
    phrases: dict[str, set[str]] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)


class Catalog:
    """Validated, read-only content. Create it with :func:`content.load_catalog`."""

    def __init__(self, content: Content) -> None:
        items = content.items
        self._tips: dict[str, Tip] = dict(items["tips"])
        self._breaks: dict[str, BreakMessage] = dict(items["breaks"])
        self._end_of_shift: dict[str, EndOfShiftMessage] = dict(items["end_of_shift"])
        self._off_shift: dict[str, OffShiftText] = dict(items["off_shift"])
        self._pulse: dict[str, PulseQuestion] = dict(items["pulse"])
        self._faqs: dict[str, Faq] = dict(items["faq"])
        self._ui: dict[str, LocalizedText] = dict(items["ui"])
        self._origin = dict(content.origin)
        self._faq_index = {faq.id: self._index_faq(faq) for faq in self._faqs.values()}

    # -- tips ---------------------------------------------------------------------------------

    def tips(self) -> list[Tip]:
        return list(self._tips.values())

    def tips_for(self, level: Level | None = None, topic: Topic | str | None = None) -> list[Tip]:
        """Tips for a level and/or topic; ``None`` means any."""
        return [
            tip
            for tip in self._tips.values()
            if (level is None or level in tip.levels) and (topic is None or tip.topic == topic)
        ]

    def tip(self, tip_id: str) -> Tip:
        return self._tips[tip_id]

    def topics(self) -> tuple[Topic, ...]:
        """Topics that have at least one tip, in the canonical order."""
        used = {tip.topic for tip in self._tips.values()}
        return tuple(topic for topic in TOPICS if topic in used)

    # -- messages -----------------------------------------------------------------------------

    def break_messages(self, kind: BreakKind | None = None) -> list[BreakMessage]:
        return [m for m in self._breaks.values() if kind is None or m.kind == kind]

    def end_of_shift(self) -> list[EndOfShiftMessage]:
        return list(self._end_of_shift.values())

    def off_shift(self, key: str) -> OffShiftText:
        return self._off_shift[key]

    def off_shift_keys(self) -> tuple[str, ...]:
        return tuple(self._off_shift)

    def pulse_questions(self, factor: Factor | None = None) -> list[PulseQuestion]:
        return [q for q in self._pulse.values() if factor is None or q.factor == factor]

    def pulse_question(self, question_id: str) -> PulseQuestion:
        return self._pulse[question_id]

    def text(self, item: TextItem | LocalizedText, lang: Lang, **fmt: Any) -> str:
        """The item's text in ``lang``, with placeholders filled from ``fmt``."""
        localized = item if isinstance(item, LocalizedText) else item.text
        return localized.get(lang).format(**fmt)

    # -- FAQ ----------------------------------------------------------------------------------

    def faqs(self) -> list[Faq]:
        return list(self._faqs.values())

    def faq(self, faq_id: str) -> Faq:
        return self._faqs[faq_id]

    @staticmethod
    def _index_faq(faq: Faq) -> _FaqIndex:
        index = _FaqIndex(question=_meaningful(faq.question.en) | _meaningful(faq.question.es))
        for lang, keywords in (("en", faq.keywords.en), ("es", faq.keywords.es)):
            normalized = [normalize(k) for k in keywords]
            index.phrases[lang] = {k for k in normalized if " " in k}
            index.words[lang] = {_stem(k) for k in normalized if k and " " not in k}
        return index

    def faq_score(self, faq: Faq, words: str, lang: Lang = "en") -> float:
        """How well free text matches an FAQ: keyword hits in either language, plus words shared
        with the question; a small bonus for hits in the member's own language."""
        index = self._faq_index[faq.id]
        text = f" {normalize(words)} "
        tokens = _meaningful(words)
        score = 0.0
        for kw_lang in LANGS:
            hits = sum(1 for phrase in index.phrases[kw_lang] if f" {phrase} " in text)
            hits += len(tokens & index.words[kw_lang])
            if hits:
                score += hits * _KEYWORD_WEIGHT + (_OWN_LANGUAGE_BONUS if kw_lang == lang else 0)
        score += len(tokens & index.question)
        return score

    def find_faq(self, words: str, lang: Lang = "en") -> Faq | None:
        """The best-matching FAQ for what someone typed, or ``None`` if nothing fits well."""
        best: Faq | None = None
        best_score = 0.0
        for faq in self._faqs.values():
            score = self.faq_score(faq, words, lang)
            if score > best_score:
                best, best_score = faq, score
        return best if best_score >= _MIN_FAQ_SCORE else None

    # -- UI strings ---------------------------------------------------------------------------

    def ui(self, key: str, lang: Lang, **fmt: Any) -> str:
        """A UI string; ``KeyError`` for an unknown key."""
        return self._ui[key].get(lang).format(**fmt)

    def ui_text(self, key: str) -> LocalizedText:
        """The raw bilingual template behind a UI key (e.g. to see its placeholders)."""
        return self._ui[key]

    def has_ui(self, key: str) -> bool:
        return key in self._ui

    def ui_keys(self) -> tuple[str, ...]:
        return tuple(self._ui)

    def source_of(self, section: str, item_id: str) -> str:
        """The file an item came from (``tips.yaml``, or a practice's own file)."""
        return self._origin[(section, item_id)]
