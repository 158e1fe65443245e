"""A member's working calendar, put together from what is stored about them and their
workspace: the bridge between the store and the pure rules in `bot.schedule`."""

from __future__ import annotations

from datetime import datetime

from bot.config import Settings
from bot.schedule import (
    BreakPrefs,
    MemberCalendar,
    TimeOff,
    WeeklySchedule,
    deliver_at,
    from_json,
    working_hours,
)
from bot.store.members import Member
from bot.store.workspaces import Workspace


def member_schedule(member: Member) -> WeeklySchedule:
    return from_json(WeeklySchedule, member.schedule) if member.schedule else WeeklySchedule()


def member_prefs(member: Member) -> BreakPrefs:
    return from_json(BreakPrefs, member.break_prefs) if member.break_prefs else BreakPrefs()


def member_calendar(member: Member, workspace: Workspace, settings: Settings) -> MemberCalendar:
    """The member's calendar; their zone defaults to UTC until Slack tells us theirs."""
    time_off: tuple[TimeOff, ...] = ()
    if member.away_until is not None:
        start = member.away_from or member.away_until
        time_off = (TimeOff(start=min(start, member.away_until), end=member.away_until),)
    return MemberCalendar(
        tz=member.tz or "UTC",
        schedule=member_schedule(member),
        time_off=time_off,
        closed_days=workspace.closed_days,
        holiday_country=workspace.holiday_country or settings.holiday_country,
        holiday_subdiv=workspace.holiday_subdiv
        or (settings.holiday_subdiv if not workspace.holiday_country else None),
    )


def dm_deliver_at(
    member: Member,
    workspace: Workspace,
    settings: Settings,
    now: datetime,
    *,
    not_after: datetime | None = None,
) -> datetime | None:
    """When a non-urgent DM to `member` may go: now inside their shift (or the working hours
    when they have none), else the next such start; None if not before `not_after`."""
    cal = member_calendar(member, workspace, settings)
    hours = working_hours(settings.working_hours)
    return deliver_at(cal, now, hours=hours, not_after=not_after)
