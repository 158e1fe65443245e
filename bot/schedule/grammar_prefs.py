"""Parsers for `/balance breaks` (cadence, lunch, margins, on/off) and `level`.

One `breaks` command may set several things at once ("every hour, lunch at 12:30 for 30 min").
A bare lunch hour is read against the member's shifts: `lunch 1` is 13:00 for a day shift and
01:00 for someone working 22:00-06:00; with no shifts, the reading nearest midday, or a
question when two readings are about as likely.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.schedule.grammar_times import (
    DAY,
    Clock,
    GrammarError,
    clock,
    duration_tokens,
    minutes_to_time,
)
from bot.schedule.models import CADENCE_MAX, CADENCE_MIN, BreakPrefs, WeeklySchedule
from bot.schedule.words import (
    DISABLE_WORDS,
    EVERY_WORDS,
    LEVEL_WORDS,
    LUNCH_WORDS,
    MARGIN_WORDS,
    OFF_WORDS,
    ON_WORDS,
    fold,
    tokens,
    word_set,
)

Level = Literal["entry", "mid", "senior"]
LEVELS: tuple[Level, ...] = ("entry", "mid", "senior")
LUNCH_MIN, LUNCH_MAX = 5, 120
MARGIN_MAX = 120
_NOUNS = word_set(
    "breaks break pausas pausa descansos descanso nudges nudge recordatorios "
    "reminders reminder me remind set my mi mis please por favor back turn volver vuelve"
)
_LUNCH_FILLERS = word_set(
    "at a las la @ for por durante of de starts start empieza empiezo is es at "
    "around sobre time minutes long , and y with con from desde the el"
)
_UNITS = word_set("h hr hrs hs hour hours hora horas m min mins minute minutes minuto minutos")
_KEYWORDS = LUNCH_WORDS | EVERY_WORDS | MARGIN_WORDS | {"hourly"}


_CLOCK_SHAPE = re.compile(r"\d{1,2}[:.]\d{2}(?:am|pm)?")
_WITH_UNIT = re.compile(r"\d+(?:[.,]\d+)?(?:h|hr|hrs|hs|m|min|mins)")


def _is_duration_word(word: str) -> bool:
    return word in _UNITS or _WITH_UNIT.fullmatch(word) is not None


def _cadence(words: list[str]) -> int:
    twice = "other" in words  # "every other hour"
    words = [w for w in words if w not in ("other", ",", "y", "and")]
    if words in (["hour"], ["hora"], []):
        minutes = 120 if twice else 60
    elif len(words) == 1 and words[0].isdigit() and int(words[0]) <= 4:
        minutes = int(words[0]) * 60  # "every 2": hours, not 2 minutes
    else:
        found = duration_tokens(words)
        if found is None:
            raise GrammarError("duration.bad", text=" ".join(words))
        minutes = found
    if not CADENCE_MIN <= minutes <= CADENCE_MAX:
        raise GrammarError("breaks.cadence_range", minutes=minutes)
    return minutes


def _inside_shift(minute: int, schedule: WeeklySchedule | None) -> bool:
    """Within a working day: from a day's first shift start to its last shift end, so the gap
    of a split shift (08-12, 13-17) counts, since that is where lunch goes."""
    for day in range(7):
        rules = schedule.on_weekday(day) if schedule else ()
        if not rules:
            continue
        start = rules[0].start.hour * 60 + rules[0].start.minute
        span = max(r.week_span()[1] for r in rules) - rules[0].week_span()[0]
        if (minute - start) % DAY < span:
            return True
    return False


def _lunch_minute(found: Clock, schedule: WeeklySchedule | None) -> int:
    if found.explicit or len(found.readings) == 1:
        return found.minutes
    inside = [m for m in found.readings if _inside_shift(m, schedule)]
    if len(inside) == 1:
        return inside[0]
    by_midday = sorted(found.readings, key=lambda m: abs(m - 12 * 60 - 30))
    first, second = by_midday
    if abs(second - 750) - abs(first - 750) < 120:
        raise GrammarError(
            "lunch.ambiguous",
            text=found.text,
            first=minutes_to_time(first),
            second=minutes_to_time(second),
        )
    return first


def _lunch(words: list[str], current: BreakPrefs, schedule: WeeklySchedule | None) -> BreakPrefs:
    if words and all(w in OFF_WORDS for w in words):
        return current.model_copy(update={"lunch": None})
    start: int | None = None
    length: int | None = None
    rest: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        after_at = i > 0 and words[i - 1] in ("las", "la", "at", "@")
        hours_24 = after_at and nxt in ("hrs", "hr", "hs", "h", "horas")  # "a las 13 hrs"
        found = (
            None
            if (nxt in _UNITS and not hours_24) or _is_duration_word(word)
            else clock(word, nxt if nxt in ("am", "pm") else None)
        )
        if found is not None and hours_24:
            i += 1
        looks_like_time = after_at or _CLOCK_SHAPE.fullmatch(word) is not None
        if found is None and looks_like_time and word[:1].isdigit() and not _is_duration_word(word):
            raise GrammarError("time.bad", text=word)  # "a las 26", "25:00": a time, and not one
        if found is None or start is not None:
            if word not in _LUNCH_FILLERS:
                rest.append(word)
            i += 1
            continue
        i += 2 if nxt in ("am", "pm") else 1
        start = _lunch_minute(found, schedule)
        ahead = words[i + 1] if i + 1 < len(words) else None
        if i < len(words) and words[i] in ("-", "to", "a", "until", "hasta", "till"):
            mer = words[i + 2] if i + 2 < len(words) and words[i + 2] in ("am", "pm") else None
            end = clock(ahead or "", mer)
            if end is not None:
                length = min((e - start) % DAY for e in end.readings)
                i += 3 if mer else 2
    rest = [w for w in rest if w not in _LUNCH_FILLERS]
    if rest:
        minutes = duration_tokens(rest)
        if minutes is None or length is not None:
            raise GrammarError("lunch.bad", text=" ".join(words))
        length = minutes
    if start is None and current.lunch is None:
        raise GrammarError("lunch.when")
    length = current.lunch_minutes if length is None else length
    if not LUNCH_MIN <= length <= LUNCH_MAX:
        raise GrammarError("lunch.length_range", minutes=length)
    lunch = current.lunch if start is None else minutes_to_time(start)
    return current.model_copy(update={"lunch": lunch, "lunch_minutes": length})


def _margin(words: list[str], current: BreakPrefs) -> BreakPrefs:
    minutes = 0 if words in (["0"], ["0m"], ["0min"]) else duration_tokens(words)
    if minutes is None:
        raise GrammarError("duration.bad", text=" ".join(words))
    if minutes > MARGIN_MAX:
        raise GrammarError("breaks.margin_range", minutes=minutes)
    return current.model_copy(update={"margin_minutes": minutes})


def _clauses(words: list[str]) -> list[tuple[str, list[str]]]:
    """Split `breaks` text at its keywords: [("every", […]), ("lunch", […]), …]."""
    out: list[tuple[str, list[str]]] = []
    for i, word in enumerate(words):
        if word in _KEYWORDS:
            kind = "lunch" if word in LUNCH_WORDS else "margin" if word in MARGIN_WORDS else "every"
            if word == "hourly":
                out.append(("every", ["hour"]))
                continue
            if out and out[-1][0] == "no" and not out[-1][1]:
                out[-1] = ("lunch", ["off"])  # "no lunch", "sin almuerzo"
                continue
            out.append((kind, []))
        elif word in ("no", "sin") and i + 1 < len(words) and words[i + 1] in LUNCH_WORDS:
            out.append(("no", []))
        elif out:
            out[-1][1].append(word)
        else:
            out.append(("head", [word]))
    return out


def parse_breaks(
    text: str, current: BreakPrefs | None = None, *, schedule: WeeklySchedule | None = None
) -> BreakPrefs:
    """`every 90m` | `lunch 12:30 [30m]` | `lunch off` | `margin 30m` | `off` | `on`, alone or
    together ("every hour lunch 1-1:30") → the new prefs. `schedule` helps read bare hours."""
    prefs = current or BreakPrefs()
    words = [w for w in tokens(text) if w not in _NOUNS]
    if not words:
        raise GrammarError("breaks.unknown", text=text.strip())
    for kind, rest in _clauses(words):
        rest = [w for w in rest if w not in _NOUNS]
        if kind == "lunch":
            try:
                prefs = _lunch(rest, prefs, schedule)
            except GrammarError as exc:
                if exc.key == "lunch.bad":  # quote what the member typed, not our tokens
                    raise GrammarError("lunch.bad", text=text.strip()) from None
                raise
        elif kind == "every":
            prefs = prefs.model_copy(update={"cadence_minutes": _cadence(rest)})
        elif kind == "margin":
            prefs = _margin(rest, prefs)
        elif all(w in OFF_WORDS | DISABLE_WORDS for w in rest):
            prefs = prefs.model_copy(update={"enabled": False})
        elif all(w in ON_WORDS for w in rest):
            prefs = prefs.model_copy(update={"enabled": True})
        elif duration_tokens(rest) is not None:  # "breaks 90m"
            prefs = prefs.model_copy(update={"cadence_minutes": _cadence(rest)})
        else:
            raise GrammarError("breaks.unknown", text=text.strip())
    return prefs


def parse_lunch(
    text: str, current: BreakPrefs | None = None, *, schedule: WeeklySchedule | None = None
) -> BreakPrefs:
    """The text after a bare `lunch` / `almuerzo` command."""
    return parse_breaks(f"lunch {text}", current, schedule=schedule)


def parse_level(text: str) -> Level:
    """entry | mid | senior (and everyday synonyms, in English and Spanish)."""
    level = LEVEL_WORDS.get(fold(text.strip()))
    for known in LEVELS:
        if level == known:
            return known
    raise GrammarError("level.bad", text=text.strip())
