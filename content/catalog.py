"""The one query API over Balance Bot's content.

Build a :class:`Catalog` with :func:`content.load_catalog`; every method is a pure lookup.
Languages are ``"en"`` and ``"es"``; :func:`language_for_locale` picks one from a Slack locale.

Lists come back in file order (built-in first, then a practice's additions); look-ups by id raise
``KeyError`` for an unknown id. Text is rendered with ``str.format`` keyword placeholders, so a
missing value raises ``KeyError`` naming the placeholder.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from content.loader import Content
from content.models import (
    LEVELS,
    TOPICS,
    Audience,
    BreakKind,
    BreakMessage,
    EndOfShiftMessage,
    Factor,
    Faq,
    Lang,
    LocalizedText,
    OffShiftText,
    PulseQuestion,
    TextItem,
    Tip,
    Topic,
)


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


def _for_members(tip: Tip) -> bool:
    return any(level in LEVELS for level in tip.levels)


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

    # -- tips ---------------------------------------------------------------------------------

    def tips(self) -> list[Tip]:
        return list(self._tips.values())

    def tips_for(
        self, level: Audience | None = None, topic: Topic | str | None = None
    ) -> list[Tip]:
        """Tips for a level (or ``"manager"``) and/or topic. ``level=None`` means any member
        level: tips written only for practice managers come only with ``level="manager"``."""
        return [
            tip
            for tip in self._tips.values()
            if (level in tip.levels if level is not None else _for_members(tip))
            and (topic is None or tip.topic == topic)
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
