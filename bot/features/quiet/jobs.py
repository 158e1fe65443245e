"""The end-of-shift DM: planned into the outbox at every tick, checked again before it is sent."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import cast

from slack_sdk import WebClient

from bot.calendars import member_calendar, member_prefs
from bot.delivery import Decision
from bot.deps import Deps
from bot.features.quiet import service, views
from bot.members import member_lang
from bot.schedule import next_shift
from bot.store.members import Member
from bot.store.nudges import NudgeLog
from bot.store.outbox import NewMessage, OutboxRow
from bot.store.workspaces import Workspace
from content.models import Level

log = logging.getLogger(__name__)

EOS_KIND = "end_of_shift"
LEVELS = ("entry", "mid", "senior")


def register(deps: Deps) -> None:
    def planner(now: datetime) -> None:
        plan_end_of_shift(deps, now)

    deps.jobs.add_planner("quiet.end_of_shift", planner)
    deps.jobs.add_gate(EOS_KIND, lambda row, client, now: end_of_shift_gate(deps, row, client, now))


def plan_end_of_shift(deps: Deps, now: datetime) -> int:
    """Enqueue end-of-shift DMs due soon for members who want them; returns how many are new."""
    workspaces: dict[str, Workspace] = {}
    rows: list[NewMessage] = []
    for member in NudgeLog(deps.store.engine).members_with_schedules():
        if not member.end_of_shift:
            continue
        if member.team_id not in workspaces:
            workspaces[member.team_id] = deps.store.workspaces.get(member.team_id)
        try:
            rows += _member_rows(deps, member, workspaces[member.team_id], now)
        except Exception:
            # One member's odd data must not cost everyone else their message.
            log.exception("could not plan the end-of-shift message of a member")
    return deps.store.outbox.enqueue(rows, now=now) if rows else 0


def _member_rows(
    deps: Deps, member: Member, workspace: Workspace, now: datetime
) -> list[NewMessage]:
    cal = member_calendar(member, workspace, deps.settings)
    out: list[NewMessage] = []
    for nudge in service.end_of_shift_due(cal, member_prefs(member), now):
        expires = nudge.at + service.EOS_VALID_FOR
        key = service.eos_key(
            team_id=member.team_id, user_id=member.user_id, local_date=nudge.local_date,
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
            deps.catalog, lang, user_id=member.user_id, next_shift=next_text,
            tip=service.pick(tips, key), seed=key,
        )
        out.append(
            NewMessage(
                key=key, team_id=member.team_id, kind=EOS_KIND, channel=member.user_id,
                payload=payload, due_at=nudge.at, expires_at=expires, user_id=member.user_id,
            )
        )
    return out


def end_of_shift_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    """Skip the message if the member turned it off (or left) after it was planned."""
    member = deps.store.members.get(team_id=row.team_id, user_id=row.user_id or row.channel)
    if member is None or not member.end_of_shift or not member.schedule:
        return Decision("skip", reason="end_of_shift_off")
    return Decision("send")
