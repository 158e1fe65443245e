"""The planner's public entry point (`bot.schedule.plan.plan_nudges`): plain inputs in, the
nudges the bot would send out — the same code the planning pass runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.schedule.plan import Nudge, plan_nudges

CHICAGO = ZoneInfo("America/Chicago")
MON = date(2026, 11, 30)
WEEKDAYS = [(d, "08:00", "17:00") for d in range(5)]


def local(day: date, hhmm: str) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=CHICAGO)


def day_plan(**kwargs: object) -> list[tuple[str, str]]:
    defaults: dict[str, object] = {
        "start": local(MON, "00:00"),
        "end": local(MON + timedelta(days=1), "00:00"),
        "now": local(MON, "00:00"),
    }
    nudges = plan_nudges("America/Chicago", WEEKDAYS, **{**defaults, **kwargs})  # type: ignore[arg-type]
    return [(f"{n.at.astimezone(CHICAGO):%H:%M}", n.kind) for n in nudges]


def test_a_default_day() -> None:
    nudges = plan_nudges(
        "America/Chicago", WEEKDAYS, start=local(MON, "00:00"), end=local(MON, "23:59"),
        now=local(MON, "00:00"), lunch="12:00",
    )  # fmt: skip
    assert all(isinstance(n, Nudge) and n.at.tzinfo is UTC and n.shift_date == MON for n in nudges)
    assert [(f"{n.at.astimezone(CHICAGO):%H:%M}", n.kind) for n in nudges] == [
        ("09:30", "break"), ("11:00", "break"), ("12:00", "lunch"), ("14:00", "break"),
        ("15:30", "break"), ("17:05", "end_of_shift"),
    ]  # fmt: skip


def test_nothing_before_the_settings_were_saved() -> None:
    assert day_plan(now=local(MON, "11:30"))[0] == ("12:30", "break")
    # Saved at 17:02: the shift had ended, so no end-of-shift message at 17:05 either.
    assert day_plan(now=local(MON, "17:02")) == []
    assert day_plan(now=local(MON, "16:59"))[-1] == ("17:05", "end_of_shift")


def test_stagger_moves_breaks_only_and_switches() -> None:
    staggered = day_plan(lunch="12:00", stagger_seconds=240)
    assert staggered == [
        ("09:34", "break"), ("11:04", "break"), ("12:00", "lunch"), ("14:04", "break"),
        ("15:34", "break"), ("17:05", "end_of_shift"),
    ]  # fmt: skip
    assert day_plan(breaks=False) == [("17:05", "end_of_shift")]
    assert ("17:05", "end_of_shift") not in day_plan(end_of_shift=False)


def test_days_off_and_time_objects() -> None:
    assert day_plan(leave=[(MON, MON)]) == []
    assert day_plan(closed_days=[MON]) == []
    christmas = date(2026, 12, 25)
    assert (
        plan_nudges("America/Chicago", [(4, time(8), time(17))], start=local(christmas, "00:00"),
                    end=local(christmas, "23:59"), now=local(MON, "00:00"),
                    holidays_country="US")
        == []
    )  # fmt: skip


@pytest.mark.parametrize(
    "bad",
    [
        {"zone": "Mars/Olympus"},
        {"shifts": [(0, "08:00", "12:00"), (0, "11:00", "15:00")]},
        {"shifts": [(0, "08:00", "08:00")]},
        {"shifts": [(7, "08:00", "12:00")]},
        {"shifts": [(0, "8am", "12:00")]},
        {"cadence_minutes": 10},
        {"lunch_gap_minutes": 500},
        {"stagger_seconds": 300},
        {"start": datetime(2026, 11, 30, 8, 0)},  # noqa: DTZ001 - naive on purpose
        {"end": local(MON, "00:00") - timedelta(days=1)},
        {"holidays_country": "XX"},
    ],
)
def test_what_the_bot_refuses_raises_value_error(bad: dict[str, object]) -> None:
    values: dict[str, object] = {
        "zone": "America/Chicago",
        "shifts": WEEKDAYS,
        "start": local(MON, "00:00"),
        "end": local(MON, "23:00"),
        "now": local(MON, "00:00"),
        **bad,
    }
    with pytest.raises(ValueError):
        plan_nudges(**values)  # type: ignore[arg-type]
