"""Dates as people type them, for `/balance away` and `/balance admin closed`.

One date: "2026-12-10", "12/10" (month first in English, day first in Spanish), "dec 10",
"December 10th", "10 de diciembre", "friday", "el viernes", "next friday" (the Friday of next
week), "el próximo viernes" (the coming one), "tomorrow", "mañana", "the 10th".
Month names go through `dateparser`; a shape check in front of it keeps its guesses away (it
reads "the 10th" as October 3rd), and the numbers it returns must be the ones typed.

A day name is the next such day after today ("until friday" typed on a Friday is next week's).
A date typed without a year is the occurrence nearest to today: "jan 5" typed in December is
next January, while "dec 2" typed on December 3rd is yesterday, so `away until dec 2` is
refused with a hint, never silently moved to next year. Every accepted date has a horizon,
said in the message (see `grammar_leave`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from bot.schedule.grammar_times import GrammarError
from bot.schedule.words import DAY_WORDS, MONTH_WORDS, normalize, strip_ordinals, word_set

_MONTHS = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
_YEAR = r"(?:,? (?:de |del |of )?(?P<y>\d{4}))?"
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?")
_MONTH_FIRST = re.compile(rf"(?P<mon>{_MONTHS})\.? (?:the |el )?(?P<d>\d{{1,2}}){_YEAR}")
_DAY_FIRST = re.compile(
    rf"(?:the |el )?(?P<d>\d{{1,2}}) (?:de |of |del )?(?P<mon>{_MONTHS})\.?{_YEAR}"
)
_DAY_ONLY = re.compile(r"(?:the |el |dia |day )?(?P<d>\d{1,2})")
_WEEKDAY = re.compile(
    r"(?:(?P<rel>this|coming|next|este|el proximo|proximo|el)\s)?"
    r"(?P<wd>[a-z]+)(?P<after> next week| of next week| de la semana que viene| que viene)?"
)
_NAMED_WEEKDAY = re.compile(r"(?P<wd>[a-z]+)\.?,? (?:the )?(?P<rest>(?:\d|[a-z]+ \d).*)")
_RELATIVE = {"today": 0, "hoy": 0, "tonight": 0, "tomorrow": 1, "manana": 1, "overmorrow": 2}
_LEADING = word_set(
    "i im i'm am will be out off on leave vacation vacaciones de estoy voy a estar "
    "fuera ausente away ooo pto please por favor me en i'll"
)


def _dateparser(text: str, lang: str) -> datetime | None:
    import dateparser  # loads its language data on first use; only dates need it

    settings: Any = {
        "DATE_ORDER": "DMY" if lang == "es" else "MDY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return dateparser.parse(
        text, languages=["es", "en"] if lang == "es" else ["en", "es"], settings=settings
    )


@cache
def _month_day(text: str, lang: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) for a month-name date, checked against what was typed."""
    match = _MONTH_FIRST.fullmatch(text) or _DAY_FIRST.fullmatch(text)
    if match is None:
        return None
    month, day = MONTH_WORDS[match["mon"]], int(match["d"])
    year = int(match["y"]) if match["y"] else None
    parsed = _dateparser(text if year else f"{text} 2024", lang)  # a leap year: Feb 29 is fine
    if parsed is None or (parsed.month, parsed.day) != (month, day):
        return None
    if year is not None and parsed.year != year:
        return None
    return month, day, year


def _nearest(month: int, day: int, today: date, text: str) -> date:
    """The occurrence of month/day nearest to today (it may have passed: callers decide)."""
    options = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if not options:
        raise GrammarError("date.bad", text=text)
    return min(options, key=lambda d: (abs((d - today).days), d < today))


def _exact(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise GrammarError("date.bad", text=text) from None


def _weekday(match: re.Match[str], today: date) -> date | None:
    """A day name is the next such day after today ("friday" typed on a Friday is a week on:
    today is "today"); "next friday" is the Friday of next week (Monday to Sunday)."""
    word = match["wd"]
    if word not in DAY_WORDS:
        return None
    wanted = DAY_WORDS[word]
    rel = (match["rel"] or "").strip()
    after = (match["after"] or "").strip()
    if rel == "next" or after in ("next week", "of next week", "de la semana que viene"):
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=wanted)
    return today + timedelta(days=(wanted - today.weekday()) % 7 or 7)


def read_date(text: str, *, today: date, lang: str = "en") -> date | None:
    """One date, or None when `text` isn't shaped like one. Raises GrammarError for a date
    that is shaped right but impossible (Feb 30) or has just passed."""
    text = strip_ordinals(text.strip(" ,.")).strip()
    text = re.sub(r"^(?:on|el|the|for|para) (?=\S)", "", text)
    if text in _RELATIVE:
        return today + timedelta(days=_RELATIVE[text])
    if iso := _ISO.fullmatch(text):
        return _exact(int(iso["y"]), int(iso["m"]), int(iso["d"]), text)
    if num := _NUMERIC.fullmatch(text):
        first, second = int(num["a"]), int(num["b"])
        month, day = (second, first) if lang == "es" else (first, second)
        if month > 12 and day <= 12:
            month, day = day, month  # "25/12" in English, "12/25" in Spanish: only one fits
        if not num["y"]:
            return _nearest(month, day, today, text)
        year = int(num["y"]) + (2000 if len(num["y"]) == 2 else 0)
        return _exact(year, month, day, text)
    if parts := _month_day(text, lang):
        month, day, typed_year = parts
        if typed_year is None:
            return _nearest(month, day, today, text)
        return _exact(typed_year, month, day, text)
    # After month names: "mar 1" is March 1st, not "Tuesday the 1st".
    named = _NAMED_WEEKDAY.fullmatch(text)
    if named and named["wd"] in DAY_WORDS:  # "friday dec 11", "viernes 11 de diciembre"
        found = read_date(named["rest"], today=today, lang=lang)
        if found is not None and found.weekday() != DAY_WORDS[named["wd"]]:
            raise GrammarError("date.weekday_mismatch", date=found, text=text)
        if found is not None:
            return found
    if (only := _DAY_ONLY.fullmatch(text)) and 1 <= int(only["d"]) <= 31:
        return _day_of_month(int(only["d"]), today)
    if weekday := _WEEKDAY.fullmatch(text):
        return _weekday(weekday, today)
    if _MONTH_FIRST.fullmatch(text) or _DAY_FIRST.fullmatch(text):
        raise GrammarError("date.bad", text=text)
    return None


def _day_of_month(day: int, today: date) -> date:
    """ "the 10th": this month's if it hasn't passed, else the next month that has that day."""
    year, month = today.year, today.month
    for _ in range(3):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise GrammarError("date.bad", text=str(day))


def parse_date(text: str, *, today: date, lang: str = "en") -> date:
    """One date (see `read_date`), or GrammarError saying how dates look."""
    found = read_date(normalize(text), today=today, lang=lang)
    if found is None:
        raise GrammarError("date.bad", text=text.strip())
    return found


def leading_words(text: str) -> str:
    """Drop words that only say "I'll be away" ("I'm out", "estoy de vacaciones")."""
    words = text.split()
    while words and words[0] in _LEADING:
        words.pop(0)
    return " ".join(words)
