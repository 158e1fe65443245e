"""When a non-urgent DM may reach a member: inside their own shift, or, for a member with no
shifts, inside their workspace's working hours — never at night, on a day off, on leave or on a
closed day. Pure functions of `now`; the planners and gates of each feature call them.

Slack's own guidance (and Polly, Donut, Geekbot) is the same: a bot's unsolicited message waits
for the reader's working day instead of buzzing a phone at night.
"""

from __future__ import annotations

from datetime import datetime, time

from bot.schedule.days import to_utc
from bot.schedule.grammar import parse_shift
from bot.schedule.models import MemberCalendar, ShiftRule, WeeklySchedule
from bot.schedule.shifts import current_shift, next_shift

DEFAULT_WORKING_HOURS = "mon-fri 09:00-17:00"


def working_hours(text: str = DEFAULT_WORKING_HOURS) -> WeeklySchedule:
    """A workspace's working week, written as a `shift` command ("mon-fri 09:00-17:00")."""
    return parse_shift(text).apply(WeeklySchedule())


def hours_calendar(cal: MemberCalendar, hours: WeeklySchedule) -> MemberCalendar:
    """The calendar whose "shifts" bound a member's DMs: their own, else the working hours
    (in the member's own zone, with their leave, closed days and holidays)."""
    return cal if cal.schedule.rules else cal.model_copy(update={"schedule": hours})


def deliver_at(
    cal: MemberCalendar,
    now: datetime,
    *,
    hours: WeeklySchedule,
    not_after: datetime | None = None,
) -> datetime | None:
    """The first moment at or after `now` inside the member's shift (or working hours).

    None when there is none before `not_after` (a reminder for a round that closes first is
    dropped, not sent late) or at all (on leave for good). A shift that has no real length
    (its start moved past its end in a DST gap) is not a place to deliver.
    """
    now = to_utc(now)
    limit = to_utc(not_after) if not_after is not None else None
    bounded = hours_calendar(cal, hours)
    shift = current_shift(bounded, now)
    if shift is not None and shift.end > shift.start:
        at: datetime | None = now
    else:
        upcoming = next_shift(bounded, now)
        at = upcoming.start if upcoming is not None else None
    if at is None or (limit is not None and at >= limit):
        return None
    return at


def is_quiet(cal: MemberCalendar, now: datetime, *, hours: WeeklySchedule) -> bool:
    """True while a non-urgent DM must wait (outside the shift or working hours)."""
    return deliver_at(cal, now, hours=hours) != to_utc(now)


def nine_to_five(days: range = range(5)) -> WeeklySchedule:
    """Mon–Fri 09:00–17:00 without parsing (tests and defaults)."""
    return WeeklySchedule(
        rules=tuple(ShiftRule(weekday=d, start=time(9), end=time(17)) for d in days)
    )
