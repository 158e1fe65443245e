"""Members' shifts, days off, break nudges and off-shift periods, as pure functions of `now`.

Nothing here reads the clock or does I/O. Every instant returned is UTC-aware; wall-clock rules
live in the member's IANA zone and are resolved with `local_datetime` (gap → forward, fold →
first occurrence). The `/balance` grammar lives in `grammar*.py`; its errors are catalog keys,
worded for the member by `bot.schedule.phrases`.
"""

from bot.schedule.days import holiday_name, is_day_off, leave_until, local_datetime, to_utc
from bot.schedule.grammar import (
    ShiftUpdate,
    format_schedule,
    parse_days,
    parse_shift,
    restore_command,
)
from bot.schedule.grammar_dates import parse_date, read_date
from bot.schedule.grammar_leave import parse_away, parse_closed
from bot.schedule.grammar_prefs import Level, parse_breaks, parse_level, parse_lunch
from bot.schedule.grammar_times import GrammarError, parse_duration, parse_time, parse_time_range
from bot.schedule.grammar_zones import ZoneChoice, parse_tz, parse_zone
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
    parse_slot,
    plan_day,
    plan_shift,
    plan_window,
    since_change,
    slot_name,
    stagger,
    stagger_offset,
)
from bot.schedule.quiet_hours import deliver_at, hours_calendar, is_quiet, working_hours
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
    "ZoneChoice",
    "check_cadence",
    "check_overlaps",
    "current_shift",
    "deliver_at",
    "format_schedule",
    "from_json",
    "holiday_name",
    "hours_calendar",
    "is_day_off",
    "is_quiet",
    "leave_until",
    "local_datetime",
    "next_shift",
    "off_shift_status",
    "parse_away",
    "parse_breaks",
    "parse_closed",
    "parse_date",
    "parse_days",
    "parse_duration",
    "parse_level",
    "parse_lunch",
    "parse_shift",
    "parse_slot",
    "parse_time",
    "parse_time_range",
    "parse_tz",
    "parse_zone",
    "plan_day",
    "plan_shift",
    "plan_window",
    "read_date",
    "restore_command",
    "shift_instances",
    "shifts_on",
    "since_change",
    "slot_name",
    "stagger",
    "stagger_offset",
    "to_json",
    "to_utc",
    "working_hours",
]
