"""Vocabulary for the `/balance` grammar, in English and Spanish, and text normalisation."""

from __future__ import annotations

import re
import unicodedata

DAY_WORDS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "mon monday lun lunes",
        "tue tues tuesday mar martes",
        "wed weds wednesday mie miercoles",
        "thu thur thurs thursday jue jueves",
        "fri friday vie viernes",
        "sat saturday sab sabado",
        "sun sunday dom domingo",
    )
):
    DAY_WORDS.update(dict.fromkeys(_names.split(), _i))

DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "weekend": (5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "everyday": (0, 1, 2, 3, 4, 5, 6),
    "diario": (0, 1, 2, 3, 4, 5, 6),
}

MONTH_WORDS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "jan january ene enero",
        "feb february febrero",
        "mar march marzo",
        "apr april abr abril",
        "may mayo",
        "jun june junio",
        "jul july julio",
        "aug august ago agosto",
        "sep sept september septiembre setiembre",
        "oct october octubre",
        "nov november noviembre",
        "dec december dic diciembre",
    ),
    start=1,
):
    MONTH_WORDS.update(dict.fromkeys(_names.split(), _i))

LEVEL_WORDS: dict[str, str] = {}
for _level, _names in (
    ("entry", "entry junior new beginner inicial nuevo nueva principiante"),
    ("mid", "mid middle intermediate medio intermedio intermedia"),
    ("senior", "senior sr experienced lead experto experta avanzado avanzada"),
):
    LEVEL_WORDS.update(dict.fromkeys(_names.split(), _level))

OFF_WORDS = frozenset({"off", "none", "libre", "no"})
ON_WORDS = frozenset({"on", "yes", "si"})
CLEAR_WORDS = frozenset({"clear", "reset", "borrar"})
LUNCH_WORDS = frozenset({"lunch", "almuerzo", "comida"})
EVERY_WORDS = frozenset({"every", "cada"})
MARGIN_WORDS = frozenset({"margin", "margen"})
UNTIL_WORDS = frozenset({"until", "till", "hasta", "through", "thru"})


def fold(word: str) -> str:
    """Lower-case and drop accents, so "Mié" and "mie" are the same word."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def tidy(text: str) -> str:
    """Tidy shift text: "Mon - Fri" → "mon-fri", "mon, wed" → "mon,wed", "8 am to 5" → "8am-5"."""
    text = _DASHES.sub("-", unicodedata.normalize("NFC", text).casefold()).strip()
    text = re.sub(r"\s+(?:to|a|al)\s+", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    # A comma after a time ("17:00, sat 9-13") starts a new group; between days it joins them.
    after_time = r"(?:(?<=\d)|(?<=[ap]m)|(?<=[ap]\.m\.)|(?<=noon)|(?<=night))"
    text = re.sub(rf"{after_time}\s*,\s*|\s*,\s*(?=\d)", " ", text)
    text = re.sub(r"\s*,\s*", ",", text)
    text = re.sub(r"(?<=\d)\s+(a\.?m\.?|p\.?m\.?)(?![a-z])", r"\1", text)
    return re.sub(r"\s+", " ", text)
