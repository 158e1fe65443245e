"""Times of day, hour ranges and durations as people type them, and the grammar's error type.

A bare hour from 1 to 12 ("9", "5:30") says nothing about morning or afternoon. A range of
them is read the way a front desk means it: the reading that fits a working day (`9-1` →
09:00-13:00, `1-5` → 13:00-17:00, `2-10` → 14:00-22:00). Overnight only when the member says
so (`22:00-06:00`, `10pm-6am`, or the word "night"). When two readings fit about equally well
(`5-9`), we ask rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from bot.schedule.words import NUMBER_WORDS, fold, tokens

MAX_SHIFT_HOURS = 16
DAY = 24 * 60


class GrammarError(ValueError):
    """Input we couldn't read. `key` names a catalog string (`grammar.<key>`) that tells the
    member what to type instead; `params` fill it (dates, times and shifts are formatted in the
    member's language when the message is shown)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __reduce__(self) -> tuple[Any, ...]:  # picklable, like any exception
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: dict[str, Any]) -> GrammarError:
    return GrammarError(key, **params)


@dataclass(frozen=True)
class Clock:
    """One typed time: its possible readings (minutes after midnight) and whether the member
    pinned it down (am/pm, 24-hour style such as 17:00 or 08:00, or a word like noon)."""

    text: str
    readings: tuple[int, ...]
    explicit: bool

    @property
    def minutes(self) -> int:
        return self.readings[0]


_CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:(?P<sep>[:.h])(?P<m>\d{2}))?(?P<suffix>h|hrs|hr|hs)?(?P<mer>am|pm)?"
)
_MILITARY = re.compile(r"(?P<h>\d{2})(?P<m>\d{2})(?P<suffix>h|hrs|hr|hs)?")
_NAMED = {"noon": 12 * 60, "midnight": 0}


def clock(token: str, meridiem: str | None = None) -> Clock | None:
    """A time token ("8", "8am", "17:30", "0830", "8h30", "noon") → its readings, else None."""
    if token in _NAMED:
        return Clock(token, (_NAMED[token],), True)
    match = _CLOCK.fullmatch(token)
    military = None if match else _MILITARY.fullmatch(token)
    found = match or military
    if found is None:
        return None
    parts = found.groupdict()
    hour, minute = int(parts["h"]), int(parts.get("m") or 0)
    mer = parts.get("mer") or meridiem
    if minute > 59:
        return None
    if mer:
        if not 1 <= hour <= 12:
            return None
        return Clock(token, ((hour % 12 + (12 if mer == "pm" else 0)) * 60 + minute,), True)
    if (hour, minute) == (24, 0):
        return Clock(token, (0,), True)
    if hour > 23:
        return None
    # 24-hour style: 13-23, 0, a leading zero ("08:00"), "17h", "8h30" or four digits ("0830").
    explicit = hour == 0 or hour > 12 or parts["h"].startswith("0") or bool(parts.get("suffix"))
    if explicit or military is not None or parts.get("sep") == "h":
        return Clock(token, (hour * 60 + minute,), True)
    morning = (hour % 12) * 60 + minute if hour != 12 else 12 * 60 + minute
    evening = (morning + 12 * 60) % DAY
    return Clock(token, (morning, evening), False)


def parse_time(text: str) -> time:
    """One unambiguous-enough time: "08:00", "8am", "17h", "noon"; a bare "8" is 08:00."""
    parts = tokens(text)
    mer = parts[1] if len(parts) == 2 and parts[1] in ("am", "pm") else None
    found = clock(parts[0], mer) if parts and len(parts) <= (2 if mer else 1) else None
    if found is None:
        raise GrammarError("time.bad", text=text.strip())
    return minutes_to_time(found.minutes)


def minutes_to_time(minutes: int) -> time:
    return time((minutes // 60) % 24, minutes % 60)


@dataclass(frozen=True)
class Reading:
    start: int
    end: int
    cost: float = field(default=0.0, compare=False)

    @property
    def length(self) -> int:
        return (self.end - self.start) % DAY

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start and self.end != 0


def _day_cost(r: Reading, start_fixed: bool = False, end_fixed: bool = False) -> float:
    """How badly a reading fits a front-desk working day (0 = a normal day shift). An end the
    member pinned down ("02:30", "10pm") costs nothing: only our guesses are judged."""
    end = r.start + r.length
    cost = 0.0
    if not start_fixed:
        cost += max(0, 6 * 60 - r.start) / 60  # starting before 06:00
        cost += max(0, r.start - 14 * 60) / 60 * 0.25  # later starts are less usual
    if not end_fixed:
        cost += max(0, end - 22 * 60) / 60  # ending after 22:00
    cost += max(0, r.length - 12 * 60) / 60 * 0.5  # very long days
    return cost


def _night_cost(r: Reading) -> float:
    return 0.0 if r.crosses_midnight or r.start >= 18 * 60 else 3.0


AMBIGUITY_MARGIN = 0.75
WORST_FIT = 3.0


def read_range(start: Clock, end: Clock, *, text: str, night: bool = False) -> tuple[time, time]:
    """The range as meant (see the module docstring); GrammarError when it can't be a shift."""
    readings = [Reading(s, e) for s in start.readings for e in end.readings if (e - s) % DAY]
    if not readings or start.readings == end.readings:  # "8:00-8:00" is no shift either way
        raise GrammarError("range.same", text=text)
    if start.explicit and end.explicit:
        [only] = readings
        if only.length > MAX_SHIFT_HOURS * 60:
            raise GrammarError(
                "range.too_long",
                start=minutes_to_time(only.start),
                end=minutes_to_time(only.end),
                hours=round(only.length / 60, 1),
            )
        return minutes_to_time(only.start), minutes_to_time(only.end)
    fitting = [r for r in readings if r.length <= MAX_SHIFT_HOURS * 60]
    daytime = [r for r in fitting if not r.crosses_midnight]
    if night:
        pool = sorted(
            (Reading(r.start, r.end, _night_cost(r) + r.length / DAY) for r in fitting),
            key=lambda r: r.cost,
        )
    elif daytime:
        pool = sorted(
            (Reading(r.start, r.end, _day_cost(r, start.explicit, end.explicit)) for r in daytime),
            key=lambda r: (r.cost, abs(r.start - 8 * 60)),
        )
    else:
        # Only overnight readings fit: fine when the member pinned one end ("10pm-6").
        pool = sorted(fitting, key=lambda r: r.length) if start.explicit or end.explicit else []
    if not pool or pool[0].cost > WORST_FIT:
        raise GrammarError("range.ambiguous_none", text=text)
    best = pool[0]
    if (
        len(pool) > 1
        and pool[1].cost - best.cost < AMBIGUITY_MARGIN
        and not (start.explicit or end.explicit)
    ):
        other = pool[1]
        raise GrammarError(
            "range.ambiguous",
            text=text,
            first_start=minutes_to_time(best.start),
            first_end=minutes_to_time(best.end),
            second_start=minutes_to_time(other.start),
            second_end=minutes_to_time(other.end),
        )
    return minutes_to_time(best.start), minutes_to_time(best.end)


def parse_time_range(text: str) -> tuple[time, time]:
    """ "08:00-17:00", "8am-5pm", "9-1" (09:00-13:00), "22:00-06:00" → (start, end)."""
    parts = [p for p in tokens(text) if p not in ("-", "to", "a", "until", "till", "hasta")]
    if len(parts) != 2:
        raise GrammarError("range.bad", text=text.strip())
    first, second = clock(parts[0]), clock(parts[1])
    if first is None or second is None:
        raise GrammarError("range.bad", text=text.strip())
    return read_range(first, second, text=text.strip())


# -- durations ---------------------------------------------------------------------------------

_HOUR_UNITS = frozenset({"h", "hr", "hrs", "hs", "hour", "hours", "hora", "horas"})
_MINUTE_UNITS = frozenset({"m", "min", "mins", "minute", "minutes", "minuto", "minutos"})
_NUMBER_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)(h|hr|hrs|hs|m|min|mins)?")
_HM = re.compile(r"(\d{1,2})[:h](\d{2})(?:m|min)?")


def duration_tokens(parts: list[str]) -> int | None:
    """Minutes in tokens like ["1.5h"], ["90", "minutes"], ["an", "hour"], ["1h30"],
    ["2", "hours", "30", "min"], ["90min"]; None when they are not one duration."""
    total = 0.0
    pending: float | None = None
    seen = False
    units: list[str] = []  # hours then minutes, each once ("1h 2h" is not a duration)
    for raw in parts:
        word = fold(raw)
        if word in ("and", "y", "with", "con"):
            continue
        if word in ("half", "media", "medio"):
            total += 30 if pending is None else pending * 60 + 30
            pending, seen = None, True
            continue
        if hm := _HM.fullmatch(word):
            total += int(hm[1]) * 60 + int(hm[2])
            seen = True
            continue
        if word in NUMBER_WORDS:
            if pending is not None:
                return None
            pending = NUMBER_WORDS[word]
            continue
        if word in _HOUR_UNITS or word in _MINUTE_UNITS:
            units.append("h" if word in _HOUR_UNITS else "m")
            if pending is None:
                if word not in ("hour", "hora"):
                    return None
                pending = 1
            total += pending * (60 if word in _HOUR_UNITS else 1)
            pending, seen = None, True
            continue
        match = _NUMBER_UNIT.fullmatch(word)
        if match is None or pending is not None:
            return None
        value = float(match[1].replace(",", "."))
        if match[2]:
            units.append("h" if match[2] in _HOUR_UNITS else "m")
            total += value * (60 if match[2] in _HOUR_UNITS else 1)
            seen = True
        else:
            pending = value
    if pending is not None:
        if seen:  # "1h 30": the rest are minutes
            total += pending
        else:
            total += pending  # a bare number is minutes ("90")
        seen = True
    if not seen or total != int(total) or total <= 0 or units not in ([], ["h"], ["m"], ["h", "m"]):
        return None
    return int(total)


def parse_duration(text: str) -> int:
    """ "90m", "90 min", "90", "1h30", "1.5h", "an hour and a half", "media hora" → minutes."""
    minutes = duration_tokens(tokens(text))
    if minutes is None or not 0 < minutes <= DAY:
        raise GrammarError("duration.bad", text=text.strip())
    return minutes
