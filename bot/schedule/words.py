"""Vocabulary for the `/balance` grammar, in English and Spanish, and text normalisation.

Words are compared folded (lower case, no accents), so "Mié", "mie" and "MIÉ" are one word.
Phrases of several words ("every day", "de la tarde") are turned into one token by `PHRASES`
before the parsers see them.
"""

from __future__ import annotations

import re
import unicodedata

ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)

DAY_WORDS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        "mon mons monday mondays lun lunes lu mo",
        "tue tues tuesday tuesdays mar martes tu",
        "wed weds wednesday wednesdays mie mier miercoles",
        "thu thur thurs thursday thursdays jue juev jueves th ju",
        "fri friday fridays vie viernes fr vi",
        "sat saturday saturdays sab sabado sabados sa",
        "sun sunday sundays dom domingo domingos su",
    )
):
    DAY_WORDS.update(dict.fromkeys(_names.split(), _i))

DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekday": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "weekend": (5, 6),
    "daily": ALL_DAYS,
    "everyday": ALL_DAYS,
    "diario": ALL_DAYS,
    "diariamente": ALL_DAYS,
}

# Day letters, as timetables write them ("M-F", "MWF", "TTh", "MTWTF"; "L-V", "LMMJV"). A
# letter that stands for two days (T, S; Spanish M) is the first of them after the day before
# it: in "M T W T F" the second T is Thursday, in "L M M J V" the second M is miércoles.
LETTERS_EN: dict[str, tuple[int, ...]] = {
    "m": (0,), "t": (1, 3), "tu": (1,), "w": (2,), "th": (3,), "r": (3,), "f": (4,),
    "s": (5, 6), "sa": (5,), "su": (6,), "u": (6,),
}  # fmt: skip
LETTERS_ES: dict[str, tuple[int, ...]] = {
    "l": (0,), "m": (1, 2), "x": (2,), "j": (3,), "v": (4,), "s": (5,), "d": (6,),
}  # fmt: skip
ONLY_EN_LETTERS = frozenset("twrfu")
ONLY_ES_LETTERS = frozenset("lxjvd")

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
        "sep sept september septiembre setiembre set",
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

NUMBER_WORDS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "zero cero",
        "one a an un una uno",
        "two dos couple",
        "three tres",
        "four cuatro",
        "five cinco",
        "six seis",
        "seven siete",
        "eight ocho",
        "nine nueve",
        "ten diez",
        "eleven once",
        "twelve doce",
    )
):
    NUMBER_WORDS.update(dict.fromkeys(_names.split(), _n))
NUMBER_WORDS.update(
    {"fifteen": 15, "quince": 15, "twenty": 20, "veinte": 20, "thirty": 30, "treinta": 30,
     "forty": 40, "cuarenta": 40, "fortyfive": 45, "fifty": 50, "cincuenta": 50,
     "sixty": 60, "sesenta": 60, "ninety": 90, "noventa": 90}
)  # fmt: skip

OFF_WORDS = frozenset({"off", "none", "libre", "libres", "no", "nada", "ninguno", "descanso"})
ON_WORDS = frozenset(
    {"on", "yes", "si", "activar", "activados", "activadas", "enable", "resume", "start",
     "restart", "encender", "encendidos", "encendidas", "reanudar", "reactivar"}
)  # fmt: skip
DISABLE_WORDS = frozenset(
    {"desactivar", "desactivados", "desactivadas", "disable", "stop", "pause", "apagar",
     "apagados", "apagadas", "pausar", "quitar", "mute", "silenciar"}
)  # fmt: skip
CLEAR_WORDS = frozenset({"clear", "reset", "borrar", "delete", "remove", "ninguno", "none"})
LUNCH_WORDS = frozenset({"lunch", "almuerzo", "comida", "lonche"})
EVERY_WORDS = frozenset({"every", "cada", "each"})
MARGIN_WORDS = frozenset({"margin", "margen"})
UNTIL_WORDS = frozenset({"until", "till", "til", "hasta", "through", "thru", "to"})
RANGE_WORDS = frozenset({"to", "a", "al", "until", "till", "til", "hasta", "thru", "through"})
LIST_WORDS = frozenset({"and", "y", "e", "plus", "also", "tambien", "mas"})
FROM_WORDS = frozenset({"from", "de", "desde", "del", "starting", "beginning"})
EXCEPT_WORDS = frozenset({"except", "excepto", "menos", "salvo", "but", "not", "sin"})
NIGHT_WORDS = frozenset({"night", "nights", "overnight", "noche", "noches", "nocturno"})

# Single tokens for phrases of several words; applied to folded text, longest first.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"todos los dias|todo los dias|cada dia|every single day|every day|all week|7 days a week"
     r"|seven days a week|los 7 dias|los siete dias|toda la semana", "daily"),
    (r"entre semana|dias de semana|dias habiles|dias laborables|every weekday|work days"
     r"|workdays|weekdays only|mon thru fri|business days", "weekdays"),
    (r"fines de semana|fin de semana|every weekend", "weekends"),
    (r"in the morning|de la manana|por la manana|de la madrugada|a la manana", "am"),
    (r"in the afternoon|in the evening|at night|de la tarde|por la tarde|de la noche"
     r"|por la noche|in the eve", "pm"),
    (r"del mediodia|al mediodia|mediodia|midday|noon", "noon"),
    (r"medianoche|media noche|midnight", "midnight"),
    (r"hour and a half|hora y media|one and a half hours|an hour and a half", "90min"),
    (r"half an hour|half hour|media hora|1/2 hour|1/2 hr|30 mins", "30min"),
    (r"day after tomorrow|pasado manana", "overmorrow"),
    (r"once an hour|once every hour|once per hour|hourly|una vez por hora|una vez cada hora",
     "every 1h"),
)  # fmt: skip
_PHRASES = tuple((re.compile(rf"(?<![a-z])(?:{p})(?![a-z])"), t) for p, t in PHRASES)

# Words people add for courtesy or emphasis that change no meaning in any command ("tz CST por
# favor", "breaks on otra vez", "back, ya volví"); removed from folded text before parsing.
_COURTESY = re.compile(
    r"(?<![a-z])(?:please|pls|plz|thanks|thank you|thx|ty|por favor|porfa|porfis|gracias"
    r"|again|otra vez|de nuevo|nuevamente|ok|okay|oki|ya volvi|ya regrese|ya estoy|i'?m back"
    r"|ya|now|ahora)(?![a-z'])"
)
_EMPHASIS = re.compile(r"[!¡?¿]+")


def drop_courtesy(folded: str) -> str:
    """Folded text without courtesy words and exclamation or question marks."""
    text = _COURTESY.sub(" ", _EMPHASIS.sub(" ", folded))
    return re.sub(r"\s+", " ", text).strip(" ,;")


def word_set(text: str) -> frozenset[str]:
    """A set of words written as text (a word list reads better that way)."""
    return frozenset(text.split())


def fold(word: str) -> str:
    """Lower-case and drop accents, so "Mié" and "mie" are the same word."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_DASHES = re.compile(r"[\u2010-\u2015\u2212~]")
# "8am", "8 am", "8 a.m.", "8 a. m.", "8a" → "8am"; but "3:30p M-F" is 3:30pm, Monday-Friday.
_MERIDIEM = re.compile(r"(?<=\d)(?:\s*([ap])(?:\.\s?m\b\.?|m\b\.?)|([ap])(?![a-z.]))")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th|ro|do|er|to|vo|mo|no)\b|(?<=\d)\.?[ºª°]")


_AND_A_HALF = re.compile(r"(\d+) ?(?:and a half|y media(?= hora)|1/2)(?![a-z\d])")
_TWELVE = re.compile(r"(?<![\d:])12(?::00)? (noon|midnight|mediodia|del mediodia)(?![a-z])")
_SPOKEN_HOUR = re.compile(
    r"(?<![a-z])(a la|a las|at|la|las) (una|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
    r"|diez|once|doce|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?![a-z])"
)
_Y_MEDIA = re.compile(r"(\d{1,2}) y (media|cuarto)(?![a-z])")


def normalize(text: str) -> str:
    """Fold, unify dashes and am/pm ("8 a.m." → "8am", "5p" → "5pm"), phrases to tokens."""
    folded = fold(unicodedata.normalize("NFC", text))
    folded = _DASHES.sub("-", folded).replace("\u00a0", " ")
    folded = drop_courtesy(re.sub(r"\s+", " ", folded).strip())
    folded = _MERIDIEM.sub(lambda m: f"{m.group(1) or m.group(2)}m", folded)
    folded = _AND_A_HALF.sub(lambda m: f"{m.group(1)}.5", folded)
    folded = _TWELVE.sub(lambda m: m[1], folded)
    folded = _SPOKEN_HOUR.sub(lambda m: f"{m[1]} {NUMBER_WORDS[m[2]]}", folded)
    folded = _Y_MEDIA.sub(lambda m: f"{m[1]}:{'30' if m[2] == 'media' else '15'}", folded)
    for pattern, token in _PHRASES:
        folded = pattern.sub(token, folded)
    return folded


def strip_ordinals(text: str) -> str:
    """ "10th" → "10", "1ro" → "1", "2º" → "2"."""
    return _ORDINAL.sub("", text)


_TOKEN = re.compile(
    r"\d{1,2}[:.h]\d{2}(?:am|pm|h|hrs|hr|hs)?(?![\d])"  # 8:30, 8.30, 8h30, 8:30pm
    r"|\d+(?:[.,]\d+)?(?:am|pm|hrs|hr|hs|h|min|mins|m)?(?![\d])"  # 8, 0830, 17h, 1.5h, 90m
    r"|[a-z]+"
    r"|[-/,&;+@]"
)


def tokens(text: str) -> list[str]:
    """Normalised tokens: numbers with their unit or am/pm, words, and separators.

    "Mon-Fri 8 a.m. to 5:30pm" → ["mon", "-", "fri", "8am", "to", "5:30pm"].
    Other punctuation (periods, quotes, brackets) carries no meaning here and is dropped.
    """
    return _TOKEN.findall(normalize(text))
