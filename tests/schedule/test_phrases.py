"""Every grammar problem and every time phrase, rendered in both languages: the Spanish has no
English left in it, the English no Spanish, and the phrases read grammatically in their place."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.schedule import GrammarError, ShiftRule, phrases
from bot.schedule.models import WeeklySchedule
from bot.schedule.words import word_set
from content import builtin_catalog
from content.models import placeholders

CATALOG = builtin_catalog()
SOURCE = Path(__file__).resolve().parents[2] / "bot" / "schedule"
NOW = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)  # Friday 09:00 in Chicago

# Words that are English and never Spanish (so they can't appear in a Spanish message).
ENGLISH = word_set(
    "the and or to of on at is be can could would will shift shifts hours hour days day "
    "until from time zone with your you like try type please for before after today "
    "tomorrow week minutes off not it this that has have passed already year ahead night "
    "morning evening lunch break breaks nudge nudges every which when what where write "
    "use got undone back monday tuesday wednesday thursday friday saturday sunday mon tue "
    "wed thu fri sat sun january february march april june july august september october "
    "november december jan feb apr jun jul aug sep oct nov dec am pm there now daylight "
    "saving closed"
)
# ... and Spanish that is never English.
SPANISH = word_set(
    "el los las del hasta hoy mañana lunes martes miércoles jueves viernes sábado domingo "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre turno turnos horas días semana almuerzo zona horaria ya pasó año cada por "
    "favor"
)


def _words(text: str) -> set[str]:
    text = re.sub(r"`[^`]*`|“[^”]*”|«[^»]*»", " ", text)  # code examples and quoted input
    text = re.sub(r"\b[A-Z][a-z]+/[A-Za-z_/+\-0-9]+", " ", text)  # zone names
    return {w.strip(string.punctuation + "¿¡–—").lower() for w in text.split()} - {""}


SAMPLES: dict[str, object] = {
    "text": "xyz",
    "word": "xyz",
    "days": (0, 1, 2, 3, 4),
    "start": time(8),
    "end": time(5),
    "hours": 21,
    "first_start": time(17),
    "first_end": time(21),
    "second_start": time(5),
    "second_end": time(9),
    "minutes": 500,
    "date": date(2026, 12, 2),
    "next": "2027-12-02",
    "limit": date(2027, 12, 3),
    "ideas": ("America/Chicago", "America/Mexico_City"),
}
OVERRIDES: dict[str, dict[str, object]] = {
    "shift.overlap": {
        "first": ShiftRule(weekday=0, start=time(8), end=time(12)),
        "second": ShiftRule(weekday=0, start=time(11), end=time(15)),
    },
    "lunch.ambiguous": {"first": time(18), "second": time(6)},
    "away.order": {"start": date(2026, 12, 18), "end": date(2026, 12, 14)},
    "closed.range": {"start": date(2026, 12, 1), "end": date(2027, 3, 1)},
}
GRAMMAR_KEYS = sorted(
    k.removeprefix("grammar.") for k in CATALOG.ui_keys() if k.startswith("grammar.")
)


def _error(key: str) -> GrammarError:
    names = placeholders(CATALOG.ui_text(f"grammar.{key}").en)
    params = {n: OVERRIDES.get(key, {}).get(n, SAMPLES.get(n)) for n in names}
    return GrammarError(key, **params)


def test_every_problem_the_parsers_raise_has_a_message() -> None:
    raised = set()
    for path in SOURCE.glob("grammar*.py"):
        raised |= set(re.findall(r'GrammarError\(\s*"([a-z_.]+)"', path.read_text()))
    assert len(raised) > 30
    missing = sorted(k for k in raised if f"grammar.{k}" not in CATALOG.ui_keys())
    assert missing == []
    assert "zone.unknown_no_ideas" in GRAMMAR_KEYS  # the variant without suggestions


@pytest.mark.parametrize("key", GRAMMAR_KEYS)
def test_each_problem_reads_in_each_language(key: str) -> None:
    error = _error(key)
    english, spanish = (phrases.problem(CATALOG, lang, error) for lang in ("en", "es"))
    assert english != spanish
    assert _words(spanish) & ENGLISH == set(), spanish
    assert _words(english) & SPANISH == set(), english
    assert "{" not in english + spanish


def test_echoed_input_is_made_inert() -> None:
    said = phrases.problem(CATALOG, "en", GrammarError("shift.unknown_word", word="<!here>*x*"))
    assert "<!here>" not in said and "&lt;!here&gt;" in said and "*x*" not in said


MOMENTS = [NOW + timedelta(hours=h) for h in (0, 5, 20, 30, 70, 150, 250, 24 * 400)]


@pytest.mark.parametrize("moment", MOMENTS)
def test_time_phrases_in_each_language(moment: datetime) -> None:
    for lang, foreign in (("es", ENGLISH), ("en", SPANISH)):
        said = [
            phrases.when(CATALOG, lang, moment, "America/Chicago", now=NOW),
            phrases.on_day(CATALOG, lang, moment.date(), today=NOW.date()),
            phrases.date_text(moment.date(), lang, today=NOW.date()),
            phrases.clock(moment.time(), lang),
        ]
        for text in said:
            assert _words(text) & foreign == set(), (lang, text)


def test_when_says_today_tomorrow_a_weekday_or_a_date() -> None:
    chicago = "America/Chicago"
    cases = {
        NOW + timedelta(hours=4): ("today at 1:00 PM", "hoy a las 13:00"),
        NOW + timedelta(hours=23): ("tomorrow at 8:00 AM", "mañana a las 8:00"),
        NOW + timedelta(days=3, hours=-1): ("on Monday at 8:00 AM", "el lunes a las 8:00"),
        NOW + timedelta(days=11, hours=-8): (
            "on Tuesday, December 15 at 1:00 AM",
            "el martes 15 de diciembre a la 1:00",
        ),
        NOW + timedelta(days=400): (
            "on Saturday, January 8, 2028 at 9:00 AM",
            "el sábado 8 de enero de 2028 a las 9:00",
        ),
    }
    for moment, (english, spanish) in cases.items():
        assert phrases.when(CATALOG, "en", moment, chicago, now=NOW) == english
        assert phrases.when(CATALOG, "es", moment, chicago, now=NOW) == spanish


def test_schedules_and_days_in_each_language() -> None:
    week = WeeklySchedule(
        rules=tuple(ShiftRule(weekday=d, start=time(8), end=time(17)) for d in range(5))
        + (ShiftRule(weekday=5, start=time(22), end=time(6)),)
    )
    assert phrases.schedule(CATALOG, "en", week) == "Mon–Fri 8:00 AM–5:00 PM; Sat 10:00 PM–6:00 AM"
    assert phrases.schedule(CATALOG, "es", week) == "lun a vie 8:00–17:00; sáb 22:00–6:00"
    assert phrases.schedule(CATALOG, "es", week, only=(5, 6)) == "sáb 22:00–6:00; dom: libre"
    assert phrases.days(CATALOG, "en", (0, 2, 4)) == "Mon, Wed, and Fri"
    assert phrases.days(CATALOG, "es", (0, 2, 4)) == "lun, mié y vie"
    assert phrases.days(CATALOG, "es", range(7)) == "Todos los días"
    assert phrases.zone(CATALOG, "es", "America/Chicago", now=NOW) == (
        "America/Chicago (hora central; allí son las 9:00)"
    )
    assert phrases.zone(CATALOG, "en", "Etc/GMT+6", now=NOW) == "UTC-6 (now 9:00 AM there)"
    one_am = NOW.replace(hour=7)  # 1:00 in Chicago
    assert phrases.zone(CATALOG, "es", "America/Chicago", now=one_am).endswith("allí es la 1:00)")


def _rendered_messages(lang: str) -> list[str]:
    out = []
    for moment in MOMENTS:
        next_shift = phrases.when(CATALOG, lang, moment, "America/Chicago", now=NOW)  # type: ignore[arg-type]
        for message in CATALOG.end_of_shift():
            out.append(CATALOG.text(message, lang, name="Ana", next_shift=next_shift))  # type: ignore[arg-type]
        for key in CATALOG.off_shift_keys():
            fields = dict.fromkeys(placeholders(CATALOG.off_shift(key).text.en), "x")
            fields.update(next_shift=next_shift, back_theirs=next_shift, back_yours=next_shift)
            out.append(CATALOG.text(CATALOG.off_shift(key), lang, **fields))  # type: ignore[arg-type]
    return out


def test_messages_around_a_next_shift_read_grammatically() -> None:
    # Issue 15: "until on Tue Dec 8 at 8:12 AM", "antes de el mar 8 dic".
    for text in _rendered_messages("en"):
        assert not re.search(r"\b(until|before|by|till) (on|today|tomorrow)\b", text), text
    for text in _rendered_messages("es"):
        assert not re.search(r"\b(de|a|hasta) el (el|hoy|mañana)\b|\bde el\b|\ba el\b", text), text


def test_end_of_shift_texts_assume_no_day_or_time_of_day() -> None:
    # The next shift may be later today, after a weekend, or the DM may follow a night shift.
    for message in CATALOG.end_of_shift():
        english, spanish = message.text.en.lower(), message.text.es.lower()
        assert not re.search(r"tomorrow|evening|tonight|today", english), english
        assert not re.search(r"mañana|la tarde|la noche|hoy", spanish), spanish
