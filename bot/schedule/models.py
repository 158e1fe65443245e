"""Frozen models for a member's weekly shifts, time off and break preferences.

Shifts are wall-clock times in the member's IANA zone; they are turned into real instants only
by `bot.schedule.shifts`, so a DST change or a time-zone override never needs a data migration.
The models serialise to JSON text (the store keeps them as one column) with `to_json`/`from_json`.
"""

from __future__ import annotations

from datetime import date, time
from functools import cache
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import holidays
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
CADENCE_MIN, CADENCE_MAX = 30, 240
DAY_ABBR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Weekday = Annotated[int, Field(ge=0, le=6)]


class ScheduleError(ValueError):
    """A schedule or preference that can't work; the message is meant for the member."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


class ShiftRule(_Frozen):
    """One weekly shift: `weekday` 0=Monday. `end <= start` means it ends the next day."""

    weekday: Weekday
    start: time
    end: time

    @field_validator("start", "end")
    @classmethod
    def _whole_minutes(cls, value: time) -> time:
        # Seconds and tzinfo would make wall-clock rules ambiguous; minutes are enough for shifts.
        return value.replace(second=0, microsecond=0, tzinfo=None)

    @model_validator(mode="after")
    def _not_empty(self) -> ShiftRule:
        if self.start == self.end:
            raise ScheduleError(
                f"A shift can't start and end at the same time ({self.label()}). "
                "Give a start and an end, like 08:00-17:00."
            )
        return self

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    @property
    def duration_minutes(self) -> int:
        """Wall-clock length; the real length can differ by an hour on DST days."""
        return (_minutes(self.end) - _minutes(self.start)) % MINUTES_PER_DAY

    def label(self) -> str:
        return f"{DAY_ABBR[self.weekday]} {self.start:%H:%M}-{self.end:%H:%M}"

    def week_span(self) -> tuple[int, int]:
        """Half-open minutes from Monday 00:00; the end may pass the end of the week."""
        begin = self.weekday * MINUTES_PER_DAY + _minutes(self.start)
        return begin, begin + self.duration_minutes


def _spans_overlap(a: ShiftRule, b: ShiftRule) -> bool:
    a0, a1 = a.week_span()
    b0, b1 = b.week_span()
    # Shift b by a week either way so a Sunday night shift meets Monday morning.
    return any(a0 < b1 + k and b0 + k < a1 for k in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK))


def first_overlap(rules: tuple[ShiftRule, ...]) -> tuple[ShiftRule, ShiftRule] | None:
    """The first two shifts that overlap (overnight ones included), in week order."""
    ordered = sorted(rules, key=lambda r: r.week_span())
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if _spans_overlap(first, second):
                return first, second
    return None


def check_overlaps(rules: tuple[ShiftRule, ...]) -> None:
    """Raise ScheduleError naming the first two shifts that overlap (overnight ones included)."""
    clash = first_overlap(rules)
    if clash is not None:
        first, second = clash
        raise ScheduleError(
            f"Your shifts overlap: {first.label()} and {second.label()}. "
            "Several shifts a day are fine when they don't overlap, "
            "like `shift mon 08:00-12:00 13:00-17:00`."
        )


class WeeklySchedule(_Frozen):
    """A member's repeating week; several shifts per day are allowed if they don't overlap."""

    rules: tuple[ShiftRule, ...] = ()

    @model_validator(mode="after")
    def _no_overlaps(self) -> WeeklySchedule:
        check_overlaps(self.rules)
        return self

    def on_weekday(self, weekday: int) -> tuple[ShiftRule, ...]:
        """The shifts starting on `weekday`, earliest first."""
        return tuple(sorted((r for r in self.rules if r.weekday == weekday), key=lambda r: r.start))


class TimeOff(_Frozen):
    """Leave from `start` to `end`, both days included."""

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> TimeOff:
        if self.end < self.start:
            raise ScheduleError(f"Time off can't end ({self.end}) before it starts ({self.start}).")
        return self

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def check_cadence(minutes: int) -> int:
    if not CADENCE_MIN <= minutes <= CADENCE_MAX:
        raise ScheduleError(
            f"Break nudges can come every {CADENCE_MIN}m to every {CADENCE_MAX}m (4h); "
            f"{minutes}m is out of range. Try `breaks every 90m`."
        )
    return minutes


class BreakPrefs(_Frozen):
    """How often to nudge, the quiet margins at both ends of a shift, and lunch.

    `lunch_gap_minutes`: no break nudge this long after lunch ends (someone just back from
    lunch doesn't need one).
    """

    cadence_minutes: int = 90
    margin_minutes: int = Field(default=30, ge=0, le=120)
    lunch: time | None = None
    lunch_minutes: int = Field(default=30, ge=5, le=120)
    lunch_gap_minutes: int = Field(default=30, ge=0, le=120)
    end_delay_minutes: int = Field(default=5, ge=0, le=60)
    enabled: bool = True

    @field_validator("cadence_minutes")
    @classmethod
    def _cadence(cls, value: int) -> int:
        return check_cadence(value)


@cache
def zone_names() -> frozenset[str]:
    """IANA names known to tzdata; read once, since it walks the zone files."""
    return frozenset(available_timezones())


def check_zone(name: str) -> str:
    if name != "UTC" and name not in zone_names():
        raise ScheduleError(f"Unknown time zone {name!r}; use an IANA name like America/Chicago.")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"Unknown time zone {name!r}.") from exc
    return name


class MemberCalendar(_Frozen):
    """Everything that decides when a member works: zone, week, leave, closures, holidays."""

    tz: str = "UTC"
    schedule: WeeklySchedule = WeeklySchedule()
    time_off: tuple[TimeOff, ...] = ()
    closed_days: frozenset[date] = frozenset()
    holiday_country: str | None = None
    holiday_subdiv: str | None = None

    @field_validator("tz", mode="before")
    @classmethod
    def _tz(cls, value: object) -> object:
        return check_zone(value.key) if isinstance(value, ZoneInfo) else value

    @field_validator("tz")
    @classmethod
    def _tz_known(cls, value: str) -> str:
        return check_zone(value)

    @model_validator(mode="after")
    def _holiday_region(self) -> MemberCalendar:
        if self.holiday_country is None:
            if self.holiday_subdiv is not None:
                raise ScheduleError("A holiday subdivision needs a country, like US and CA.")
            return self
        subdivs = holidays.list_supported_countries().get(self.holiday_country)
        if subdivs is None:
            raise ScheduleError(
                f"No holiday calendar for country {self.holiday_country!r}; "
                "use a two-letter code like US or CA."
            )
        if self.holiday_subdiv is not None and self.holiday_subdiv not in subdivs:
            raise ScheduleError(
                f"{self.holiday_country} has no subdivision {self.holiday_subdiv!r}; "
                f"known ones: {', '.join(subdivs)}."
            )
        return self

    @field_serializer("closed_days")
    def _sorted_days(self, days: frozenset[date]) -> list[date]:
        return sorted(days)  # the same calendar always serialises to the same text

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


M = TypeVar("M", bound=BaseModel)


def to_json(model: BaseModel) -> str:
    """Compact JSON text for the store."""
    return model.model_dump_json()


def from_json(model_type: type[M], text: str) -> M:
    """Parse JSON text written by `to_json` back into `model_type`."""
    return model_type.model_validate_json(text)
