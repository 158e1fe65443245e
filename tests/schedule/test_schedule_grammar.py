"""The `/balance` sub-grammars: what members type, what it means, and which problem is named."""

from __future__ import annotations

from datetime import date, time

import pytest
from blind_meaning import load, report, score
from sched_helpers import week

from bot.schedule import (
    BreakPrefs,
    GrammarError,
    TimeOff,
    WeeklySchedule,
    format_schedule,
    parse_away,
    parse_breaks,
    parse_closed,
    parse_date,
    parse_days,
    parse_duration,
    parse_level,
    parse_shift,
    parse_time,
    parse_zone,
    restore_command,
)
from bot.schedule.grammar_dates import read_date
from bot.schedule.grammar_leave import AWAY_MAX_DAYS

TODAY = date(2026, 11, 27)  # a Friday


def shift_text(text: str, lang: str = "en") -> str:
    return format_schedule(parse_shift(text, lang=lang).apply(WeeklySchedule()))


def problem(call: object, *args: object, **kwargs: object) -> tuple[str, dict[str, object]]:
    with pytest.raises(GrammarError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.key, caught.value.params


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri 08:00-17:00", "mon-fri 08:00-17:00"),
        ("mon,wed,fri 7:30-15:30", "mon 07:30-15:30; wed 07:30-15:30; fri 07:30-15:30"),
        ("tue 22:00-06:00", "tue 22:00-06:00"),
        ("Mon - Fri 8 am to 5 pm", "mon-fri 08:00-17:00"),
        ("mon, wed, fri 0730-1530", "mon 07:30-15:30; wed 07:30-15:30; fri 07:30-15:30"),
        ("lun-vie 8:00 a 17:00", "mon-fri 08:00-17:00"),
        ("mié 9h-13h", "wed 09:00-13:00"),
        ("fri-mon 10:00-14:00", "mon 10:00-14:00; fri-sun 10:00-14:00"),
        ("weekdays 8:00–17:00", "mon-fri 08:00-17:00"),
        ("mon-fri 8-17 sat 9-13", "mon-fri 08:00-17:00; sat 09:00-13:00"),
        ("fri 18:00-24:00", "fri 18:00-00:00"),
        ("sun noon-8pm", "sun 12:00-20:00"),
        ("mon 8am-12pm, 1pm-5pm", "mon 08:00-12:00 13:00-17:00"),
        ("dom, lun 9-13", "mon 09:00-13:00; sun 09:00-13:00"),
        ("mon 8 a.m.-noon, 1 p.m.-5 p.m.", "mon 08:00-12:00 13:00-17:00"),
        # The refused and misread examples.
        ("M-F 8-5", "mon-fri 08:00-17:00"),
        ("weekdays 8-4:30", "mon-fri 08:00-16:30"),
        ("Tu-Th 9-5", "tue-thu 09:00-17:00"),
        ("L-V 8-17", "mon-fri 08:00-17:00"),
        ("mon-fri 8a-5p", "mon-fri 08:00-17:00"),
        ("mon wed fri 9-1", "mon 09:00-13:00; wed 09:00-13:00; fri 09:00-13:00"),
        ("tue/thu 8-12 and 13-17", "tue 08:00-12:00 13:00-17:00; thu 08:00-12:00 13:00-17:00"),
        ("lunes a viernes de 8 a 17", "mon-fri 08:00-17:00"),
        ("every day 9-5", "mon-sun 09:00-17:00"),
        ("sat 9-1", "sat 09:00-13:00"),
        ("sat 10-2", "sat 10:00-14:00"),
        ("sat 12-4", "sat 12:00-16:00"),
        ("sat 1-5", "sat 13:00-17:00"),
        ("sat 2-10", "sat 14:00-22:00"),
        ("tue 8-12 1-5", "tue 08:00-12:00 13:00-17:00"),
        ("mon-fri 8-5", "mon-fri 08:00-17:00"),
        ("mon-fri 8:00-5:00", "mon-fri 08:00-17:00"),
        # Overnight only when said.
        ("fri 10pm-6am", "fri 22:00-06:00"),
        ("fri 22-6", "fri 22:00-06:00"),
        ("sat night 11-7", "sat 23:00-07:00"),
        ("viernes de 10 de la noche a 6 de la mañana", "fri 22:00-06:00"),
        # Hours first, exceptions, timetable letters.
        ("9 to 5 weekdays", "mon-fri 09:00-17:00"),
        ("mon-fri except wed 8-5", "mon-tue 08:00-17:00; thu-fri 08:00-17:00"),
        ("mon-fri 9-6 except fri 9-3", "mon-thu 09:00-18:00; fri 09:00-15:00"),
        ("MWF 7:30-4", "mon 07:30-16:00; wed 07:30-16:00; fri 07:30-16:00"),
        ("LMMJV 8-15", "mon-fri 08:00-15:00"),
    ],
)
def test_valid_shifts(text: str, expected: str) -> None:
    assert shift_text(text) == expected


def test_a_lone_timetable_letter_follows_the_members_language() -> None:
    assert shift_text("M 8-5", "en") == "mon 08:00-17:00"
    assert shift_text("M 8-5", "es") == "tue 08:00-17:00"  # martes
    assert shift_text("M-F 8-5", "es") == "mon-fri 08:00-17:00"  # F is English only
    assert shift_text("L-V 8-5", "en") == "mon-fri 08:00-17:00"  # L is Spanish only
    # A letter for two days is the first after the day before it.
    assert shift_text("MTWTF 8-5") == shift_text("M T W T F 8-5") == "mon-fri 08:00-17:00"
    assert shift_text("L M M J V 8-15", "es") == "mon-fri 08:00-15:00"
    assert shift_text("S-S 9-1") == "sat-sun 09:00-13:00"


def test_shift_replaces_only_the_days_it_names() -> None:
    schedule = week("mon-fri 08:00-17:00", "fri 09:00-13:00 14:00-18:00", "wed off")
    assert format_schedule(schedule) == (
        "mon-tue 08:00-17:00; thu 08:00-17:00; fri 09:00-13:00 14:00-18:00"
    )
    assert week("mon-fri 08:00-17:00", "clear").rules == ()
    assert week("sat 9-13", "sat 9-13") == week("sat 9-13")
    assert format_schedule(week("mon-fri 9-5", "weekends off")) == "mon-fri 09:00-17:00"


def test_the_week_reads_back_in_either_language_and_restores_exactly() -> None:
    before = week("mon-fri 8-5", "sat 22:00-06:00")
    for lang in ("en", "es"):
        assert week(format_schedule(before, lang)) == before
    assert format_schedule(before, "es") == "lun-vie 08:00-17:00; sáb 22:00-06:00"
    update = parse_shift("sat 9-1, sun 10-2, mon off")
    after = update.apply(before)
    undo = restore_command(before, update.days).removeprefix("shift ")
    assert parse_shift(undo).apply(after) == before
    assert restore_command(WeeklySchedule(), update.days) == "shift clear"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("mon-fry 08:00-17:00", "shift.unknown_word"),
        ("moon 08:00-17:00", "shift.unknown_word"),
        ("mon-fri 25:00-17:00", "time.bad"),
        ("mon 13pm-5pm", "time.bad"),
        ("mon 8:00", "range.bad"),
        ("mon-fri 08:00-05:00", "range.too_long"),
        ("mon 08:00-08:00", "range.same"),
        ("wed 8:00-8:00", "range.same"),
        ("08:00-17:00", "shift.no_days"),
        ("mon-fri", "shift.no_hours"),
        ("", "shift.empty"),
        ("mon 8-12 off", "shift.off_misplaced"),
        ("mon 8-12 10-14", "shift.overlap"),
        ("mon 5-9", "range.ambiguous"),
        ("mon 4-12", "range.ambiguous"),
    ],
)
def test_invalid_shifts_name_the_problem(text: str, key: str) -> None:
    assert problem(parse_shift, text)[0] == key


def test_problems_carry_what_the_message_needs() -> None:
    assert problem(parse_shift, "mon-fri 08:00-05:00")[1] == {
        "start": time(8), "end": time(5), "hours": 21.0,
    }  # fmt: skip
    key, params = problem(parse_shift, "mon 5-9")
    assert (params["first_start"], params["second_start"]) == (time(17), time(5))
    assert problem(parse_shift, "mon 9-13 sat")[1] == {"days": (5,)}
    assert shift_text("mon sat 9-13") == "mon 09:00-13:00; sat 09:00-13:00"  # a list of days


def test_days_and_times() -> None:
    assert parse_days("sat-sun") == (5, 6)
    assert parse_days("sun-mon") == (0, 6)
    assert parse_days("jueves") == (3,)
    assert parse_days("Miércoles,dom") == (2, 6)
    assert parse_time("12am") == time(0) and parse_time("12pm") == time(12)
    assert parse_time("12:30 p.m.") == time(12, 30)
    assert parse_time("17h") == time(17)
    assert problem(parse_days, "mon-fry")[0] == "shift.bad_days"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90m", 90), ("90 min", 90), ("90", 90), ("1h30", 90), ("1h 30m", 90), ("2h", 120),
     ("2 hours", 120), ("45 minutos", 45), ("1H", 60), ("1.5h", 90), ("an hour and a half", 90),
     ("hora y media", 90), ("media hora", 30), ("1 1/2 hours", 90), ("dos horas", 120)],
)  # fmt: skip
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "m", "0m", "9o m", "h30", "25h", "-5m", "1h 2h", "soon"])
def test_bad_durations(text: str) -> None:
    assert problem(parse_duration, text)[0] == "duration.bad"


def test_breaks() -> None:
    assert parse_breaks("every 60m").cadence_minutes == 60
    assert parse_breaks("cada 2h").cadence_minutes == 120
    assert parse_breaks("every hour").cadence_minutes == 60
    assert parse_breaks("cada hora y media").cadence_minutes == 90
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
    both = parse_breaks("every hour, lunch 12-1")
    assert (both.cadence_minutes, both.lunch, both.lunch_minutes) == (60, time(12), 60)


def test_a_bare_lunch_hour_is_read_against_the_shifts() -> None:
    assert parse_breaks("lunch 1").lunch == time(13)  # issue 15: not 01:00
    nights = week("mon-fri 22:00-06:00")
    assert parse_breaks("lunch 1", schedule=nights).lunch == time(1)
    assert parse_breaks("lunch 12-1").lunch_minutes == 60
    assert problem(parse_breaks, "lunch 6")[0] == "lunch.ambiguous"
    assert parse_breaks("lunch 6", schedule=week("sat 14:00-22:00")).lunch == time(18)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("every 20m", "breaks.cadence_range"),
        ("every 241m", "breaks.cadence_range"),
        ("every 4h1", "breaks.cadence_range"),
        ("lunch 12:30 3h", "lunch.length_range"),
        ("lunch", "lunch.when"),
        ("sometimes", "breaks.unknown"),
        ("lunch 25:00", "time.bad"),
        ("lunch 12:30 for soon", "lunch.bad"),
        ("lunch a las 26", "time.bad"),
        ("margin 3h", "breaks.margin_range"),
    ],
)
def test_bad_breaks(text: str, key: str) -> None:
    assert problem(parse_breaks, text)[0] == key


def test_cadence_edges_through_the_grammar() -> None:
    assert parse_breaks("every 30m").cadence_minutes == 30
    assert parse_breaks("every 4h").cadence_minutes == 240


def test_time_zones_are_the_zones_people_mean() -> None:
    assert parse_zone("America/Chicago").zone == "America/Chicago"
    assert parse_zone(" america/new york ").zone == "America/New_York"
    assert parse_zone("utc").zone == "UTC"
    # Issue 15 bug 7: abbreviations mean the zone with daylight saving, said back as such.
    assert parse_zone("EST").zone == "America/New_York"
    assert parse_zone("CST").zone == "America/Chicago"
    assert parse_zone("MST").zone == "America/Denver"
    assert parse_zone("MST").note == "zone.note_arizona"
    assert parse_zone("PST").zone == "America/Los_Angeles"
    assert parse_zone("GMT").zone == "Europe/London"
    assert parse_zone("GMT").note == "zone.note_gmt"
    # An offset stays the fixed offset it names, and says so.
    assert parse_zone("UTC-6").zone == "Etc/GMT+6"
    assert parse_zone("UTC-6").note == "zone.note_offset"
    # A city alone when only one zone has it, in English or Spanish.
    assert parse_zone("Chicago").zone == "America/Chicago"
    assert parse_zone("Ciudad de México").zone == "America/Mexico_City"
    assert parse_zone("Nueva York").zone == "America/New_York"
    assert parse_zone("US/Central").zone == "America/Chicago"


def test_unknown_zones_get_suggestions_never_a_guess() -> None:
    assert problem(parse_zone, "America/Chicgo") == (
        "zone.unknown", {"text": "America/Chicgo", "ideas": ("America/Chicago",)},
    )  # fmt: skip
    assert problem(parse_zone, "Mars/Olympus")[1]["ideas"] == ()
    assert problem(parse_zone, "IST")[0] == "zone.ambiguous"
    assert problem(parse_zone, "Mexico")[1]["ideas"][0] == "America/Mexico_City"  # type: ignore[index]
    assert problem(parse_zone, "UTC+5:30")[0] == "zone.offset_unsupported"


def test_levels() -> None:
    assert [parse_level(w) for w in ("entry", "Mid", "senior", "intermedio", "Sr")] == [
        "entry", "mid", "senior", "mid", "senior",
    ]  # fmt: skip
    assert problem(parse_level, "boss") == ("level.bad", {"text": "boss"})


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("2026-12-02", "en", date(2026, 12, 2)),
        ("dec 2", "en", date(2026, 12, 2)),
        ("December 2, 2027", "en", date(2027, 12, 2)),
        ("2 dic", "es", date(2026, 12, 2)),
        ("2 de diciembre de 2026", "es", date(2026, 12, 2)),
        ("jan 5", "en", date(2027, 1, 5)),  # nearest to today: next January
        ("nov 27", "en", TODAY),
        ("tomorrow", "en", date(2026, 11, 28)),
        ("mañana", "es", date(2026, 11, 28)),
        ("12/10", "en", date(2026, 12, 10)),  # month first in English
        ("10/12", "es", date(2026, 12, 10)),  # day first in Spanish
        ("December 10th", "en", date(2026, 12, 10)),
        ("friday", "en", date(2026, 12, 4)),  # typed on a Friday: next week's
        ("next wednesday", "en", date(2026, 12, 2)),
        ("el próximo lunes", "es", date(2026, 11, 30)),
        ("the 10th", "en", date(2026, 12, 10)),
        ("mar 1", "en", date(2027, 3, 1)),  # March, not "Tuesday the 1st"
    ],
)
def test_dates(text: str, lang: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, lang=lang) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "feb 30", "someday", "", "2026-13-01", "dec"])
def test_bad_dates(text: str) -> None:
    assert problem(parse_date, text, today=TODAY)[0] == "date.bad"


def test_a_day_name_must_match_the_date() -> None:
    assert read_date("friday dec 4", today=TODAY) == date(2026, 12, 4)
    assert problem(read_date, "thursday dec 4", today=TODAY)[0] == "date.weekday_mismatch"


def test_away() -> None:
    assert parse_away("until 2026-12-02", today=TODAY) == TimeOff(
        start=TODAY, end=date(2026, 12, 2)
    )
    assert parse_away("dec 1 to dec 5", today=TODAY) == TimeOff(
        start=date(2026, 12, 1), end=date(2026, 12, 5)
    )
    assert parse_away("dec 14-18", today=TODAY) == TimeOff(
        start=date(2026, 12, 14), end=date(2026, 12, 18)
    )
    assert parse_away("del 14 al 18 de diciembre", today=TODAY, lang="es").end == date(2026, 12, 18)
    assert parse_away("for 2 weeks", today=TODAY).end == date(2026, 12, 10)
    assert parse_away("back monday", today=TODAY).end == date(2026, 11, 29)
    assert problem(parse_away, "2026-12-05 to 2026-12-01", today=TODAY)[0] == "away.order"
    assert problem(parse_away, "soon", today=TODAY)[0] == "away.what"
    assert problem(parse_away, "from dec 14", today=TODAY)[0] == "away.need_end"


def test_away_dates_that_just_passed_are_refused_not_moved_to_next_year() -> None:
    # Issue 15 bug 7: `away until dec 2` typed on Dec 3 silently meant next year.
    key, params = problem(parse_away, "until dec 2", today=date(2026, 12, 3))
    assert key == "date.passed"
    assert params == {"date": date(2026, 12, 2), "next": "2027-12-02"}
    assert problem(parse_away, "until 2026-11-01", today=TODAY)[0] == "date.passed"


def test_time_off_ends_at_most_a_year_ahead() -> None:
    # Issue 15 bug 1's input: 9999-12-31 was accepted and stopped the planning pass.
    key, params = problem(parse_away, "until 9999-12-31", today=TODAY)
    assert key == "away.too_far" and params["limit"] == date(2027, 11, 27)
    assert AWAY_MAX_DAYS == 365
    assert parse_away("until 2027-11-27", today=TODAY).end == date(2027, 11, 27)
    assert problem(parse_away, "until 2027-11-28", today=TODAY)[0] == "away.too_far"


def test_closed_days() -> None:
    assert parse_closed("dec 24, 25 and 31", today=TODAY) == (
        date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31),
    )  # fmt: skip
    assert parse_closed("24 y 31 de diciembre", today=TODAY, lang="es") == (
        date(2026, 12, 24), date(2026, 12, 31),
    )  # fmt: skip
    assert len(parse_closed("dec 24-26", today=TODAY)) == 3
    assert parse_closed("2026-12-24 2027-01-01", today=TODAY)[-1] == date(2027, 1, 1)
    assert problem(parse_closed, "2020-01-01", today=TODAY)[0] == "date.passed"  # bug 7
    assert parse_closed("2020-01-01", today=TODAY, removing=True) == (date(2020, 1, 1),)
    assert problem(parse_closed, "2029-01-01", today=TODAY)[0] == "closed.too_far"
    assert problem(parse_closed, "dec 1 - mar 1", today=TODAY)[0] == "closed.range"


def test_own_phrasings_beyond_the_blind_corpus() -> None:
    """Categories the blind corpus doesn't reach, written with the parser in view."""
    from pathlib import Path

    outcomes = score(load(Path(__file__).parent / "own_phrasings.yaml"))
    assert [o for o in outcomes if not o.correct] == [], report(outcomes)
    assert len(outcomes) > 300


def test_grammar_errors_survive_a_round_trip_through_pickle() -> None:
    import pickle

    error = GrammarError("date.passed", date=date(2026, 12, 2), next="2027-12-02")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.key, copy.params) == (error.key, error.params)
