"""Pure rules for after-hours quiet: which messages count, who is off, how to say "back at".

Nothing here reads the clock or talks to Slack or the database; every instant is passed in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.schedule import (
    BreakPrefs,
    MemberCalendar,
    OffShift,
    PlannedNudge,
    next_shift,
    off_shift_status,
    plan_window,
)

# `<@U123>` or `<@U123|name>`; W… ids are Enterprise Grid users.
MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
# Message subtypes written by a person; every other subtype (edits, joins, bots…) is ignored.
PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
CHANNEL_TYPES = frozenset({"channel", "group"})
MAX_COLLEAGUES = 10  # one notice lists at most this many people (Block Kit stays small)


@dataclass(frozen=True)
class Post:
    """The parts of a channel post the quiet rules need (never its text beyond mentions)."""

    team_id: str
    sender: str
    channel: str
    ts: str
    thread_ts: str | None
    mentions: tuple[str, ...]
    user_team: str | None = None  # the sender's workspace, when Slack says (shared channels)
    enterprise_id: str | None = None  # this workspace's Grid organisation, if any


def parse_mentions(text: str, *, sender: str, bot_user_id: str | None) -> tuple[str, ...]:
    """User ids mentioned in `text`, first-seen order, without the sender and the bot."""
    seen: list[str] = []
    for user_id in MENTION_RE.findall(text or ""):
        if user_id in (sender, bot_user_id) or user_id in seen:
            continue
        seen.append(user_id)
    return tuple(seen)


def post_from_event(
    event: Mapping[str, Any],
    *,
    team_id: str,
    bot_user_id: str | None,
    enterprise_id: str | None = None,
) -> Post | None:
    """A person's post in a channel, from a `message` or `app_mention` event; None to ignore it."""
    kind = event.get("type")
    if kind not in ("message", "app_mention"):
        return None
    if event.get("subtype") not in PERSON_SUBTYPES or event.get("bot_id"):
        return None
    if kind == "message" and event.get("channel_type") not in CHANNEL_TYPES:
        return None  # IMs and group DMs: nobody to warn, and not our business
    sender, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
    if not sender or not channel or not ts or sender == bot_user_id:
        return None
    if not str(channel).startswith(("C", "G")):
        return None
    thread_ts = event.get("thread_ts")
    return Post(
        team_id=team_id,
        sender=str(sender),
        channel=str(channel),
        ts=str(ts),
        thread_ts=str(thread_ts) if thread_ts else None,
        mentions=parse_mentions(str(event.get("text") or ""), sender=str(sender),
                                bot_user_id=bot_user_id),
        user_team=str(event.get("user_team") or "") or None,
        enterprise_id=enterprise_id or None,
    )


def message_time(ts: str, fallback: datetime) -> datetime:
    """When a message was posted, from its Slack `ts` (unix seconds); `fallback` if unreadable."""
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError):
        return fallback


def who_is_off(
    calendars: Mapping[str, MemberCalendar], at: datetime
) -> list[tuple[str, OffShift]]:
    """Colleagues (in the mapping's order) who are off shift, on leave or on a day off at `at`."""
    out: list[tuple[str, OffShift]] = []
    for user_id, cal in calendars.items():
        status = off_shift_status(cal, at)
        if status is not None:
            out.append((user_id, status))
    return out


def self_period_key(cal: MemberCalendar, at: datetime) -> str:
    """One sender reminder per local evening: `self:<local date>`."""
    return f"self:{at.astimezone(cal.zone).date().isoformat()}"


# -- following up when a colleague is back ------------------------------------------------------
#
# Two ways, both outbox rows owned by the sender (`user_id`), so the Home tab lists them and the
# sender alone may cancel them:
# * "reminder": a DM to the sender when the colleague is back, sent by our dispatcher;
# * "scheduled": a DM to the colleague, scheduled in Slack with `chat.scheduleMessage`. The row
#   is only our record of it (Slack's `scheduled_message_id`, to cancel it): its payload has no
#   text, a gate skips it when it falls due, and Slack itself posts the message.

REMINDER_KIND = "reminder"
SCHEDULED_KIND = "quiet_scheduled"
FOLLOW_UP_KINDS = (REMINDER_KIND, SCHEDULED_KIND)
_KEY_PREFIX = {REMINDER_KIND: "reminder", SCHEDULED_KIND: "scheduled"}
_KIND_OF_PREFIX = {prefix: kind for kind, prefix in _KEY_PREFIX.items()}

SCHEDULE_MAX_AHEAD = timedelta(days=120)  # chat.scheduleMessage: `time_too_far` beyond this
SCHEDULE_MIN_AHEAD = timedelta(minutes=1)  # sooner than this they are as good as back


@dataclass(frozen=True)
class FollowUp:
    """What a follow-up key says: whose it is, about which message and colleague."""

    kind: str
    team_id: str
    sender: str
    channel: str
    ts: str
    colleague: str


def follow_up_key(
    kind: str, *, team_id: str, sender: str, channel: str, ts: str, colleague: str
) -> str:
    """One follow-up of each kind per sender, message and colleague (double clicks add none)."""
    return f"{_KEY_PREFIX[kind]}:{team_id}:{sender}:{channel}:{ts}:{colleague}"


def parse_follow_up(key: str) -> FollowUp | None:
    parts = (key or "").split(":")
    if len(parts) != 6 or parts[0] not in _KIND_OF_PREFIX or not all(parts):
        return None
    _, team_id, sender, channel, ts, colleague = parts
    return FollowUp(_KIND_OF_PREFIX[parts[0]], team_id, sender, channel, ts, colleague)


def reminder_key(*, team_id: str, sender: str, channel: str, ts: str, colleague: str) -> str:
    return follow_up_key(
        REMINDER_KIND, team_id=team_id, sender=sender, channel=channel, ts=ts, colleague=colleague
    )


def reminder_owner(key: str) -> tuple[str, str] | None:
    """(team_id, sender) of a reminder key, or None if it isn't one."""
    ref = parse_follow_up(key)
    if ref is None or ref.kind != REMINDER_KIND:
        return None
    return ref.team_id, ref.sender


def schedule_window(back: datetime, now: datetime) -> Literal["ok", "too_soon", "too_far"]:
    """Can Slack schedule a message for `back`? Not further than 120 days ahead, and not for
    a moment that has (nearly) come: then the colleague is back and can be messaged."""
    if back - now > SCHEDULE_MAX_AHEAD:
        return "too_far"
    if back - now < SCHEDULE_MIN_AHEAD:
        return "too_soon"
    return "ok"


def encode_reminder(colleague: str, channel: str, ts: str) -> str:
    return f"{colleague}|{channel}|{ts}"


def decode_reminder(value: str) -> tuple[str, str, str] | None:
    parts = (value or "").split("|")
    if len(parts) != 3 or not all(parts):
        return None
    colleague, channel, ts = parts
    if not MENTION_RE.fullmatch(f"<@{colleague}>") or channel[:1] not in ("C", "G"):
        return None
    return colleague, channel, ts


def back_at(cal: MemberCalendar, now: datetime) -> datetime | None:
    """When the colleague's next shift starts (UTC), if any is known."""
    upcoming = next_shift(cal, now)
    return upcoming.start if upcoming else None


# -- end of shift ------------------------------------------------------------------------------

EOS_LOOKBACK = timedelta(minutes=30)  # a late tick still plans a message due a moment ago
EOS_LOOKAHEAD = timedelta(hours=2)
EOS_VALID_FOR = timedelta(minutes=60)


def end_of_shift_due(
    cal: MemberCalendar, prefs: BreakPrefs, now: datetime
) -> list[PlannedNudge]:
    """End-of-shift messages due around `now` (none on days off: the schedule rules skip them)."""
    return [
        n for n in plan_window(cal, prefs, now - EOS_LOOKBACK, now + EOS_LOOKAHEAD)
        if n.kind == "end_of_shift"
    ]


def eos_key(*, team_id: str, user_id: str, local_date: date, slot: str) -> str:
    return f"eos:{team_id}:{user_id}:{local_date.isoformat()}:{slot}"


def pick(items: Sequence[Any], seed: str) -> Any:
    """A stable choice from `items` for `seed` (the same day gets the same text on retries)."""
    if not items:
        return None
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return items[int.from_bytes(digest[:4], "big") % len(items)]


# -- saying when -------------------------------------------------------------------------------

_DAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
}
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}


@dataclass(frozen=True)
class When:
    """A moment as a member reads it: which day relative to them, and the clock time."""

    relative: str  # "today" | "tomorrow" | "other"
    day: str  # "Thu Dec 3" / "jue 3 dic"
    time: str  # "8:00 AM" / "8:00"


def when(moment: datetime, tz: str, lang: str, *, now: datetime) -> When:
    """`moment` in zone `tz`, with "today"/"tomorrow" judged from `now` in that zone."""
    zone = ZoneInfo(tz)
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    relative = {0: "today", 1: "tomorrow"}.get((local.date() - today).days, "other")
    if lang == "es":
        return When(relative, day_label(local.date(), lang), f"{local.hour}:{local.minute:02d}")
    hour = local.hour % 12 or 12
    ampm = "AM" if local.hour < 12 else "PM"
    return When(relative, day_label(local.date(), lang), f"{hour}:{local.minute:02d} {ampm}")


def same_wall_clock(a_tz: str, b_tz: str, moment: datetime) -> bool:
    """True when both zones show the same local time at `moment` (one "back at" is enough)."""
    return moment.astimezone(ZoneInfo(a_tz)).replace(tzinfo=None) == moment.astimezone(
        ZoneInfo(b_tz)
    ).replace(tzinfo=None)


def day_label(day: date, lang: str) -> str:
    """ "Thu Dec 3" / "jue 3 dic"."""
    key = "es" if lang == "es" else "en"
    weekday, month = _DAYS[key][day.weekday()], _MONTHS[key][day.month - 1]
    return f"{weekday} {day.day} {month}" if key == "es" else f"{weekday} {month} {day.day}"
