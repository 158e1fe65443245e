"""Balance Bot's content: guidance, messages and UI strings as bilingual data files.

Public API
----------
``load_catalog(extra_dir: Path | None = None) -> Catalog``
    Load the built-in files in ``content/data``, then a practice's own files from ``extra_dir``
    (same schema; an existing id is replaced, a new id is added). Raises :class:`ContentError`.
``builtin_catalog() -> Catalog``
    The built-in content, loaded once per process.
``check_content(path: Path) -> list[Problem]``
    Validate a practice's override file or folder (``balance-bot content check [PATH]``).
``language_for_locale(locale: str | None) -> Lang``
    ``es-*`` → ``"es"``, anything else → ``"en"``.
``normalize(text: str) -> str``
    Lower-case, accent-free words, for matching what people type.

``Catalog`` methods (``lang`` is ``"en"`` or ``"es"``):
    ``tips()``, ``tips_for(level=None, topic=None)`` (level may be ``"manager"``), ``tip(id)``,
    ``topics()``,
    ``text(item, lang, **fmt)``, ``break_messages(kind=None)``, ``end_of_shift()``,
    ``off_shift(key)``, ``off_shift_keys()``, ``pulse_questions(factor=None)``,
    ``pulse_question(id)``, ``faqs()``, ``faq(id)``, ``ui(key, lang, **fmt)``, ``ui_text(key)``,
    ``has_ui(key)``, ``ui_keys()``, ``source_of(section, id)``.
    Matching what people type to an FAQ or a tip topic lives in ``bot.features.tips.matching``.

``Problem(file, item_id, field, message, kind)``; ``str(problem)`` reads like
``tips.yaml: tip 'x-1', field 'text.es': missing Spanish text — add an 'es' entry``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from content.catalog import Catalog, language_for_locale, normalize
from content.loader import (
    SECTIONS,
    ContentError,
    Problem,
    apply_overrides,
    load_builtin,
    phi_problems,
    read_content,
)
from content.models import (
    AUDIENCES,
    BREAK_KINDS,
    FACTORS,
    LANGS,
    LEVELS,
    PULSE_KINDS,
    SEED_SECTIONS,
    TOPICS,
    Audience,
    BreakKind,
    BreakMessage,
    EndOfShiftMessage,
    Factor,
    Faq,
    Lang,
    Level,
    LocalizedKeywords,
    LocalizedText,
    OffShiftText,
    PulseKind,
    PulseQuestion,
    Tip,
    Topic,
)

__all__ = [
    "AUDIENCES",
    "BREAK_KINDS",
    "FACTORS",
    "LANGS",
    "LEVELS",
    "PULSE_KINDS",
    "SECTIONS",
    "SEED_SECTIONS",
    "TOPICS",
    "Audience",
    "BreakKind",
    "BreakMessage",
    "Catalog",
    "ContentError",
    "EndOfShiftMessage",
    "Factor",
    "Faq",
    "Lang",
    "Level",
    "LocalizedKeywords",
    "LocalizedText",
    "OffShiftText",
    "Problem",
    "PulseKind",
    "PulseQuestion",
    "Tip",
    "Topic",
    "builtin_catalog",
    "check_content",
    "language_for_locale",
    "load_catalog",
    "normalize",
]


def _missing(path: Path) -> Problem:
    return Problem(str(path), None, None, "no such file or folder — check the path")


def load_catalog(extra_dir: Path | None = None) -> Catalog:
    """Built-in content plus a practice's own files; raises ContentError listing every problem."""
    content, problems = load_builtin()
    if extra_dir is not None:
        if not extra_dir.exists():
            raise ContentError([_missing(extra_dir)])
        extra, found = read_content(extra_dir)
        problems += found + phi_problems(extra)
        content, found = apply_overrides(content, extra)
        problems += found
    if problems:
        raise ContentError(problems)
    return Catalog(content)


@cache
def builtin_catalog() -> Catalog:
    return load_catalog()


def check_content(path: Path) -> list[Problem]:
    """Every problem in a practice's override file or folder (an empty list means it's fine)."""
    if not path.exists():
        return [_missing(path)]
    base, _ = load_builtin()
    extra, problems = read_content(path)
    if path.is_dir() and not any(p.suffix in {".yaml", ".yml"} for p in path.rglob("*")):
        problems.append(
            Problem(str(path), None, None, "no .yaml files here — add files ending in .yaml")
        )
    _, found = apply_overrides(base, extra)
    return problems + phi_problems(extra) + found
