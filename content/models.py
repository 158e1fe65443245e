"""Frozen pydantic models for Balance Bot's content.

The models check structure: known fields only, known levels/topics/kinds/factors, ids that fit in
a Slack ``value``, both languages present and non-empty, and format strings that can be rendered.
Checks that span languages or files (placeholder parity, Slack lengths, duplicate ids) live in
:mod:`content.loader`, so each problem can name the exact field to fix.
"""

from __future__ import annotations

import re
import string
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

Lang = Literal["en", "es"]
Level = Literal["entry", "mid", "senior"]
# Who a tip is written for: a member's career level, or practice managers (`tip manager`).
Audience = Literal["entry", "mid", "senior", "manager"]
Topic = Literal[
    "boundaries",
    "priorities",
    "technology",
    "breaks",
    "time-off",
    "team",
    "self-care",
    "growth",
    "stress",
    "emotional-labor",
    "irregular-hours",
    "why-balance",
]
BreakKind = Literal["micro", "stretch", "eyes", "hydration", "lunch"]
PulseKind = Literal["scale", "yesno", "comment"]
Factor = Literal[
    "administrative-overload",
    "irregular-hours",
    "emotional-labor",
    "technological-tethers",
    "professional-development",
    "workplace-stress",
    "team-support",
]

LANGS: tuple[Lang, ...] = get_args(Lang)
LEVELS: tuple[Level, ...] = get_args(Level)
AUDIENCES: tuple[Audience, ...] = get_args(Audience)
TOPICS: tuple[Topic, ...] = get_args(Topic)
BREAK_KINDS: tuple[BreakKind, ...] = get_args(BreakKind)
PULSE_KINDS: tuple[PulseKind, ...] = get_args(PulseKind)
FACTORS: tuple[Factor, ...] = get_args(Factor)

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Spanish"}

# Sections of the seed guide that content points back to via its `seed` field. The coverage test
# makes sure every one of them is used; `practice` marks a practice's own additions.
SEED_SECTIONS: dict[str, str] = {
    "overview.balance": "Do MOAs have a good work-life balance?",
    "overview.meaning": "What work-life balance means today",
    "reason.mental-wellbeing": "Preserving mental and emotional well-being",
    "reason.clerical-errors": "Reducing the risk of clerical errors",
    "reason.patient-experience": "Enhancing patient experience",
    "reason.professional-competence": "Maintaining professional competence",
    "reason.team-morale": "Supporting team efficiency and morale",
    "reason.personal-relationships": "Upholding personal relationships",
    "factor.irregular-hours": "Irregular work hours",
    "factor.emotional-labor": "Emotional labor",
    "factor.administrative-overload": "Administrative overload",
    "factor.technological-tethers": "Technological tethers",
    "factor.professional-development": "Continuous professional development",
    "factor.workplace-stress": "Workplace stress and patient demands",
    "strategy.set-boundaries": "Set boundaries for work hours",
    "strategy.prioritize": "Prioritize tasks and manage time",
    "strategy.technology": "Embrace technology for efficiency",
    "strategy.breaks-time-off": "Take regular breaks and use time off wisely",
    "strategy.communicate": "Communicate with your team",
    "strategy.self-care": "Invest in self-care",
    "strategy.professional-development": "Seek professional development",
    "level.entry": "Strategies for entry-level MOAs",
    "level.mid": "Strategies for mid-level MOAs",
    "level.senior": "Strategies for senior-level MOAs",
    "faq.hours": "FAQ: average hours",
    "faq.weekends": "FAQ: weekends",
    "faq.stress": "FAQ: is it stressful",
    "faq.remote-work": "FAQ: working from home",
    "practice": "A practice's own content",
}

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_FORMATTER = string.Formatter()


def placeholders(template: str) -> set[str]:
    """Names of the ``{placeholders}`` in a format string (raises ValueError when malformed)."""
    names: set[str] = set()
    for _literal, name, _spec, _conv in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name.isidentifier():
            # Positional `{}` / `{0}` or attribute access cannot be filled by keyword.
            raise ValueError(f"placeholder {{{name}}} must be a plain name like {{name}}")
        names.add(name)
    return names


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_text(value: str, lang: str) -> str:
    language = LANGUAGE_NAMES[lang]
    if not value.strip():
        raise PydanticCustomError(
            "content", f"{language} text is empty — write the {language} text"
        )
    try:
        placeholders(value)
    except ValueError as exc:
        raise PydanticCustomError(
            "content",
            f"{language} text has a broken placeholder ({exc}) — write {{{{ and }}}} "
            "for literal braces",
        ) from None
    return value


class LocalizedText(_Frozen):
    """One text in every supported language."""

    en: str
    es: str

    @field_validator("en")
    @classmethod
    def _en(cls, value: str) -> str:
        return _check_text(value, "en")

    @field_validator("es")
    @classmethod
    def _es(cls, value: str) -> str:
        return _check_text(value, "es")

    def get(self, lang: Lang) -> str:
        return self.es if lang == "es" else self.en


class LocalizedKeywords(_Frozen):
    """Search keywords per language (used by FAQ matching)."""

    en: tuple[str, ...]
    es: tuple[str, ...]

    @field_validator("en", "es")
    @classmethod
    def _non_empty(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value or not all(word.strip() for word in value):
            raise PydanticCustomError(
                "content", "keywords must be a non-empty list of words — add at least one"
            )
        return value


class _Item(_Frozen):
    id: str

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise PydanticCustomError(
                "content",
                f"id {value!r} may use only lowercase letters, digits, '.', '-' and '_' "
                "(at most 64 characters) — rename it",
            )
        return value


class Tip(_Item):
    levels: tuple[Audience, ...]
    topic: Topic
    seed: str
    text: LocalizedText

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: tuple[Audience, ...]) -> tuple[Audience, ...]:
        if not value:
            raise PydanticCustomError(
                "content", "levels is empty — list one or more of: entry, mid, senior, manager"
            )
        return value


class BreakMessage(_Item):
    kind: BreakKind
    text: LocalizedText


class EndOfShiftMessage(_Item):
    text: LocalizedText


class OffShiftText(_Item):
    text: LocalizedText


class PulseQuestion(_Item):
    """A question for the weekly pulse. Scales run 1–5 with 5 the healthier end."""

    kind: PulseKind
    factor: Factor
    text: LocalizedText
    low: LocalizedText | None = None
    high: LocalizedText | None = None


class Faq(_Item):
    question: LocalizedText
    answer: LocalizedText
    keywords: LocalizedKeywords
    seed: str | None = None


# Anything that carries a `.text` the catalog can render.
TextItem = Tip | BreakMessage | EndOfShiftMessage | OffShiftText | PulseQuestion
