"""Parsers for `/balance breaks`, `tz`, `level`, `away` and dates."""

from __future__ import annotations

import difflib
import re
from datetime import date, timedelta
from functools import cache
from typing import Literal

from bot.schedule.grammar import GrammarError, parse_duration, parse_time
from bot.schedule.models import (
    BreakPrefs,
    ScheduleError,
    TimeOff,
    check_cadence,
    zone_names,
)
from bot.schedule.words import (
    EVERY_WORDS,
    LEVEL_WORDS,
    LUNCH_WORDS,
    MARGIN_WORDS,
    MONTH_WORDS,
    OFF_WORDS,
    ON_WORDS,
    UNTIL_WORDS,
    fold,
)

Level = Literal["entry", "mid", "senior"]
LEVELS: tuple[Level, ...] = ("entry", "mid", "senior")
BREAKS_HELP = (
    "Try `breaks every 90m`, `breaks lunch 12:30 30m`, `breaks lunch off`, "
    "`breaks off` or `breaks on`."
)


def _cadence(text: str) -> int:
    try:
        return check_cadence(parse_duration(text))
    except ScheduleError as exc:
        raise GrammarError(str(exc)) from None


def _lunch(words: list[str], current: BreakPrefs) -> BreakPrefs:
    if len(words) == 1 and fold(words[0]) in OFF_WORDS:
        return current.model_copy(update={"lunch": None})
    if len(words) not in (1, 2):
        raise GrammarError(
            f"Tell me when lunch starts, like `breaks lunch 12:30 30m`. {BREAKS_HELP}"
        )
    minutes = parse_duration(words[1]) if len(words) == 2 else current.lunch_minutes
    if not 5 <= minutes <= 120:
        raise GrammarError(f"Lunch can last 5m to 2h; {minutes}m is out of range.")
    return current.model_copy(update={"lunch": parse_time(words[0]), "lunch_minutes": minutes})


def parse_breaks(text: str, current: BreakPrefs | None = None) -> BreakPrefs:
    """`every 90m` | `lunch 12:30 [30m]` | `lunch off` | `margin 30m` | `off` | `on` → new prefs."""
    prefs = current or BreakPrefs()
    words = text.split()
    head = fold(words[0]) if words else ""
    rest = words[1:]
    if head in OFF_WORDS | ON_WORDS and not rest:
        return prefs.model_copy(update={"enabled": head in ON_WORDS})
    if head in EVERY_WORDS and rest:
        return prefs.model_copy(update={"cadence_minutes": _cadence(" ".join(rest))})
    if head in LUNCH_WORDS and rest:
        return _lunch(rest, prefs)
    if head in MARGIN_WORDS and len(rest) == 1:
        minutes = 0 if rest[0].strip() in ("0", "0m") else parse_duration(rest[0])
        if minutes > 120:
            raise GrammarError(f"The quiet margin can be 0 to 2h; {minutes}m is out of range.")
        return prefs.model_copy(update={"margin_minutes": minutes})
    raise GrammarError(f"I couldn't read 'breaks {text.strip()}'. {BREAKS_HELP}")


@cache
def _zones_by_folded_name() -> dict[str, str]:
    usable = (z for z in zone_names() if z not in ("localtime", "Factory"))
    return {fold(z): z for z in usable}


def _close_zones(wanted: str, names: dict[str, str]) -> list[str]:
    scored = []
    for key, zone in names.items():
        matcher = difflib.SequenceMatcher(None, wanted, key)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            scored.append((matcher.ratio(), zone))
    best = max((score for score, _ in scored), default=0.0)
    # Only the near-best: "America/Chicgo" should suggest Chicago, not Maceio too.
    return [zone for score, zone in sorted(scored, reverse=True) if score >= max(0.75, best - 0.05)]


def parse_tz(text: str) -> str:
    """An IANA zone name, matched without regard to case ("america/new york" is fine)."""
    wanted = fold(text.strip().replace(" ", "_"))
    names = _zones_by_folded_name()
    if wanted in names:
        return names[wanted]
    # A bare city ("chicago") or a typo ("America/Chicgo") gets suggestions, not a guess.
    same_city = [z for key, z in names.items() if key.rsplit("/", 1)[-1] == wanted]
    ideas = list(dict.fromkeys(same_city + _close_zones(wanted, names)))[:3]
    hint = f" Did you mean {' or '.join(ideas)}?" if ideas else ""
    raise GrammarError(
        f"I don't know the time zone '{text.strip()}'.{hint} "
        "Time zones look like America/Chicago or Europe/Madrid."
    )


def parse_level(text: str) -> Level:
    """entry | mid | senior (and everyday synonyms, in English and Spanish)."""
    level = LEVEL_WORDS.get(fold(text.strip()))
    for known in LEVELS:
        if level == known:
            return known
    raise GrammarError(
        f"I couldn't read the level '{text.strip()}'. Levels are entry, mid or senior, "
        "like `level mid`."
    )


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_WORDS_DATE = re.compile(
    r"(?:([a-z]+)\.?\s+(\d{1,2})|(\d{1,2})\s+(?:de\s+)?([a-z]+)\.?)(?:,?\s+(?:de\s+)?(\d{4}))?",
    re.ASCII,
)


def _date_error(text: str) -> GrammarError:
    return GrammarError(
        f"I couldn't read the date '{text.strip()}'. Dates look like 2026-12-02 or dec 2."
    )


def _relative(word: str, today: date | None) -> date | None:
    offsets = {"today": 0, "hoy": 0, "tomorrow": 1, "manana": 1}
    if word not in offsets or today is None:
        return None
    return today + timedelta(days=offsets[word])


def parse_date(text: str, *, today: date | None = None) -> date:
    """ "2026-12-02", "dec 2", "2 dic", "december 2, 2026", "tomorrow".

    Without a year, the next such day on or after `today` (which must then be given).
    """
    token = fold(text.strip())
    relative = _relative(token, today)
    if relative is not None:
        return relative
    try:
        if iso := _ISO.fullmatch(token):
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        words = _WORDS_DATE.fullmatch(token)
        month = MONTH_WORDS.get((words[1] or words[4]) if words else "")
        if words is None or month is None:
            raise _date_error(text)
        day = int(words[2] or words[3])
        if words[5]:
            return date(int(words[5]), month, day)
        if today is None:
            raise GrammarError(f"Which year? Write the date like {date(2026, month, day)}.")
        this_year = date(today.year, month, day)
        return this_year if this_year >= today else date(today.year + 1, month, day)
    except ValueError as exc:  # day 31 in a 30-day month, year 0, …
        if isinstance(exc, GrammarError):
            raise
        raise _date_error(text) from None


def parse_away(text: str, *, today: date) -> TimeOff:
    """`until 2026-12-02` (away from today through that day) or `2026-12-01 to 2026-12-05`."""
    words = text.split()
    if words and fold(words[0]) in UNTIL_WORDS and len(words) > 1:
        start, end = today, parse_date(" ".join(words[1:]), today=today)
    else:
        parts = re.split(r"\s+(?:to|a|al|until|hasta)\s+", text.strip(), flags=re.IGNORECASE)
        if len(parts) != 2:
            raise GrammarError(
                "Tell me when you're back, like `away until 2026-12-02` "
                "or `away 2026-12-01 to 2026-12-05`."
            )
        start, end = (parse_date(p, today=today) for p in parts)
    if end < today:
        raise GrammarError(f"{end} has already passed; pick a day from today on.")
    if end < start:
        raise GrammarError(f"Your time off can't end ({end}) before it starts ({start}).")
    return TimeOff(start=start, end=end)
