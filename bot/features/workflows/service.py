"""Pure rules for the Workflow Builder steps: reading a step's inputs, who may be reported as
off shift and how, when a tip sent to a person may arrive, and whether this week's pulse can
start now.

Nothing here reads the clock, the database or Slack; `now` and every record are passed in.
A problem the person running the workflow can fix is a `StepError` naming a catalog string.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from bot.features.tips.topics import match_topic
from bot.schedule import (
    GrammarError,
    MemberCalendar,
    OffShift,
    WeeklySchedule,
    deliver_at,
    off_shift_status,
)
from bot.schedule import parse_level as parse_level_words
from bot.store.members import Member
from bot.store.pulse import OPEN, Round
from content import normalize
from content.models import LANGS, Lang, Level, Topic

# callback_ids: the keys of `functions` in deploy/slack/manifest*.yml.
SEND_TIP = "send_balance_tip"
WHO_IS_OFF = "who_is_off_shift"
START_PULSE = "start_pulse_now"
STEPS = (SEND_TIP, WHO_IS_OFF, START_PULSE)

MAX_PEOPLE = 100  # "Who is off shift?" checks at most this many people per run
TIP_VALID_FOR = timedelta(hours=8)  # a tip waiting for someone's shift is still fine that day
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
_LANG_WORDS = {
    "en": "en",
    "english": "en",
    "ingles": "en",
    "es": "es",
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
}


class StepError(Exception):
    """Something the person running the workflow can put right: a catalog key and its fields."""

    def __init__(self, key: str, **fmt: str) -> None:
        super().__init__(key)
        self.key = key
        self.fmt = fmt


# -- inputs --------------------------------------------------------------------------------------


def _text(inputs: Mapping[str, Any], name: str) -> str:
    value = inputs.get(name)
    return value.strip() if isinstance(value, str) else ""


def read_lang(inputs: Mapping[str, Any]) -> Lang | None:
    """The step's `language` input: en/es, English/Spanish/Español; empty means "not given"."""
    raw = _text(inputs, "language")
    if not raw:
        return None
    words = normalize(raw)
    first = words.split(" ")[0]  # "es-MX" → "es"
    lang = _LANG_WORDS.get(words) or (_LANG_WORDS.get(first) if len(first) == 2 else None)
    for known in LANGS:
        if lang == known:
            return known
    raise StepError("workflow.error.language", value=raw)


def error_lang(inputs: Mapping[str, Any]) -> Lang:
    """The language to explain a failure in when nothing better is known."""
    try:
        return read_lang(inputs) or "en"
    except StepError:
        return "en"


@dataclass(frozen=True)
class TipRequest:
    channel: str | None
    user: str | None
    level: Level | None
    topic: Topic | None
    lang: Lang | None


def tip_request(inputs: Mapping[str, Any]) -> TipRequest:
    channel, user = _text(inputs, "channel"), _text(inputs, "user")
    if not channel and not user:
        raise StepError("workflow.error.no_recipient")
    if channel and user:
        raise StepError("workflow.error.two_recipients")
    level: Level | None = None
    if raw_level := _text(inputs, "level"):
        try:
            level = parse_level_words(raw_level)
        except GrammarError:
            raise StepError("workflow.error.level", value=raw_level) from None
    topic: Topic | None = None
    if raw_topic := _text(inputs, "topic"):
        topic = match_topic(raw_topic)
        if topic is None:
            raise StepError("workflow.error.topic", value=raw_topic)
    return TipRequest(channel or None, user or None, level, topic, read_lang(inputs))


@dataclass(frozen=True)
class OffRequest:
    users: tuple[str, ...]
    lang: Lang


def off_request(inputs: Mapping[str, Any]) -> OffRequest:
    raw = inputs.get("users")
    listed = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
    users = tuple(dict.fromkeys(u for u in listed if isinstance(u, str) and _USER_ID.match(u)))
    if not users:
        raise StepError("workflow.error.no_people")
    if len(users) > MAX_PEOPLE:
        raise StepError(
            "workflow.error.too_many_people", count=str(len(users)), max=str(MAX_PEOPLE)
        )
    return OffRequest(users, read_lang(inputs) or "en")


def started_by(inputs: Mapping[str, Any]) -> str:
    """Who started the workflow, from the `started_by` input: a `slack#/types/user_context`,
    which Slack fills from the person's own action and nobody building the workflow can type
    in, so it is safe to authorize with (a plain user input would not be)."""
    context = inputs.get("started_by")
    who = context.get("id") if isinstance(context, Mapping) else None
    if not isinstance(who, str) or not _USER_ID.match(who):
        raise StepError("workflow.error.no_started_by")
    return who


def pulse_channel(inputs: Mapping[str, Any]) -> str:
    channel = _text(inputs, "channel")
    if not _CHANNEL_ID.match(channel):
        raise StepError("workflow.error.no_channel")
    return channel


# What Slack's answer to a post means for whoever runs the workflow.
_CHANNEL_CLOSED = frozenset(
    {"channel_not_found", "is_archived", "restricted_action", "ekm_access_denied"}
)
_PERSON_UNREACHABLE = frozenset(
    {"user_not_found", "cannot_dm_bot", "user_disabled", "account_inactive"}
)


def slack_problem(code: str | None, *, person: bool) -> StepError:
    """A failed post, as something to fix (invite the bot, pick another channel or person),
    or else as Slack being unavailable for now."""
    if code == "not_in_channel":
        return StepError("workflow.error.not_in_channel")
    if code in _CHANNEL_CLOSED:
        return StepError("workflow.error.channel_unavailable")
    if person and code in _PERSON_UNREACHABLE:
        return StepError("workflow.error.person_unavailable")
    return StepError("workflow.error.slack_down")


# -- who is off --------------------------------------------------------------------------------


def reportable(member: Member | None) -> bool:
    """Only people whose shifts Balance Bot knows, and who let it tell others when they are off
    (`/balance quiet off` opts out of that), are reported: as off or as on shift."""
    return member is not None and bool(member.schedule) and member.quiet_notices


def as_shared(status: OffShift, *, shares_leave: bool) -> OffShift:
    """ "On leave" is said only when the member chose to share it; otherwise they are off."""
    if status.reason != "time_off" or shares_leave:
        return status
    return dataclasses.replace(status, reason="off_shift", leave_until=None)


@dataclass(frozen=True)
class Standing:
    """Where one reported person stands now: `off` is None while they are on shift."""

    user_id: str
    off: OffShift | None


def standings(
    calendars: Mapping[str, MemberCalendar], leave_shared: Mapping[str, bool], now: datetime
) -> list[Standing]:
    """Each person's standing at `now`, in the order given."""
    out = []
    for user_id, cal in calendars.items():
        status = off_shift_status(cal, now)
        if status is not None:
            status = as_shared(status, shares_leave=leave_shared.get(user_id, False))
        out.append(Standing(user_id, status))
    return out


# -- a tip for a person ----------------------------------------------------------------------------


def tip_arrives_at(cal: MemberCalendar, now: datetime, *, hours: WeeklySchedule) -> datetime:
    """A tip sent to a person is not urgent: it arrives now inside their shift (or, with no
    shifts, their workspace's working hours), else when the next one starts; now if they
    have none to come (on leave for good: Slack holds it for them)."""
    return deliver_at(cal, now, hours=hours) or now


# -- this week's pulse ---------------------------------------------------------------------------

PulseStart = Literal["open_now", "already_open", "scheduled", "closed", "previous_open"]


def pulse_start(
    this_week: Round | None, open_rounds: Sequence[Round], now: datetime
) -> tuple[PulseStart, Round | None]:
    """What "start this week's pulse now" does, given this week's round of the channel (if
    any) and the channel's rounds taking answers now; the round the answer is about."""
    if this_week is not None:
        if this_week.status != OPEN or this_week.closes_at <= now:
            return "closed", this_week
        if this_week.opens_at > now:
            return "scheduled", this_week
        return "already_open", this_week
    earlier = [r for r in open_rounds if r.opens_at <= now < r.closes_at]
    if earlier:
        return "previous_open", max(earlier, key=lambda r: r.closes_at)
    return "open_now", None
