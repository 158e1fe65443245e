"""How Balance Bot says days, dates, times, shifts and grammar problems, in each language.

One helper per kind of phrase, so every message reads the same: "tomorrow at 8:00 AM" /
"mañana a las 8:00", "on Friday" / "el viernes", "Mon–Fri 8:00 AM–5:00 PM" / "lun a vie
8:00–17:00". Day, month and list words come from CLDR through Babel; the connecting words
("today", "on {day}", "{day} at {time}") are catalog strings, so a Spanish member never reads
an English word. Grammar errors (`GrammarError`) become their catalog message here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names
from babel.lists import format_list
from babel.numbers import format_decimal

from bot.blocks import user_text
from bot.schedule.grammar_times import GrammarError
from bot.schedule.models import ShiftRule, WeeklySchedule
from content import Catalog
from content.models import Lang

LOCALES = {"en": "en_US", "es": "es_419"}
_DATE = {"en": "EEEE, MMMM d", "es": "EEEE d 'de' MMMM"}
_DATE_YEAR = {"en": "EEEE, MMMM d, y", "es": "EEEE d 'de' MMMM 'de' y"}
NEAR_DAYS = 6  # within this many days, a weekday name alone is clear ("on Friday")


def _lang(lang: str) -> Lang:
    return "es" if lang == "es" else "en"


def clock(at: time, lang: str) -> str:
    """ "8:00 AM" / "8:00"; "1:30 PM" / "13:30"."""
    if _lang(lang) == "es":
        return f"{at.hour}:{at.minute:02d}"
    return f"{at.hour % 12 or 12}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"


def hours(start: time, end: time, lang: str) -> str:
    """ "8:00 AM–5:00 PM" / "8:00–17:00"."""
    return f"{clock(start, lang)}–{clock(end, lang)}"


def weekday(day: int, lang: str, *, short: bool = False) -> str:
    """ "Monday" / "lunes"; short: "Mon" / "lun"."""
    names = get_day_names("abbreviated" if short else "wide", locale=LOCALES[_lang(lang)])
    return str(names[day]).rstrip(".")


def days(catalog: Catalog, lang: str, chosen: Iterable[int], *, short: bool = True) -> str:
    """ "Mon–Fri", "Mon, Wed, and Fri", "Sat" / "lun a vie", "lun, mié y vie"."""
    ordered = sorted(set(chosen))
    if len(ordered) == 7:
        return catalog.ui("phrase.every_day", _lang(lang))
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        first = weekday(run[0], lang, short=short)
        if len(run) >= 3:
            last = weekday(run[-1], lang, short=short)
            parts.append(catalog.ui("phrase.day_range", _lang(lang), first=first, last=last))
        else:
            parts.extend(weekday(d, lang, short=short) for d in run)
    return format_list(parts, locale=LOCALES[_lang(lang)])


def date_text(day: date, lang: str, *, today: date | None = None) -> str:
    """ "Friday, December 18" / "viernes 18 de diciembre"; the year when it isn't this year's."""
    with_year = today is None or day.year != today.year
    pattern = (_DATE_YEAR if with_year else _DATE)[_lang(lang)]
    return format_date(day, pattern, locale=LOCALES[_lang(lang)])


def on_day(catalog: Catalog, lang: str, day: date, *, today: date) -> str:
    """ "today", "tomorrow", "on Friday", "on Friday, December 18" (and in Spanish)."""
    lang = _lang(lang)
    ahead = (day - today).days
    if ahead == 0:
        return catalog.ui("phrase.today", lang)
    if ahead == 1:
        return catalog.ui("phrase.tomorrow", lang)
    shown = (
        weekday(day.weekday(), lang)
        if 1 < ahead <= NEAR_DAYS
        else date_text(day, lang, today=today)
    )
    return catalog.ui("phrase.on_day", lang, day=shown)


def when(catalog: Catalog, lang: str, moment: datetime, tz: str, *, now: datetime) -> str:
    """ "today at 1:00 PM", "tomorrow at 8:00 AM", "on Friday at 8:00 AM" / "hoy a las 13:00",
    "el viernes a la 1:00", with today and tomorrow judged in `tz`."""
    zone = ZoneInfo(tz)
    local = moment.astimezone(zone)
    day = on_day(catalog, lang, local.date(), today=now.astimezone(zone).date())
    key = "phrase.at_one" if _lang(lang) == "es" and local.hour == 1 else "phrase.at"  # "a la 1"
    return catalog.ui(key, _lang(lang), day=day, time=clock(local.time(), lang))


def shift(rule: ShiftRule, lang: str) -> str:
    """ "Mon 8:00 AM–12:00 PM" / "lun 8:00–12:00"."""
    return f"{weekday(rule.weekday, lang, short=True)} {hours(rule.start, rule.end, lang)}"


def schedule(catalog: Catalog, lang: str, week: WeeklySchedule, only: Iterable[int] = ()) -> str:
    """The week (or the days in `only`), days with the same hours together:
    "Mon–Fri 8:00 AM–5:00 PM; Sat 9:00 AM–1:00 PM; Sun: off"."""
    wanted = sorted(set(only)) or list(range(7))
    by_hours: dict[str, list[int]] = {}
    for day in wanted:
        text = ", ".join(hours(r.start, r.end, lang) for r in week.on_weekday(day))
        by_hours.setdefault(text, []).append(day)
    parts = []
    for text, group in sorted(by_hours.items(), key=lambda item: item[1][0]):
        label = days(catalog, lang, group)
        if text:
            parts.append(f"{label} {text}")
        elif only:
            parts.append(catalog.ui("phrase.day_off", _lang(lang), days=label))
    return "; ".join(parts) or catalog.ui("phrase.no_shifts", _lang(lang))


def _param(catalog: Catalog, lang: str, value: Any) -> str:
    if isinstance(value, datetime):
        return date_text(value.date(), lang)
    if isinstance(value, date):
        return date_text(value, lang)
    if isinstance(value, time):
        return clock(value, lang)
    if isinstance(value, ShiftRule):
        return shift(value, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_decimal(value, locale=LOCALES[_lang(lang)])
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return days(catalog, lang, value, short=False)
    if isinstance(value, tuple):
        return format_list(
            [f"`{user_text(str(v), 60)}`" for v in value], style="or", locale=LOCALES[_lang(lang)]
        )
    return user_text(str(value), 60)


def problem(catalog: Catalog, lang: str, error: GrammarError) -> str:
    """The member-facing message for a grammar error, in `lang`. Echoed input is made inert."""
    params = {name: _param(catalog, lang, value) for name, value in error.params.items()}
    key = f"grammar.{error.key}"
    if error.key == "zone.unknown" and not error.params.get("ideas"):
        key = "grammar.zone.unknown_no_ideas"
    return catalog.ui(key, _lang(lang), **params)


def zone(catalog: Catalog, lang: str, name: str, *, now: datetime) -> str:
    """ "America/Chicago (Central Time, now 9:41 AM)" / "America/Chicago (hora central, ahora
    9:41)": the zone with its everyday name and the time there, so a wrong one shows at once."""
    from babel.dates import get_timezone_name

    tz = ZoneInfo(name)
    there = now.astimezone(tz).time()
    local = clock(there, lang)
    one = "_one" if _lang(lang) == "es" and there.hour == 1 else ""  # "es la 1:00"
    if name.startswith("Etc/GMT") and name[7:]:  # tzdata's sign is reversed: Etc/GMT+6 is UTC-6
        offset = name[7:].translate(str.maketrans("+-", "-+"))
        return catalog.ui(f"phrase.zone{one}", _lang(lang), zone=f"UTC{offset}", time=local)
    try:
        label = get_timezone_name(tz, "long", zone_variant="generic", locale=LOCALES[_lang(lang)])
    except (LookupError, ValueError):
        label = ""
    key = "phrase.zone_named" if label and label != name else "phrase.zone"
    return catalog.ui(f"{key}{one}", _lang(lang), zone=name, label=label, time=local)
