"""Parser for `/balance shift …`: days and hours as people type them, in English and Spanish.

`shift` semantics: a command **replaces** the shifts on the days it names and leaves other days
alone. Several shifts for the same days go in one command (`shift mon-fri 8-12 1-5`); several
day groups too (`shift M-F 8-5, Sat 9-1`); hours may come first (`shift 9-5 weekdays`);
`shift sat off` clears Saturday; `shift clear` clears the whole week. Typing the same command
twice gives the same week, and a typo never leaves a half-applied schedule.

Days: names and abbreviations in both languages ("mon", "Tues.", "miércoles"), ranges that may
wrap ("fri-mon", "lunes a viernes"), lists ("mon wed fri", "tue/thu", "lun, mié y vie"),
groups ("weekdays", "every day", "entre semana"), timetable letters ("M-F", "MWF", "TTh", "L-V")
and exceptions ("mon-fri except wed"). Hours: see `grammar_times` for how bare hours are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from bot.schedule.grammar_times import Clock, GrammarError, clock, read_range
from bot.schedule.models import DAY_ABBR, ShiftRule, WeeklySchedule, first_overlap
from bot.schedule.words import (
    ALL_DAYS,
    CLEAR_WORDS,
    DAY_GROUPS,
    DAY_WORDS,
    EXCEPT_WORDS,
    FROM_WORDS,
    LETTERS_EN,
    LETTERS_ES,
    LIST_WORDS,
    NIGHT_WORDS,
    OFF_WORDS,
    ONLY_EN_LETTERS,
    ONLY_ES_LETTERS,
    RANGE_WORDS,
    tokens,
    word_set,
)

DAY_ABBR_ES = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
_FILLERS = word_set(
    "on the at el los las la every each cada i im my mi mis work works working "
    "trabajo trabajar shift shifts turno turnos hours hour hrs hr horas horario "
    "schedule only solo solamente is are es son all todo todos todas everything "
    "week semana semanal weekly usually normalmente en in a por"
)
_LIST_MARKS = frozenset({",", "/", "&", "+", ";", "@"}) | LIST_WORDS
_RANGE_MARKS = frozenset({"-"}) | RANGE_WORDS


def _letters(
    word: str, table: dict[str, tuple[int, ...]], after: int = -1
) -> tuple[int, ...] | None:
    """ "mwf" → (0, 2, 4); "mtwtf" → Monday-Friday; "lmmjv" → lunes-viernes. `after` is the
    day just before this word (for a lone "T" after "W")."""
    out: list[int] = []
    i = 0
    while i < len(word):
        two = word[i : i + 2]
        code = two if len(two) == 2 and two in table else word[i]
        if code not in table:
            return None
        options = table[code]
        last = out[-1] if out else after
        out.append(next((d for d in options if d > last), options[0]))
        i += len(code)
    return tuple(out) if len(set(out)) == len(out) else None


def _letters_lang(words: list[str], lang: str) -> dict[str, tuple[int, ...]]:
    known = _FILLERS | _LIST_MARKS | _RANGE_MARKS | FROM_WORDS | OFF_WORDS | NIGHT_WORDS
    coded = [
        w
        for w in words
        if w.isalpha()
        and w not in DAY_WORDS
        and w not in known
        and len(w) <= 7
        and (_letters(w, LETTERS_EN) or _letters(w, LETTERS_ES))
    ]
    if any(set(w) & ONLY_EN_LETTERS for w in coded) or "th" in coded or "tu" in coded:
        return LETTERS_EN
    if any(set(w) & ONLY_ES_LETTERS for w in coded):
        return LETTERS_ES
    return LETTERS_ES if lang == "es" else LETTERS_EN


def _day_word(
    word: str, letters: dict[str, tuple[int, ...]], after: int = -1
) -> tuple[int, ...] | None:
    word = word.rstrip(".")
    if word in DAY_WORDS:
        return (DAY_WORDS[word],)
    if word in DAY_GROUPS:
        return DAY_GROUPS[word]
    if word.isalpha() and len(word) <= 7:
        return _letters(word, letters, after)
    return None


@dataclass
class _Group:
    days: set[int]
    ranges: list[tuple[Clock, Clock, str]] = field(default_factory=list)
    off: bool = False
    night: bool = False


@dataclass
class _Reader:
    """Walks the tokens once, collecting day groups and their hour ranges."""

    words: list[str]
    letters: dict[str, tuple[int, ...]]
    pos: int = 0
    groups: list[_Group] = field(default_factory=list)
    pending: list[tuple[Clock, Clock, str]] = field(default_factory=list)
    pending_off: bool = False
    pending_night: bool = False
    carve: bool = False
    current: _Group | None = None

    def peek(self, ahead: int = 0) -> str | None:
        at = self.pos + ahead
        return self.words[at] if at < len(self.words) else None

    def days_at(self, ahead: int = 0, after: int = -1) -> tuple[int, ...] | None:
        word = self.peek(ahead)
        return _day_word(word, self.letters, after) if word is not None else None

    def read_days(self) -> set[int]:
        """A day expression: names, ranges, lists and exceptions."""
        chosen: set[int] = set()
        removing = False
        last: tuple[int, ...] | None = None
        while True:
            before = last[-1] if last else -1
            days = self.days_at(after=before)
            if days is not None:
                self.pos += 1
                end = self.days_at(1, after=days[-1]) if self.peek() in _RANGE_MARKS else None
                if end is not None:
                    self.pos += 2
                    if len(days) != 1 or len(end) != 1:
                        raise GrammarError("shift.bad_days", text=" ".join(self.words))
                    days = tuple((days[0] + i) % 7 for i in range((end[0] - days[0]) % 7 + 1))
                (chosen.difference_update if removing else chosen.update)(days)
                last = days
                continue
            word = self.peek()
            if word in EXCEPT_WORDS and last is not None:
                ahead = 1
                while self.peek(ahead) in EXCEPT_WORDS:  # "but not"
                    ahead += 1
                if self.days_at(ahead) is not None:
                    removing = True
                    self.pos += ahead
                    continue
            joins = word in _LIST_MARKS or word in FROM_WORDS or word in ("the", "los", "el")
            if joins and self._days_follow():
                self.pos += 1
                continue
            return chosen

    def _days_follow(self) -> bool:
        ahead = 1
        while self.peek(ahead) in ("the", "los", "el", "las"):
            ahead += 1
        return self.days_at(ahead) is not None

    def read_range(self) -> tuple[Clock, Clock, str]:
        first_word = self.peek() or ""
        start = self.read_clock()
        if self.peek() not in _RANGE_MARKS:
            raise GrammarError("range.bad", text=first_word)
        self.pos += 1
        while self.peek() in ("las", "la", "the"):
            self.pos += 1
        end_word = self.peek() or ""
        end = self.read_clock()
        return start, end, f"{first_word}-{end_word}"

    def read_clock(self) -> Clock:
        word = self.peek() or ""
        mer = self.peek(1) if self.peek(1) in ("am", "pm") else None
        found = clock(word, mer)
        if found is None:
            raise GrammarError("time.bad", text=word)
        self.pos += 2 if mer else 1
        return found

    def run(self) -> list[_Group]:
        while (word := self.peek()) is not None:
            if self.days_at() is not None:
                self.on_days(self.read_days())
            elif clock(word) is not None:
                self.on_range(self.read_range())
            elif word in OFF_WORDS:
                self.pos += 1
                self.on_off()
            elif word in EXCEPT_WORDS and self.current is not None and self.current.ranges:
                # "mon-fri 9-6 except fri 9-3": those days get their own hours instead
                self.pos += 1
                self.carve = True
            elif word in NIGHT_WORDS:
                self.pos += 1
                if self.current is not None:
                    self.current.night = True
                else:
                    self.pending_night = True
            elif word in _LIST_MARKS or word in FROM_WORDS or word in _FILLERS:
                self.pos += 1
            elif word[:1].isdigit():
                raise GrammarError("time.bad", text=word)
            else:
                raise GrammarError("shift.unknown_word", word=word)
        return self.finish()

    def on_days(self, days: set[int]) -> None:
        if not days:
            raise GrammarError("shift.bad_days", text=" ".join(self.words))
        if self.carve:
            for group in self.groups:
                group.days -= days
            self.carve = False
        if self.pending or self.pending_off:  # hours came first: "9-5 weekdays"
            group = _Group(days, self.pending, off=not self.pending, night=self.pending_night)
            self.groups.append(group)
            self.pending, self.pending_off, self.pending_night = [], False, False
            self.current = None
            return
        self._close_current()
        self.current = _Group(days, night=self.pending_night)
        self.pending_night = False
        self.groups.append(self.current)

    def on_range(self, found: tuple[Clock, Clock, str]) -> None:
        if self.current is not None and not self.current.off:
            self.current.ranges.append(found)
        else:
            self.current = None
            self.pending.append(found)

    def on_off(self) -> None:
        if self.current is not None and not self.current.ranges:
            self.current.off = True
        elif self.current is not None or self.pending:
            raise GrammarError("shift.off_misplaced")
        else:
            self.pending_off = True

    def _close_current(self) -> None:
        if self.current is not None and not self.current.ranges and not self.current.off:
            raise GrammarError("shift.no_hours", days=tuple(sorted(self.current.days)))

    def finish(self) -> list[_Group]:
        self._close_current()
        if self.pending:
            raise GrammarError("shift.no_days")
        if self.pending_off:
            raise GrammarError("shift.off_misplaced")
        if not self.groups:
            raise GrammarError("shift.empty")
        return self.groups


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
        clash = first_overlap(rules)
        if clash is not None:
            raise GrammarError("shift.overlap", first=clash[0], second=clash[1])
        return WeeklySchedule(rules=rules)


def parse_shift(text: str, *, lang: str = "en") -> ShiftUpdate:
    """Parse the text after `shift` (see the module docstring). `lang` only decides what a
    lone timetable letter means ("M" is Monday in English, martes in Spanish)."""
    words = _seven_days(tokens(text))
    meaningful = [w for w in words if w not in _FILLERS]
    if not meaningful:
        raise GrammarError("shift.empty")
    if all(w in CLEAR_WORDS or w in ("shifts", "all", "todo", "todos") for w in meaningful):
        return ShiftUpdate(days=frozenset(ALL_DAYS), rules=(), clear_all=True)
    groups = _Reader(words, _letters_lang(words, lang)).run()
    rules: list[ShiftRule] = []
    named: set[int] = set()
    for group in groups:
        named |= group.days
        for start, end, shown in group.ranges:
            begin, finish = read_range(start, end, text=shown, night=group.night)
            rules.extend(_rule(day, begin, finish) for day in sorted(group.days))
    update = ShiftUpdate(days=frozenset(named), rules=tuple(rules))
    update.apply(WeeklySchedule())  # surface overlaps inside the command itself now
    return update


def _seven_days(words: list[str]) -> list[str]:
    """ "7 days (a week)" / "7 días" → every day (only in shifts: `away 7 days` is a length)."""
    out: list[str] = []
    for word in words:
        if word in ("days", "dias") and out and out[-1] in ("7", "seven", "siete"):
            out[-1] = "daily"
        else:
            out.append(word)
    return out


def parse_days(text: str, *, lang: str = "en") -> tuple[int, ...]:
    """ "mon-fri", "mon,wed,fri", "fri-mon" (wraps), "lun-vie", "weekdays" → sorted weekdays."""
    words = tokens(text)
    reader = _Reader(words, _letters_lang(words, lang))
    days = reader.read_days() if reader.days_at() is not None else set()
    if not days or reader.peek() is not None:
        raise GrammarError("shift.bad_days", text=text.strip())
    return tuple(sorted(days))


def _rule(day: int, start: time, end: time) -> ShiftRule:
    return ShiftRule(weekday=day, start=start, end=end)


def format_schedule(schedule: WeeklySchedule, lang: str = "en") -> str:
    """ "mon-fri 08:00-17:00; sat 09:00-13:00": the week as `shift` reads it back exactly
    (24-hour times, so no bare-hour guessing), day names in the member's language."""
    names = DAY_ABBR_ES if lang == "es" else DAY_ABBR
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
            span = names[day] if last == day else f"{names[day]}-{names[last]}"
            parts.append(f"{span} {hours[day]}")
        day = last + 1
    return "; ".join(parts)


def restore_command(before: WeeklySchedule, days: frozenset[int]) -> str:
    """The `shift` text that puts `days` back as they were in `before` (for "not what I
    meant"): every touched day is named, with its old hours or `off`."""
    if not before.rules:
        return "shift clear"
    parts = []
    for day in sorted(days):
        ranges = " ".join(f"{r.start:%H:%M}-{r.end:%H:%M}" for r in before.on_weekday(day))
        parts.append(f"{DAY_ABBR[day]} {ranges or 'off'}")
    return "shift " + ", ".join(parts)
