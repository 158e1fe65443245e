"""The end-of-shift DM: planned into the outbox by the member planning pass, checked again
before it is sent."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import cast

from slack_sdk import WebClient

from bot.calendars import member_calendar, member_prefs
from bot.delivery import Decision
from bot.deps import Deps
from bot.features.breaks.planning import member_planning
from bot.features.quiet import service, views
from bot.members import member_lang
from bot.schedule import MemberCalendar, next_shift
from bot.store.members import Member
from bot.store.outbox import NewMessage, OutboxRow
from content.models import Level

log = logging.getLogger(__name__)

EOS_KIND = "end_of_shift"
LEVELS = ("entry", "mid", "senior")


def register(deps: Deps) -> None:
    # Members are listed by the shared planning pass: only those whose planning time has come.
    member_planning(deps).add(
        "quiet.end_of_shift", lambda member, cal, now: end_of_shift_rows(deps, member, cal, now)
    )
    deps.jobs.add_gate(EOS_KIND, lambda row, client, now: end_of_shift_gate(deps, row, client, now))


def plan_end_of_shift(deps: Deps, now: datetime) -> int:
    """Run the member planning pass once (it plans end-of-shift DMs for members due for
    planning); returns how many outbox rows were new."""
    return member_planning(deps).run(now).added


def end_of_shift_rows(
    deps: Deps, member: Member, cal: MemberCalendar, now: datetime
) -> list[NewMessage]:
    """The member planner for end-of-shift DMs due soon, for members who want them."""
    if not member.end_of_shift:
        return []
    out: list[NewMessage] = []
    since = member.plan_changed_at
    for nudge in service.end_of_shift_due(cal, member_prefs(member), now, since=since):
        expires = nudge.at + service.EOS_VALID_FOR
        key = service.eos_key(
            team_id=member.team_id,
            user_id=member.user_id,
            local_date=nudge.local_date,
            slot=nudge.slot,
        )
        if expires <= now or deps.store.outbox.by_key(key) is not None:
            continue
        lang = member_lang(member)
        upcoming = next_shift(cal, nudge.at)
        next_text = (
            views.when_phrase(deps.catalog, lang, upcoming.start, cal.tz, now=nudge.at)
            if upcoming
            else deps.catalog.ui("quiet.next_shift_unknown", lang)
        )
        level = cast(Level, member.level) if member.level in LEVELS else None
        tips = deps.catalog.tips_for(level=level, topic="boundaries")
        payload = views.end_of_shift_dm(
            deps.catalog,
            lang,
            user_id=member.user_id,
            next_shift=next_text,
            tip=service.pick(tips, key),
            seed=key,
        )
        out.append(
            NewMessage(
                key=key,
                team_id=member.team_id,
                kind=EOS_KIND,
                channel=member.user_id,
                payload=payload,
                due_at=nudge.at,
                expires_at=expires,
                user_id=member.user_id,
            )
        )
    return out


def end_of_shift_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    """Skip the message if the member turned it off (or left) after it was planned, or if their
    plan no longer ends a shift at that moment (shifts, zone, leave or closed days changed)."""
    member = deps.store.members.get(team_id=row.team_id, user_id=row.user_id or row.channel)
    if member is None or not member.end_of_shift or not member.schedule:
        return Decision("skip", reason="end_of_shift_off")
    ref = service.parse_eos_key(row.key)
    if ref is not None:
        workspace = deps.store.workspaces.get(member.team_id)
        cal = member_calendar(member, workspace, deps.settings)
        if not service.end_of_shift_wanted(cal, member_prefs(member), *ref):
            return Decision("skip", reason="settings_changed")
    return Decision("send")
