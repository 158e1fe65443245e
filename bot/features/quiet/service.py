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
    plan_day,
    plan_window,
    shift_instances,
    since_change,
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
        mentions=parse_mentions(
            str(event.get("text") or ""), sender=str(sender), bot_user_id=bot_user_id
        ),
        user_team=str(event.get("user_team") or "") or None,
        enterprise_id=enterprise_id or None,
    )


def message_time(ts: str, fallback: datetime) -> datetime:
    """When a message was posted, from its Slack `ts` (unix seconds); `fallback` if unreadable."""
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError):
        return fallback


def who_is_off(calendars: Mapping[str, MemberCalendar], at: datetime) -> list[tuple[str, OffShift]]:
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
    cal: MemberCalendar, prefs: BreakPrefs, now: datetime, *, since: datetime | None = None
) -> list[PlannedNudge]:
    """End-of-shift messages due around `now` (none on days off: the schedule rules skip them),
    and none for a shift that had already ended when the member's settings last changed
    (`since`): that message would speak of a shift the bot never knew was on."""
    window = plan_window(cal, prefs, now - EOS_LOOKBACK, now + EOS_LOOKAHEAD)
    return [n for n in since_change(window, since) if n.kind == "end_of_shift"]


def eos_key(*, team_id: str, user_id: str, local_date: date, slot: str) -> str:
    return f"eos:{team_id}:{user_id}:{local_date.isoformat()}:{slot}"


def parse_eos_key(key: str) -> tuple[date, str] | None:
    """(local date, slot) of an end-of-shift key, or None if it isn't one."""
    parts = (key or "").split(":")
    if len(parts) != 5 or parts[0] != "eos":
        return None
    try:
        return date.fromisoformat(parts[3]), parts[4]
    except ValueError:
        return None


def end_of_shift_wanted(
    cal: MemberCalendar, prefs: BreakPrefs, local_date: date, slot: str
) -> bool:
    """Whether a queued end-of-shift message is still in the member's plan: a shift that was
    moved, shortened or dropped (or a day now off) no longer ends at that instant."""
    planned = plan_day(cal, prefs, local_date)
    return any(n.kind == "end_of_shift" and n.slot == slot for n in planned)


def pick(items: Sequence[Any], seed: str) -> Any:
    """A stable choice from `items` for `seed` (the same day gets the same text on retries)."""
    if not items:
        return None
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return items[int.from_bytes(digest[:4], "big") % len(items)]


# -- the member's own situation -----------------------------------------------------------------

SelfSituation = Literal["ended", "before", "day_off", "leave"]
RECENT_END = timedelta(hours=12)  # a shift that ended this long ago still "has ended"


def self_situation(cal: MemberCalendar, at: datetime) -> SelfSituation:
    """Why a member posting at `at` is off: their shift ended a while ago, today's hasn't
    started yet, it's a day off, or they're on leave (`at` must be off shift)."""
    status = off_shift_status(cal, at)
    if status is not None and status.reason == "time_off":
        return "leave"
    if status is not None and status.reason in ("holiday", "closed"):
        return "day_off"
    ended = [s for s in shift_instances(cal, at - RECENT_END, at) if s.end <= at]
    if ended:
        return "ended"
    upcoming = next_shift(cal, at)
    today = at.astimezone(cal.zone).date()
    if upcoming is not None and upcoming.start.astimezone(cal.zone).date() == today:
        return "before"
    return "day_off"


def same_wall_clock(a_tz: str, b_tz: str, moment: datetime) -> bool:
    """True when both zones show the same local time at `moment` (one "back at" is enough)."""
    return moment.astimezone(ZoneInfo(a_tz)).replace(tzinfo=None) == moment.astimezone(
        ZoneInfo(b_tz)
    ).replace(tzinfo=None)
