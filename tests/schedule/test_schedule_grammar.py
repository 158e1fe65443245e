"""The `/balance` sub-grammars: what members type, and the exact fix-it messages."""

from __future__ import annotations

from datetime import date, time

import pytest
from sched_helpers import week

from bot.schedule import (
    BreakPrefs,
    GrammarError,
    TimeOff,
    format_schedule,
    parse_away,
    parse_breaks,
    parse_date,
    parse_days,
    parse_duration,
    parse_level,
    parse_shift,
    parse_time,
    parse_tz,
)

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri 08:00-17:00", "mon-fri 08:00-17:00"),
        ("sat 09:00-13:00", "sat 09:00-13:00"),
        ("mon,wed,fri 7:30-15:30", "mon 07:30-15:30; wed 07:30-15:30; fri 07:30-15:30"),
        ("tue 22:00-06:00", "tue 22:00-06:00"),
        ("mon-fri 8am-5pm", "mon-fri 08:00-17:00"),
        ("Mon - Fri 8 am to 5 pm", "mon-fri 08:00-17:00"),
        ("mon, wed, fri 0730-1530", "mon 07:30-15:30; wed 07:30-15:30; fri 07:30-15:30"),
        ("lun-vie 8:00 a 17:00", "mon-fri 08:00-17:00"),
        ("mié 9h-13h", "wed 09:00-13:00"),
        ("sáb 9-13", "sat 09:00-13:00"),
        ("fri-mon 10:00-14:00", "mon 10:00-14:00; fri-sun 10:00-14:00"),
        ("weekdays 8:00–17:00", "mon-fri 08:00-17:00"),
        ("mon-fri 08:00-12:00 13:00-17:00", "mon-fri 08:00-12:00 13:00-17:00"),
        ("mon-fri 8-17 sat 9-13", "mon-fri 08:00-17:00; sat 09:00-13:00"),
        ("fri 18:00-24:00", "fri 18:00-00:00"),
        ("sun noon-8pm", "sun 12:00-20:00"),
        ("mon-fri 8:00-17:00, sat 9-13", "mon-fri 08:00-17:00; sat 09:00-13:00"),
        ("mon 8am-12pm, 1pm-5pm", "mon 08:00-12:00 13:00-17:00"),
        ("Mon-Fri 8:00AM-5:00PM", "mon-fri 08:00-17:00"),
        ("dom, lun 9-13", "mon 09:00-13:00; sun 09:00-13:00"),
        ("mon 8 a.m.-noon, 1 p.m.-5 p.m.", "mon 08:00-12:00 13:00-17:00"),
    ],
)
def test_valid_shifts(text: str, expected: str) -> None:
    assert format_schedule(week(text)) == expected


def test_shift_replaces_only_the_days_it_names() -> None:
    schedule = week("mon-fri 08:00-17:00", "fri 09:00-13:00 14:00-18:00", "wed off")
    assert format_schedule(schedule) == (
        "mon-tue 08:00-17:00; thu 08:00-17:00; fri 09:00-13:00 14:00-18:00"
    )
    assert format_schedule(week("mon-fri 08:00-17:00", "clear")) == "no shifts"
    assert week("sat 9-13", "sat 9-13") == week("sat 9-13")


def test_overnight_and_new_morning_shift_conflict_on_apply() -> None:
    with pytest.raises(GrammarError) as caught:
        week("tue 22:00-06:00", "wed 05:00-09:00")
    assert str(caught.value) == (
        "Your shifts overlap: tue 22:00-06:00 and wed 05:00-09:00. Several shifts a day are fine "
        "when they don't overlap, like `shift mon 08:00-12:00 13:00-17:00`."
    )


DAYS_HINT = "Days look like mon, tue … sun, or a range like mon-fri."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon-fry 08:00-17:00", f"I couldn't read 'mon-fry'. {DAYS_HINT}"),
        ("moon 08:00-17:00", f"I couldn't read 'moon'. {DAYS_HINT}"),
        ("mon--fri 8-17", f"I couldn't read 'mon--fri'. {DAYS_HINT}"),
        (
            "mon-fri 25:00-17:00",
            "I couldn't read the time '25:00'. Times look like 08:00, 17:30 or 8am.",
        ),
        ("mon 13pm-5pm", "I couldn't read the time '13pm'. Times look like 08:00, 17:30 or 8am."),
        ("mon 8:00", "I couldn't read the hours '8:00'. Hours look like 08:00-17:00 or 8am-5pm."),
        (
            "mon 8-12-17",
            "I couldn't read the hours '8-12-17'. Hours look like 08:00-17:00 or 8am-5pm.",
        ),
        (
            "mon-fri 8-5",
            (
                "08:00-05:00 would be a 21-hour shift. "
                "Use 24-hour times like 08:00-17:00, or am/pm like 8am-5pm."
            ),
        ),
        (
            "mon 08:00-08:00",
            (
                "A shift can't start and end at the same time (08:00-08:00). "
                "Give a start and an end, like 08:00-17:00."
            ),
        ),
        ("08:00-17:00", "Start with the days, then the hours, like `shift mon-fri 08:00-17:00`."),
        (
            "mon-fri",
            (
                "Which hours on mon-fri? Put them after the days, like "
                "`shift mon-fri 08:00-17:00`, or `shift mon-fri off` for a day off."
            ),
        ),
        (
            "mon sat 9-13",
            (
                "Which hours on mon? Put them after the days, like `shift mon-fri 08:00-17:00`, "
                "or `shift mon off` for a day off."
            ),
        ),
        ("", "Tell me your days and hours, like `shift mon-fri 08:00-17:00`, or `shift clear`."),
        ("mon 8-12 off", "Put `off` right after the days, like `shift sat off`."),
        (
            "mon 8-12 10-14",
            (
                "Your shifts overlap: mon 08:00-12:00 and mon 10:00-14:00. Several shifts a day "
                "are fine when they don't overlap, like `shift mon 08:00-12:00 13:00-17:00`."
            ),
        ),
    ],
)
def test_invalid_shifts(text: str, message: str) -> None:
    with pytest.raises(GrammarError) as caught:
        parse_shift(text)
    assert str(caught.value) == message


def test_days_and_times() -> None:
    assert parse_days("sat-sun") == (5, 6)
    assert parse_days("sun-mon") == (0, 6)
    assert parse_days("jueves") == (3,)
    assert parse_days("Miércoles,dom") == (2, 6)
    assert parse_time("12am") == time(0) and parse_time("12pm") == time(12)
    assert parse_time("12:30 p.m.") == time(12, 30)
    assert parse_time("17h") == time(17)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90m", 90), ("90 min", 90), ("90", 90), ("1h30", 90), ("1h 30m", 90), ("2h", 120),
     ("2 hours", 120), ("45 minutos", 45), ("1H", 60)],
)  # fmt: skip
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "m", "0m", "9o m", "h30", "1.5h", "25h", "-5m", "1h 2h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(GrammarError) as caught:
        parse_duration(text)
    assert str(caught.value) == (
        f"I couldn't read '{text.strip()}'. Durations look like 90m, 1h30 or 2h."
    )


def test_breaks() -> None:
    assert parse_breaks("every 60m").cadence_minutes == 60
    assert parse_breaks("cada 2h").cadence_minutes == 120
    lunch = parse_breaks("lunch 12:30 45m")
    assert (lunch.lunch, lunch.lunch_minutes) == (time(12, 30), 45)
    assert parse_breaks("lunch 1pm", lunch).lunch_minutes == 45
    assert parse_breaks("lunch off", lunch).lunch is None
    assert not parse_breaks("off").enabled
    assert parse_breaks("ON", BreakPrefs(enabled=False)).enabled
    assert parse_breaks("margin 15m").margin_minutes == 15
    assert parse_breaks("margin 0").margin_minutes == 0
    kept = parse_breaks("every 45m", BreakPrefs(lunch=time(12)))
    assert kept.lunch == time(12) and kept.cadence_minutes == 45


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("every 20m", "Break nudges can come every 30m to every 240m (4h); 20m is out of range. "
                      "Try `breaks every 90m`."),
        ("every 241m", "Break nudges can come every 30m to every 240m (4h); 241m is out of range. "
                       "Try `breaks every 90m`."),
        ("lunch 12:30 3h", "Lunch can last 5m to 2h; 180m is out of range."),
        ("lunch", "I couldn't read 'breaks lunch'. Try `breaks every 90m`, `breaks lunch 12:30 "
                  "30m`, `breaks lunch off`, `breaks off` or `breaks on`."),
        ("sometimes", "I couldn't read 'breaks sometimes'. Try `breaks every 90m`, `breaks lunch "
                      "12:30 30m`, `breaks lunch off`, `breaks off` or `breaks on`."),
        ("lunch 25:00", "I couldn't read the time '25:00'. Times look like 08:00, 17:30 or 8am."),
    ],
)  # fmt: skip
def test_bad_breaks(text: str, message: str) -> None:
    with pytest.raises(GrammarError) as caught:
        parse_breaks(text)
    assert str(caught.value) == message


def test_cadence_edges_through_the_grammar() -> None:
    assert parse_breaks("every 30m").cadence_minutes == 30
    assert parse_breaks("every 4h").cadence_minutes == 240
    for bad in ("every 29m", "every 4h1"):
        with pytest.raises(GrammarError, match="out of range"):
            parse_breaks(bad)


def test_time_zones() -> None:
    assert parse_tz("America/Chicago") == "America/Chicago"
    assert parse_tz(" america/new york ") == "America/New_York"
    assert parse_tz("utc") == "UTC"
    with pytest.raises(GrammarError) as caught:
        parse_tz("America/Chicgo")
    assert str(caught.value) == (
        "I don't know the time zone 'America/Chicgo'. Did you mean America/Chicago? "
        "Time zones look like America/Chicago or Europe/Madrid."
    )
    with pytest.raises(GrammarError, match="Did you mean America/Chicago"):
        parse_tz("chicago")
    with pytest.raises(GrammarError) as caught:
        parse_tz("Mars/Olympus")
    assert str(caught.value) == (
        "I don't know the time zone 'Mars/Olympus'. "
        "Time zones look like America/Chicago or Europe/Madrid."
    )


def test_levels() -> None:
    assert [parse_level(w) for w in ("entry", "Mid", "senior", "intermedio", "Sr")] == [
        "entry", "mid", "senior", "mid", "senior",
    ]  # fmt: skip
    with pytest.raises(GrammarError) as caught:
        parse_level("boss")
    assert str(caught.value) == (
        "I couldn't read the level 'boss'. Levels are entry, mid or senior, like `level mid`."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02", date(2026, 12, 2)),
        ("dec 2", date(2026, 12, 2)),
        ("December 2, 2027", date(2027, 12, 2)),
        ("2 dic", date(2026, 12, 2)),
        ("2 de diciembre de 2026", date(2026, 12, 2)),
        ("jan 5", date(2027, 1, 5)),  # already past this year: next year
        ("nov 27", TODAY),
        ("tomorrow", date(2026, 11, 28)),
        ("mañana", date(2026, 11, 28)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "feb 30", "someday", "", "2026-13-01", "dec"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(GrammarError) as caught:
        parse_date(text, today=TODAY)
    assert str(caught.value) == (
        f"I couldn't read the date '{text}'. Dates look like 2026-12-02 or dec 2."
    )


def test_date_without_year_needs_today() -> None:
    with pytest.raises(GrammarError) as caught:
        parse_date("dec 2")
    assert str(caught.value) == "Which year? Write the date like 2026-12-02."


def test_away() -> None:
    assert parse_away("until 2026-12-02", today=TODAY) == TimeOff(
        start=TODAY, end=date(2026, 12, 2)
    )
    assert parse_away("dec 1 to dec 5", today=TODAY) == TimeOff(
        start=date(2026, 12, 1), end=date(2026, 12, 5)
    )
    with pytest.raises(GrammarError, match="already passed"):
        parse_away("until 2026-11-01", today=TODAY)
    with pytest.raises(GrammarError, match="can't end"):
        parse_away("2026-12-05 to 2026-12-01", today=TODAY)
    with pytest.raises(GrammarError, match="Tell me when you're back"):
        parse_away("soon", today=TODAY)
