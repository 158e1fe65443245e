"""Block Kit for quiet notices, reminders and the end-of-shift message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot import blocks
from bot.features.quiet import service
from bot.schedule import OffShift
from content import Catalog
from content.models import Lang, Tip

REMIND_ACTION = "quiet.remind"  # one button per colleague: `quiet.remind.<user id>`
CANCEL_ACTION = "quiet.reminder_cancel"


@dataclass(frozen=True)
class OffColleague:
    user_id: str
    tz: str
    status: OffShift
    local_date: date  # the colleague's local date when the message was posted


def when_phrase(catalog: Catalog, lang: Lang, moment: datetime, tz: str, *, now: datetime) -> str:
    w = service.when(moment, tz, lang, now=now)
    if w.relative == "other":
        return catalog.ui("when.other", lang, day=w.day, time=w.time)
    return catalog.ui(f"when.{w.relative}", lang, time=w.time)


def colleague_line(
    catalog: Catalog, lang: Lang, who: OffColleague, *, sender_tz: str, now: datetime
) -> str:
    off, name = who.status, f"<@{who.user_id}>"
    until = service.day_label(off.leave_until, lang) if off.leave_until else ""
    if off.back_at is None:
        if off.reason == "time_off" and until:
            return catalog.text(catalog.off_shift("off.leave_no_return"), lang, name=name,
                                until=until)
        return catalog.ui("quiet.off_no_return", lang, name=name)
    fmt = {
        "name": name,
        "back_theirs": when_phrase(catalog, lang, off.back_at, who.tz, now=now),
        "back_yours": when_phrase(catalog, lang, off.back_at, sender_tz, now=now),
        "until": until,
        "holiday": off.holiday or "",
        "date": service.day_label(who.local_date, lang),
    }
    key = {
        "time_off": "off.leave",
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
    """One ephemeral listing everyone newly off, each with a "remind me" button."""
    out: list[blocks.Block] = []
    for who in colleagues[: service.MAX_COLLEAGUES]:
        line = colleague_line(catalog, lang, who, sender_tz=sender_tz, now=now)
        accessory = None
        if who.status.back_at is not None:
            accessory = blocks.button(
                catalog.ui("button.remind_when_back", lang),
                action_id=f"{REMIND_ACTION}.{who.user_id}",
                value=service.encode_reminder(who.user_id, channel, ts),
            )
        out.append(blocks.section(line, accessory=accessory))
    if urgent_route:
        out.append(
            blocks.context(catalog.text(catalog.off_shift("off.urgent"), lang, urgent=urgent_route))
        )
    return blocks.message(catalog.ui("quiet.notice_fallback", lang), out)


def self_reminder(
    catalog: Catalog, lang: Lang, *, next_start: datetime | None, tz: str, now: datetime
) -> dict[str, Any]:
    next_text = (
        when_phrase(catalog, lang, next_start, tz, now=now)
        if next_start
        else catalog.ui("quiet.next_shift_unknown", lang)
    )
    text = catalog.text(catalog.off_shift("off.self_reminder"), lang, next_shift=next_text)
    return blocks.message(catalog.ui("quiet.self_fallback", lang), [blocks.section(text)])


def reminder_set(
    catalog: Catalog, lang: Lang, *, colleague: str, back_yours: str, key: str
) -> dict[str, Any]:
    text = catalog.ui("quiet.reminder_set", lang, name=f"<@{colleague}>", back_yours=back_yours)
    cancel = blocks.button(
        catalog.ui("button.cancel_reminder", lang), action_id=CANCEL_ACTION, value=key
    )
    return blocks.message(text, [blocks.section(text, accessory=cancel)])


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
