"""Parsers for `/balance shift …`, times, days and durations, with messages that say how to fix.

`shift` semantics: a command **replaces** the shifts on the days it names and leaves other days
alone. Several shifts for the same days go in one command (`shift mon-fri 08:00-12:00
13:00-17:00`); several day groups too (`shift mon-fri 08:00-17:00 sat 09:00-13:00`);
`shift sat off` clears Saturday; `shift clear` clears the whole week. Typing the same command
twice gives the same week, and a typo never leaves a half-applied schedule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.schedule.models import (
    DAY_ABBR,
    ScheduleError,
    ShiftRule,
    WeeklySchedule,
    check_overlaps,
)
from bot.schedule.words import CLEAR_WORDS, DAY_GROUPS, DAY_WORDS, OFF_WORDS, fold, tidy

SHIFT_EXAMPLE = "`shift mon-fri 08:00-17:00`"
MAX_SHIFT_HOURS = 16


class GrammarError(ValueError):
    """Input we couldn't read; the message tells the member exactly what to type instead."""


def _day_error(token: str) -> GrammarError:
    return GrammarError(
        f"I couldn't read '{token}'. Days look like mon, tue … sun, or a range like mon-fri."
    )


def _one_day(word: str, token: str) -> int:
    day = DAY_WORDS.get(fold(word))
    if day is None:
        raise _day_error(token)
    return day


def parse_days(text: str) -> tuple[int, ...]:
    """ "mon-fri", "mon,wed,fri", "fri-mon" (wraps), "lun-vie", "weekdays" → sorted weekdays."""
    token = tidy(text)
    days: set[int] = set()
    for part in token.split(","):
        if fold(part) in DAY_GROUPS:
            days.update(DAY_GROUPS[fold(part)])
            continue
        ends = part.split("-")
        if len(ends) > 2 or not all(ends):
            raise _day_error(token)
        first, last = _one_day(ends[0], token), _one_day(ends[-1], token)
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    return tuple(sorted(days))


_TIME = re.compile(r"(\d{1,2})(?:[:.h]?(\d{2}))?h?(am|pm|a\.m\.|p\.m\.)?", re.ASCII)
_NAMED_TIMES = {"noon": time(12), "mediodia": time(12), "midnight": time(0), "medianoche": time(0)}


def _time_error(text: str) -> GrammarError:
    return GrammarError(f"I couldn't read the time '{text}'. Times look like 08:00, 17:30 or 8am.")


def parse_time(text: str) -> time:
    """ "08:00", "8:00", "0800", "17h", "8am", "12:30pm", "noon"; "24:00" means midnight."""
    token = tidy(text)
    if fold(token) in _NAMED_TIMES:
        return _NAMED_TIMES[fold(token)]
    match = _TIME.fullmatch(token)
    if match is None:
        raise _time_error(text.strip())
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            raise _time_error(text.strip())
        hour = hour % 12 + (12 if match[3].startswith("p") else 0)
    if (hour, minute) == (24, 0):
        return time(0)
    if hour > 23 or minute > 59:
        raise _time_error(text.strip())
    return time(hour, minute)


def parse_time_range(text: str) -> tuple[time, time]:
    """ "08:00-17:00", "8am-5pm", "22:00-06:00" (overnight) → (start, end)."""
    token = tidy(text)
    ends = token.split("-")
    if len(ends) != 2 or not all(ends):
        raise GrammarError(
            f"I couldn't read the hours '{token}'. Hours look like 08:00-17:00 or 8am-5pm."
        )
    start, end = parse_time(ends[0]), parse_time(ends[1])
    if start == end:
        raise GrammarError(
            f"A shift can't start and end at the same time ({token}). "
            "Give a start and an end, like 08:00-17:00."
        )
    hours = ((end.hour - start.hour) * 60 + end.minute - start.minute) % (24 * 60) / 60
    if hours > MAX_SHIFT_HOURS:
        # "8-5" almost always means 8am-5pm, not a 21-hour night; ask rather than guess.
        raise GrammarError(
            f"{start:%H:%M}-{end:%H:%M} would be a {hours:g}-hour shift. "
            "Use 24-hour times like 08:00-17:00, or am/pm like 8am-5pm."
        )
    return start, end


@dataclass(frozen=True)
class ShiftUpdate:
    """The parsed `shift` command: `days` get exactly `rules` (none means a day off)."""

    days: frozenset[int]
    rules: tuple[ShiftRule, ...]
    clear_all: bool = False

    def apply(self, schedule: WeeklySchedule) -> WeeklySchedule:
        """The new week; raises GrammarError when the result would have overlapping shifts."""
        if self.clear_all:
            return WeeklySchedule()
        kept = tuple(r for r in schedule.rules if r.weekday not in self.days)
        rules = tuple(sorted(kept + self.rules, key=lambda r: (r.weekday, r.start)))
        try:
            check_overlaps(rules)
        except ScheduleError as exc:
            raise GrammarError(str(exc)) from None
        return WeeklySchedule(rules=rules)


def _close_group(days: tuple[int, ...], ranges: list[tuple[time, time]], label: str) -> None:
    if not ranges:
        raise GrammarError(
            f"Which hours on {label}? Put them after the days, like {SHIFT_EXAMPLE}, "
            f"or `shift {label} off` for a day off."
        )


def parse_shift(text: str) -> ShiftUpdate:
    """Parse the text after `shift` (see the module docstring for the semantics)."""
    tokens = tidy(text).split()
    if not tokens:
        raise GrammarError(f"Tell me your days and hours, like {SHIFT_EXAMPLE}, or `shift clear`.")
    if len(tokens) == 1 and fold(tokens[0]) in CLEAR_WORDS:
        return ShiftUpdate(days=frozenset(range(7)), rules=(), clear_all=True)
    groups: list[tuple[tuple[int, ...], list[tuple[time, time]], str]] = []
    off_days: set[int] = set()
    for token in tokens:
        if token[0].isdigit() or fold(token.split("-")[0]) in _NAMED_TIMES:
            if not groups:
                raise GrammarError(f"Start with the days, then the hours, like {SHIFT_EXAMPLE}.")
            groups[-1][1].append(parse_time_range(token))
        elif fold(token) in OFF_WORDS:
            if not groups or groups[-1][1]:
                raise GrammarError("Put `off` right after the days, like `shift sat off`.")
            off_days.update(groups.pop()[0])
        else:
            if groups:
                _close_group(*groups[-1])
            groups.append((parse_days(token), [], token))
    if groups:
        _close_group(*groups[-1])
    rules = tuple(
        _rule(day, start, end)
        for days, ranges, _ in groups
        for day in days
        for start, end in ranges
    )
    named = off_days.union(*(g[0] for g in groups))
    update = ShiftUpdate(days=frozenset(named), rules=rules)
    update.apply(WeeklySchedule())  # surface overlaps inside the command itself now
    return update


def _rule(day: int, start: time, end: time) -> ShiftRule:
    return ShiftRule(weekday=day, start=start, end=end)


def format_schedule(schedule: WeeklySchedule) -> str:
    """ "mon-fri 08:00-17:00; sat 09:00-13:00" — runs of days with the same hours are joined."""
    hours = [
        " ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in schedule.on_weekday(d)) for d in range(7)
    ]
    parts: list[str] = []
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and hours[last + 1] == hours[day]:
            last += 1
        if hours[day]:
            span = DAY_ABBR[day] if last == day else f"{DAY_ABBR[day]}-{DAY_ABBR[last]}"
            parts.append(f"{span} {hours[day]}")
        day = last + 1
    return "; ".join(parts) or "no shifts"


_DURATION = re.compile(
    r"(?:(\d{1,2})\s*(?:h|hr|hrs|hour|hours|hora|horas))?\s*"
    r"(?:(\d{1,4})\s*(?:m|min|mins|minute|minutes|minuto|minutos)?)?",
    re.ASCII,
)


def parse_duration(text: str) -> int:
    """ "90m", "90 min", "90", "1h30", "1h 30m", "2h" → minutes (1 to 1440)."""
    token = text.strip().casefold()
    match = _DURATION.fullmatch(token)
    minutes = None
    if token and match is not None and (match[1] or match[2]):
        minutes = int(match[1] or 0) * 60 + int(match[2] or 0)
    if minutes is None or not 0 < minutes <= 24 * 60:
        raise GrammarError(
            f"I couldn't read '{text.strip()}'. Durations look like 90m, 1h30 or 2h."
        )
    return minutes
