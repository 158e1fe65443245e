"""Members' shifts, days off, break nudges and off-shift periods, as pure functions of `now`.

Nothing here reads the clock or does I/O. Every instant returned is UTC-aware; wall-clock rules
live in the member's IANA zone and are resolved with `local_datetime` (gap → forward, fold →
first occurrence).
"""

from bot.schedule.days import holiday_name, is_day_off, leave_until, local_datetime, to_utc
from bot.schedule.grammar import (
    GrammarError,
    ShiftUpdate,
    format_schedule,
    parse_days,
    parse_duration,
    parse_shift,
    parse_time,
    parse_time_range,
)
from bot.schedule.grammar_prefs import (
    Level,
    parse_away,
    parse_breaks,
    parse_date,
    parse_level,
    parse_tz,
)
from bot.schedule.models import (
    CADENCE_MAX,
    CADENCE_MIN,
    BreakPrefs,
    MemberCalendar,
    ScheduleError,
    ShiftRule,
    TimeOff,
    WeeklySchedule,
    check_cadence,
    check_overlaps,
    from_json,
    to_json,
)
from bot.schedule.nudges import (
    NudgeKind,
    PlannedNudge,
    plan_day,
    plan_shift,
    plan_window,
    stagger,
    stagger_offset,
)
from bot.schedule.shifts import (
    OffReason,
    OffShift,
    ShiftInstance,
    current_shift,
    next_shift,
    off_shift_status,
    shift_instances,
    shifts_on,
)

__all__ = [
    "CADENCE_MAX",
    "CADENCE_MIN",
    "BreakPrefs",
    "GrammarError",
    "Level",
    "MemberCalendar",
    "NudgeKind",
    "OffReason",
    "OffShift",
    "PlannedNudge",
    "ScheduleError",
    "ShiftInstance",
    "ShiftRule",
    "ShiftUpdate",
    "TimeOff",
    "WeeklySchedule",
    "check_cadence",
    "check_overlaps",
    "current_shift",
    "format_schedule",
    "from_json",
    "holiday_name",
    "is_day_off",
    "leave_until",
    "local_datetime",
    "next_shift",
    "off_shift_status",
    "parse_away",
    "parse_breaks",
    "parse_date",
    "parse_days",
    "parse_duration",
    "parse_level",
    "parse_shift",
    "parse_time",
    "parse_time_range",
    "parse_tz",
    "plan_day",
    "plan_shift",
    "plan_window",
    "shift_instances",
    "shifts_on",
    "stagger",
    "stagger_offset",
    "to_json",
    "to_utc",
]
