"""Rules for a member's own settings (pure: no Slack, no database)."""

from __future__ import annotations

from content.models import Lang

LEVELS = ("entry", "mid", "senior")

# Words people type for each level, in both languages.
_LEVEL_WORDS = {
    "entry": "entry",
    "junior": "entry",
    "new": "entry",
    "inicial": "entry",
    "nuevo": "entry",
    "mid": "mid",
    "middle": "mid",
    "intermediate": "mid",
    "intermedio": "mid",
    "medio": "mid",
    "senior": "senior",
    "lead": "senior",
    "sr": "senior",
    "avanzado": "senior",
}


def parse_level(text: str) -> str | None:
    return _LEVEL_WORDS.get(text.strip().lower().rstrip("."))


def parse_lang(text: str) -> Lang | None:
    word = text.strip().lower()
    aliases = {
        "english": "en",
        "inglés": "en",
        "ingles": "en",
        "spanish": "es",
        "español": "es",
        "espanol": "es",
    }
    word = aliases.get(word, word)
    if word == "en":
        return "en"
    return "es" if word == "es" else None
