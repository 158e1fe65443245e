"""Settings form rules: prefilled from the member, read with the `/balance` grammar, every bad
field named at once."""

from __future__ import annotations

from datetime import time

import pytest

from bot.features.settings import service
from bot.features.settings.service import InvalidForm, SettingsForm
from bot.schedule import BreakPrefs, WeeklySchedule, format_schedule, parse_shift, to_json
from bot.store.members import Member


def form(**changes: object) -> SettingsForm:
    values: dict[str, object] = {
        "level": None,
        "shifts": "mon-fri 08:00-17:00",
        "cadence": "90m",
        "lunch": "",
        "lunch_length": "30m",
        "breaks": True,
        "quiet_notices": True,
        "end_of_shift": True,
    }
    values.update(changes)
    return SettingsForm(**values)  # type: ignore[arg-type]


def test_the_form_shows_the_current_settings_and_reads_back_the_same() -> None:
    schedule = parse_shift("mon-fri 08:00-12:00 13:00-17:00 sat 22:00-06:00").apply(
        WeeklySchedule()
    )
    prefs = BreakPrefs(cadence_minutes=75, lunch=time(12, 30), lunch_minutes=45, enabled=False)
    member = Member(
        "T",
        "U",
        level="mid",
        schedule=to_json(schedule),
        break_prefs=to_json(prefs),
        quiet_notices=False,
    )
    shown = service.form_for(member)
    assert shown == SettingsForm(
        level="mid",
        shifts="mon-fri 08:00-12:00 13:00-17:00; sat 22:00-06:00",
        cadence="75m",
        lunch="12:30",
        lunch_length="45m",
        breaks=False,
        quiet_notices=False,
        end_of_shift=True,
    )
    saved = service.validate(shown, prefs)
    assert saved.schedule == schedule and saved.prefs == prefs
    assert saved.changes()["schedule"] == to_json(schedule)


def test_a_new_member_sees_defaults_and_empty_shifts() -> None:
    shown = service.form_for(Member("T", "U"))
    assert (shown.level, shown.shifts, shown.cadence, shown.lunch) == (None, "", "90m", "")
    assert service.validate(shown, BreakPrefs()).changes()["schedule"] is None


@pytest.mark.parametrize(
    ("typed", "week"),
    [
        ("mon-fri 08:00-17:00; sat 09:00-13:00", "mon-fri 08:00-17:00; sat 09:00-13:00"),
        ("Mon - Fri 8am to 5pm\nsat 9-13", "mon-fri 08:00-17:00; sat 09:00-13:00"),
        ("lun-vie 08:00-17:00", "mon-fri 08:00-17:00"),
        ("lun a vie 8 a 17; sáb 9 a 1", "mon-fri 08:00-17:00; sat 09:00-13:00"),
        ("  ", ""),
        ("clear", ""),
    ],
)
def test_the_shifts_field_is_the_whole_week_in_the_shift_grammar(typed: str, week: str) -> None:
    assert format_schedule(service.parse_week(typed)) == week


def test_the_form_shows_spanish_day_names_to_a_spanish_member_and_reads_them_back() -> None:
    schedule = parse_shift("mon-fri 8-5 sat 9-1").apply(WeeklySchedule())
    member = Member("T", "U", lang="es", schedule=to_json(schedule))
    shown = service.form_for(member)
    assert shown.shifts == "lun-vie 08:00-17:00; sáb 09:00-13:00"
    assert service.validate(shown, BreakPrefs(), lang="es").schedule == schedule


def test_every_bad_field_is_named_and_nothing_is_returned() -> None:
    bad = form(
        level="guru", shifts="mon-fri 8-late", cadence="500", lunch="noon-ish", lunch_length="3h"
    )
    with pytest.raises(InvalidForm) as caught:
        service.validate(bad, BreakPrefs())
    problems = caught.value.problems
    assert set(problems) == {"level", "shifts", "cadence", "lunch", "lunch_length"}
    assert problems["shifts"].key == "time.bad"
    assert problems["shifts"].params == {"text": "late"}
    assert (problems["cadence"].key, problems["cadence"].params) == (
        "breaks.cadence_range", {"minutes": 500},
    )  # fmt: skip
    assert problems["lunch"].key == "lunch.bad"
    assert problems["lunch_length"].params == {"minutes": 180}
    assert not service.is_valid(bad)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("shifts", "mon-fri 08:00-17:00 mon 12:00-13:00"),  # overlapping
        ("shifts", "funday 08:00-17:00"),
        ("cadence", "5m"),
        ("cadence", "often"),
        ("lunch", "12:30 30m"),
        ("lunch_length", "2m"),
    ],
)
def test_one_bad_field(field: str, value: str) -> None:
    with pytest.raises(InvalidForm) as caught:
        service.validate(form(**{field: value}), BreakPrefs())
    assert list(caught.value.problems) == [field]


def test_a_good_form_keeps_what_it_does_not_show() -> None:
    current = BreakPrefs(margin_minutes=10, end_delay_minutes=20)
    chosen = service.validate(
        form(
            level="senior",
            cadence="1h 30m",
            lunch="1pm",
            lunch_length="1h",
            breaks=False,
            quiet_notices=False,
            end_of_shift=False,
        ),
        current,
    )
    assert chosen.prefs == BreakPrefs(
        cadence_minutes=90,
        margin_minutes=10,
        end_delay_minutes=20,
        lunch=time(13),
        lunch_minutes=60,
        enabled=False,
    )
    assert chosen.changes() == {
        "level": "senior",
        "schedule": chosen.changes()["schedule"],
        "break_prefs": to_json(chosen.prefs),
        "quiet_notices": False,
        "end_of_shift": False,
        "share_leave": False,
    }
    assert "level" not in service.validate(form(), current).changes()  # unchosen: unchanged
    off = service.validate(form(lunch="off"), BreakPrefs(lunch=time(12)))
    assert off.prefs.lunch is None
