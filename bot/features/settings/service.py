"""Rules for the settings modal (pure: no Slack, no database).

The modal edits what `/balance level | shift | breaks | quiet` edit, and reads its fields with
the same parsers (`bot.schedule` grammar), so typing and the form always agree. The shifts
field holds the whole week as `format_schedule` writes it ("mon-fri 08:00-17:00; sat
09:00-13:00"); an empty field means no shifts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.calendars import member_prefs, member_schedule
from bot.schedule import (
    BreakPrefs,
    GrammarError,
    WeeklySchedule,
    format_schedule,
    parse_breaks,
    parse_shift,
    to_json,
)
from bot.schedule.words import OFF_WORDS, fold
from bot.store.members import Member

Field = Literal["level", "shifts", "cadence", "lunch", "lunch_length"]
LEVELS = ("entry", "mid", "senior")


@dataclass(frozen=True)
class SettingsForm:
    """What the modal shows and what comes back: text as typed, switches as booleans."""

    level: str | None
    shifts: str
    cadence: str
    lunch: str
    lunch_length: str
    breaks: bool
    quiet_notices: bool
    end_of_shift: bool
    share_leave: bool = False


@dataclass(frozen=True)
class NewSettings:
    """A valid form, as the values to store."""

    level: str | None
    schedule: WeeklySchedule
    prefs: BreakPrefs
    quiet_notices: bool
    end_of_shift: bool
    share_leave: bool = False

    def changes(self) -> dict[str, Any]:
        """Keyword arguments for `Members.update` (an unchosen level stays as it is)."""
        out: dict[str, Any] = {
            "schedule": to_json(self.schedule) if self.schedule.rules else None,
            "break_prefs": to_json(self.prefs),
            "quiet_notices": self.quiet_notices,
            "end_of_shift": self.end_of_shift,
            "share_leave": self.share_leave,
        }
        if self.level is not None:
            out["level"] = self.level
        return out


class InvalidForm(ValueError):
    """One or more fields could not be read; `problems` says which and why (grammar errors,
    worded in the member's language by the view)."""

    def __init__(self, problems: dict[Field, GrammarError]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


def form_for(member: Member) -> SettingsForm:
    """The modal prefilled with the member's current settings (day names in their language)."""
    schedule = member_schedule(member)
    prefs = member_prefs(member)
    return SettingsForm(
        level=member.level if member.level in LEVELS else None,
        shifts=format_schedule(schedule, member.lang or "en") if schedule.rules else "",
        cadence=f"{prefs.cadence_minutes}m",
        lunch=f"{prefs.lunch:%H:%M}" if prefs.lunch is not None else "",
        lunch_length=f"{prefs.lunch_minutes}m",
        breaks=prefs.enabled,
        quiet_notices=member.quiet_notices,
        end_of_shift=member.end_of_shift,
        share_leave=member.share_leave,
    )


def validate(form: SettingsForm, current: BreakPrefs, *, lang: str = "en") -> NewSettings:
    """The settings a submitted form asks for; raises InvalidForm naming every bad field.

    `current` keeps what the form doesn't show (the quiet margins, the end-of-shift delay).
    """
    problems: dict[Field, GrammarError] = {}
    if form.level is not None and form.level not in LEVELS:
        problems["level"] = GrammarError("level.bad", text=form.level)
    schedule = WeeklySchedule()
    try:
        schedule = parse_week(form.shifts, lang=lang)
    except GrammarError as exc:
        problems["shifts"] = exc
    prefs = current.model_copy(update={"enabled": form.breaks})
    try:
        prefs = parse_breaks(f"every {form.cadence}", prefs)
    except GrammarError as exc:
        problems["cadence"] = exc
    length = form.lunch_length.strip()
    if length:
        try:  # the length alone, with the grammar's own range check
            minutes = parse_breaks(f"lunch 12:00 {length}").lunch_minutes
            prefs = prefs.model_copy(update={"lunch_minutes": minutes})
        except GrammarError as exc:
            problems["lunch_length"] = exc
    lunch = form.lunch.strip()
    try:
        if not lunch or fold(lunch) in OFF_WORDS:
            prefs = parse_breaks("lunch off", prefs)
        else:
            prefs = parse_breaks(f"lunch {lunch} {prefs.lunch_minutes}m", prefs, schedule=schedule)
    except GrammarError as exc:
        problems["lunch"] = exc
    if problems:
        raise InvalidForm(problems)
    return NewSettings(
        level=form.level,
        schedule=schedule,
        prefs=prefs,
        quiet_notices=form.quiet_notices,
        end_of_shift=form.end_of_shift,
        share_leave=form.share_leave,
    )


def is_valid(form: SettingsForm, *, lang: str = "en") -> bool:
    try:
        validate(form, BreakPrefs(), lang=lang)
    except InvalidForm:
        return False
    return True


def parse_week(text: str, *, lang: str = "en") -> WeeklySchedule:
    """The whole week from the shifts field (`;` and new lines separate groups)."""
    words = " ".join(text.replace(";", ", ").split())
    if not words:
        return WeeklySchedule()
    return parse_shift(words, lang=lang).apply(WeeklySchedule())
