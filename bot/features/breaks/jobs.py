"""What the scheduler runs for break nudges: the member planner and the pre-send gate.

Breaks plan through the member planning pass (`planning.py`): only members whose planning time
has come are looked at. Per-member timers are outbox rows with a unique key, so a repeated tick,
a restart or a second replica never plans a nudge twice; the dispatcher sends each row once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient

from bot.calendars import member_calendar, member_prefs
from bot.delivery import Decision
from bot.deps import Deps
from bot.features.breaks import service, views
from bot.features.breaks.planning import member_planning
from bot.members import member_lang
from bot.schedule import MemberCalendar
from bot.store.members import Member
from bot.store.outbox import NewMessage, OutboxRow

log = logging.getLogger(__name__)

KINDS = ("nudge", "lunch")
SEND = Decision("send")


def calendar_for(deps: Deps, member: Member) -> MemberCalendar:
    workspace = deps.store.workspaces.get(member.team_id)
    return member_calendar(member, workspace, deps.settings)


def validity(deps: Deps) -> timedelta:
    return timedelta(minutes=deps.settings.nudge_validity_minutes)


def nudge_row(deps: Deps, member: Member, due: service.DueNudge) -> NewMessage:
    payload = views.nudge_message(
        deps.catalog,
        member_lang(member),
        due.ref,
        lunch_minutes=member_prefs(member).lunch_minutes,
    )
    return NewMessage(
        key=due.ref.key,
        team_id=member.team_id,
        kind=due.ref.kind,
        channel=member.user_id,  # a user id: Slack posts it to the app's DM with them
        payload=payload,
        due_at=due.due_at,
        expires_at=due.expires_at,
        user_id=member.user_id,
    )


def nudge_rows(deps: Deps, member: Member, cal: MemberCalendar, now: datetime) -> list[NewMessage]:
    """The member planner for breaks: nudges and lunch due in [now - validity, now + 2 h),
    none due before the member's last change of settings."""
    prefs = member_prefs(member)
    if not prefs.enabled:
        return []
    planned = service.due_nudges(
        cal,
        prefs,
        team_id=member.team_id,
        user_id=member.user_id,
        now=now,
        validity=validity(deps),
        since=member.plan_changed_at,
    )
    return [nudge_row(deps, member, due) for due in planned]


def plan_nudges(deps: Deps, now: datetime) -> int:
    """Run the member planning pass once (members due for planning only); returns how many
    outbox rows were new."""
    return member_planning(deps).run(now).added


def make_gate(deps: Deps) -> Callable[[OutboxRow, WebClient, datetime], Decision]:
    def gate(row: OutboxRow, client: WebClient, now: datetime) -> Decision:
        ref = service.parse_key(row.key)
        if ref is None or row.user_id is None:
            return SEND
        member = deps.store.members.get(team_id=row.team_id, user_id=row.user_id)
        if member is None:
            return Decision("skip", reason="forgotten")
        cal, prefs = calendar_for(deps, member), member_prefs(member)
        if not service.still_wanted(cal, prefs, ref):
            return Decision("skip", reason="settings_changed")
        dnd = client.dnd_info(user=row.user_id)
        until = dnd_until(dnd.data if isinstance(dnd.data, dict) else {}, now)
        if until is not None:
            return Decision("defer", until=until, reason="dnd")
        presence = client.users_getPresence(user=row.user_id)
        if presence.get("presence") == "away":
            deps.store.nudges.record(
                team_id=ref.team_id,
                user_id=ref.user_id,
                local_date=ref.local_date,
                slot=ref.slot,
                outcome="natural",
                now=now,
            )
            return Decision("skip", reason="natural_break")
        return SEND

    return gate


def dnd_until(info: dict[str, Any], now: datetime) -> datetime | None:
    """When a member's Do Not Disturb ends, if it is on right now (schedule or snooze)."""
    stamp = now.timestamp()
    ends: list[float] = []
    if info.get("snooze_enabled") and float(info.get("snooze_endtime") or 0) > stamp:
        ends.append(float(info["snooze_endtime"]))
    start, end = float(info.get("next_dnd_start_ts") or 0), float(info.get("next_dnd_end_ts") or 0)
    if info.get("dnd_enabled") and start <= stamp < end:
        ends.append(end)
    return datetime.fromtimestamp(max(ends), UTC) if ends else None


def week_counts(deps: Deps, member: Member, now: datetime) -> dict[str, int]:
    """This week's outcomes (Monday to Sunday in the member's zone)."""
    start, end = service.week_bounds(service.local_today(calendar_for(deps, member), now))
    return deps.store.nudges.counts(
        team_id=member.team_id, user_id=member.user_id, start=start, end=end
    )


def register_jobs(deps: Deps) -> None:
    member_planning(deps).add("breaks", lambda member, cal, now: nudge_rows(deps, member, cal, now))
    gate = make_gate(deps)
    for kind in KINDS:
        deps.jobs.add_gate(kind, gate)


def today_status_lines(deps: Deps, member: Member, now: datetime) -> list[str]:
    """For `/balance status`: cadence, next nudge, lunch and shift end, in the member's time."""
    if not member.schedule:
        return []
    cal = calendar_for(deps, member)
    prefs = member_prefs(member)
    stagger = service.member_stagger(member.team_id, member.user_id)
    plan = service.today_plan(cal, prefs, now, stagger=stagger)
    return views.today_lines(deps.catalog, member_lang(member), plan, prefs, cal.zone)
