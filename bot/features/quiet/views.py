"""Block Kit for quiet notices, follow-ups (reminders, scheduled notes, their Home tab list) and
the end-of-shift message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import blocks
from bot.features.quiet import service
from bot.schedule import OffShift, phrases
from content import Catalog
from content.models import Lang, Tip

REMIND_ACTION = "quiet.remind"  # one button per colleague: `quiet.remind.<user id>`
SCHEDULE_ACTION = "quiet.schedule"  # one button per colleague: `quiet.schedule.<user id>`
CANCEL_ACTION = "quiet.reminder_cancel"  # in the confirmation; value = the follow-up key
HOME_CANCEL_ACTION = "quiet.home_cancel"  # in the Home tab; value = the follow-up key
HOME_MAX_FOLLOW_UPS = 10  # the Home tab lists at most this many (it must stay under 100 blocks)
URGENT_SHOWN = 300  # the urgent route as stored is at most 200 characters

_URL_RE = re.compile(r"https?://[^\s<>|]+")


@dataclass(frozen=True)
class OffColleague:
    user_id: str
    tz: str
    status: OffShift
    local_date: date  # the colleague's local date when the message was posted
    share_leave: bool = False  # they chose to let notices say they are on leave


def when_phrase(catalog: Catalog, lang: Lang, moment: datetime, tz: str, *, now: datetime) -> str:
    """ "tomorrow at 8:00 AM", "on Friday at 8:00 AM" / "mañana a las 8:00" (see phrases)."""
    return phrases.when(catalog, lang, moment, tz, now=now)


def zoned_when_phrase(
    catalog: Catalog, lang: Lang, moment: datetime, tz: str, *, now: datetime
) -> str:
    """ "Friday at 5:00 PM EST": for text read in several zones (channel posts, set-up)."""
    zone = moment.astimezone(ZoneInfo(tz)).tzname() or tz
    if zone[:1] in "+-":  # zones without a letter abbreviation: "UTC-03"
        zone = f"UTC{zone}"
    when = when_phrase(catalog, lang, moment, tz, now=now)
    return catalog.ui("phrase.in_zone", lang, when=when, zone=zone)


def colleague_line(
    catalog: Catalog, lang: Lang, who: OffColleague, *, sender_tz: str, now: datetime
) -> str:
    off, name = who.status, f"<@{who.user_id}>"
    today = now.astimezone(ZoneInfo(sender_tz)).date()
    # Leave is theirs to tell: unless they chose to, a notice says only "off shift".
    on_leave = off.reason == "time_off" and who.share_leave
    until = (
        phrases.date_text(off.leave_until, lang, today=today)
        if off.leave_until and on_leave
        else ""
    )
    if off.back_at is None:
        if on_leave and until:
            return catalog.text(
                catalog.off_shift("off.leave_no_return"), lang, name=name, until=until
            )
        return catalog.ui("quiet.off_no_return", lang, name=name)
    fmt = {
        "name": name,
        "back_theirs": when_phrase(catalog, lang, off.back_at, who.tz, now=now),
        "back_yours": when_phrase(catalog, lang, off.back_at, sender_tz, now=now),
        "until": until,
        "holiday": off.holiday or "",
        "date": phrases.date_text(who.local_date, lang, today=today),
    }
    key = {
        "time_off": "off.leave" if on_leave else "off.shift",
        "holiday": "off.holiday",
        "closed": "off.closed",
    }.get(off.reason, "off.shift")
    if key == "off.leave" and not until:
        key = "off.shift"
    if key == "off.shift" and service.same_wall_clock(who.tz, sender_tz, off.back_at):
        key = "off.shift_same_tz"
    return catalog.text(catalog.off_shift(key), lang, **fmt)


def off_shift_notice(
    catalog: Catalog,
    lang: Lang,
    colleagues: Sequence[OffColleague],
    *,
    sender_tz: str,
    now: datetime,
    channel: str,
    ts: str,
    urgent_route: str | None,
) -> dict[str, Any]:
    """One ephemeral listing everyone newly off; for each who has a next shift, two buttons:
    "remind me when they're back" and "schedule for when they're back"."""
    out: list[blocks.Block] = []
    for who in colleagues[: service.MAX_COLLEAGUES]:
        out.append(blocks.section(colleague_line(catalog, lang, who, sender_tz=sender_tz, now=now)))
        if who.status.back_at is None:
            continue
        value = service.encode_reminder(who.user_id, channel, ts)
        out.append(
            blocks.actions(
                blocks.button(
                    catalog.ui("button.remind_when_back", lang),
                    action_id=f"{REMIND_ACTION}.{who.user_id}",
                    value=value,
                ),
                blocks.button(
                    catalog.ui("button.schedule_when_back", lang),
                    action_id=f"{SCHEDULE_ACTION}.{who.user_id}",
                    value=value,
                ),
                block_id=f"quiet.follow_up.{who.user_id}",
            )
        )
    if urgent_route:
        # An admin's words, shown to everyone who mentions someone off: quoted, never read as
        # mentions, links or formatting.
        urgent = blocks.user_text(urgent_route, URGENT_SHOWN)
        out.append(
            blocks.context(
                catalog.text(catalog.off_shift("off.urgent"), lang, urgent=urgent), verbatim=True
            )
        )
    return blocks.message(catalog.ui("quiet.notice_fallback", lang), out)


_SELF_KEYS = {
    "ended": "off.self_reminder",
    "before": "off.self_before",
    "day_off": "off.self_day_off",
    "leave": "off.self_leave",
}


def self_reminder(
    catalog: Catalog,
    lang: Lang,
    *,
    next_start: datetime | None,
    tz: str,
    now: datetime,
    situation: service.SelfSituation = "ended",
) -> dict[str, Any]:
    """The private note when a member posts while off: what their situation really is (the
    shift ended, hasn't started yet, a day off, leave) and when their next shift starts."""
    if next_start is None:
        text = catalog.text(catalog.off_shift("off.self_unknown"), lang)
    else:
        next_text = when_phrase(catalog, lang, next_start, tz, now=now)
        text = catalog.text(catalog.off_shift(_SELF_KEYS[situation]), lang, next_shift=next_text)
    return blocks.message(text, [blocks.section(text)])


def reminder_set(
    catalog: Catalog,
    lang: Lang,
    *,
    colleague: str,
    back_yours: str,
    key: str,
    later: str | None = None,
) -> dict[str, Any]:
    """`later`: when the reminder comes, if that waits past their return for the reader's hours."""
    name = f"<@{colleague}>"
    text = (
        catalog.ui("quiet.reminder_set_later", lang, name=name, back_yours=back_yours, when=later)
        if later
        else catalog.ui("quiet.reminder_set", lang, name=name, back_yours=back_yours)
    )
    cancel = blocks.button(
        catalog.ui("button.cancel_reminder", lang), action_id=CANCEL_ACTION, value=key
    )
    return blocks.message(text, [blocks.section(text, accessory=cancel)])


def scheduled_set(
    catalog: Catalog, lang: Lang, *, colleague: str, back_yours: str, key: str
) -> dict[str, Any]:
    text = catalog.ui("quiet.scheduled_set", lang, name=f"<@{colleague}>", back_yours=back_yours)
    cancel = blocks.button(
        catalog.ui("button.cancel_scheduled", lang), action_id=CANCEL_ACTION, value=key
    )
    return blocks.message(text, [blocks.section(text, accessory=cancel)])


def scheduled_dm(
    catalog: Catalog, lang: Lang, *, sender: str, channel: str, permalink: str | None
) -> dict[str, Any]:
    """The note Slack posts to the colleague when they are back: who wanted them and a link to
    the message. Never the message itself (it may hold patient details)."""
    name = f"<@{sender}>"
    if permalink:
        text = catalog.ui("quiet.scheduled_dm", lang, name=name, link=permalink)
    else:
        text = catalog.ui("quiet.scheduled_dm_nolink", lang, name=name, channel=f"<#{channel}>")
    return plain(text)


def link_in(payload: dict[str, Any]) -> str | None:
    """The link in a message payload made by `reminder_dm` (its only URL), if any."""
    found = _URL_RE.search(str(payload.get("text") or ""))
    return found.group(0) if found else None


@dataclass(frozen=True)
class FollowUpItem:
    """A pending follow-up as the Home tab lists it."""

    key: str
    kind: str  # service.REMINDER_KIND | service.SCHEDULED_KIND
    colleague: str
    due: datetime
    channel: str
    link: str | None


def home_follow_ups(
    catalog: Catalog,
    lang: Lang,
    items: Sequence[FollowUpItem],
    *,
    tz: str,
    now: datetime,
    more: bool = False,
) -> list[blocks.Block]:
    """Home tab blocks: the member's pending follow-ups, each with a Cancel button; none
    when there are none. At most HOME_MAX_FOLLOW_UPS + 3 blocks."""
    if not items:
        return []
    out: list[blocks.Block] = [
        blocks.divider(),
        blocks.section(f"*{catalog.ui('quiet.home_title', lang)}*"),
    ]
    for item in items[:HOME_MAX_FOLLOW_UPS]:
        message = (
            f"<{item.link}|{catalog.ui('quiet.home_your_message', lang)}>"
            if item.link
            else f"<#{item.channel}>"
        )
        line_key = (
            "quiet.home_scheduled" if item.kind == service.SCHEDULED_KIND else "quiet.home_reminder"
        )
        line = catalog.ui(
            line_key,
            lang,
            name=f"<@{item.colleague}>",
            when=when_phrase(catalog, lang, item.due, tz, now=now),
            message=message,
        )
        cancel = blocks.button(
            catalog.ui("button.cancel", lang), action_id=HOME_CANCEL_ACTION, value=item.key
        )
        out.append(blocks.section(line, accessory=cancel))
    if more or len(items) > HOME_MAX_FOLLOW_UPS:
        out.append(blocks.context(catalog.ui("quiet.home_more", lang, count=HOME_MAX_FOLLOW_UPS)))
    return out


def plain(text: str) -> dict[str, Any]:
    return blocks.message(text, [blocks.section(text)])


def reminder_dm(
    catalog: Catalog, lang: Lang, *, colleague: str, channel: str, permalink: str | None
) -> dict[str, Any]:
    name = f"<@{colleague}>"
    if permalink:
        text = catalog.ui("quiet.reminder_dm", lang, name=name, link=permalink)
    else:
        text = catalog.ui("quiet.reminder_dm_nolink", lang, name=name, channel=f"<#{channel}>")
    return plain(text)


def end_of_shift_dm(
    catalog: Catalog,
    lang: Lang,
    *,
    user_id: str,
    next_shift: str,
    tip: Tip | None,
    seed: str,
) -> dict[str, Any]:
    message = service.pick(catalog.end_of_shift(), seed)
    parts = [catalog.text(message, lang, name=f"<@{user_id}>", next_shift=next_shift)]
    if tip is not None:
        parts.append(catalog.ui("end_of_shift.tip", lang, tip=catalog.text(tip, lang)))
    out = [blocks.section(p) for p in parts]
    out.append(blocks.context(catalog.ui("end_of_shift.notifications", lang)))
    return blocks.message(parts[0], out)
