"""After-hours quiet, the use cases: an off-shift notice for a channel message, the
quiet-self reminder, `/balance quiet`, and the helpers the follow-ups share (see
`followups.py`). Plain functions of `deps` and a Slack client: the listeners in `handlers.py`
only unpack and call them."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.calendars import member_calendar
from bot.commands import Command, Reply
from bot.deps import Deps
from bot.features.quiet import audience, service, views
from bot.members import apply_profile, load_member, member_lang
from bot.schedule import MemberCalendar, off_shift_status
from bot.store.members import Member
from bot.store.workspaces import Workspace

log = logging.getLogger(__name__)

REMINDER_VALID_FOR = timedelta(hours=4)
# The record of a message Slack schedules stays pending until a day after its time, then the
# gate below closes it (skipped: Slack posted it, we never do).
SCHEDULED_RECORD_FOR = timedelta(days=1)
SLACK_ERRORS = (SlackApiError, SlackRequestError, OSError)


# -- off-shift notices -------------------------------------------------------------------------


def calendar_of(deps: Deps, member: Member, workspace: Workspace | None = None) -> MemberCalendar:
    workspace = workspace or deps.store.workspaces.get(member.team_id)
    return member_calendar(member, workspace, deps.settings)


def back_for(deps: Deps, team_id: str, colleague_id: str, now: datetime) -> datetime | None:
    """When a follow-up is due: the colleague's next shift start while they are off; `now`
    when they are on shift already; None when we can't tell."""
    colleague = deps.store.members.get(team_id=team_id, user_id=colleague_id)
    if colleague is None or not colleague.schedule:
        return None
    cal = calendar_of(deps, colleague)
    if off_shift_status(cal, now) is None:
        return now
    return service.back_at(cal, now)


def handle_post(
    deps: Deps, client: WebClient, post: service.Post, senders: audience.SenderCheck
) -> None:
    """Runs after the ack. Few, short database transactions: each one is a moment the
    ack path's event de-duplication may have to wait for (SQLite has one writer)."""
    now = deps.clock.now()
    at = service.message_time(post.ts, now)
    store = deps.store
    workspace: Workspace | None = None
    calendars: dict[str, MemberCalendar] = {}
    if audience.foreign_by_event(
        post.user_team, team_id=post.team_id, enterprise_id=post.enterprise_id
    ):
        return  # someone from another organisation: they learn nothing, and we store nothing
    sharing: set[str] = set()
    for user_id in post.mentions:
        colleague = store.members.get(team_id=post.team_id, user_id=user_id)
        if colleague is None or not colleague.schedule or not colleague.quiet_notices:
            continue
        if not colleague.tz:
            colleague = load_member(store, client, team_id=post.team_id, user_id=user_id, now=now)
        workspace = workspace or store.workspaces.get(post.team_id)
        calendars[user_id] = calendar_of(deps, colleague, workspace)
        if colleague.share_leave:
            sharing.add(user_id)
    off = service.who_is_off(calendars, at)
    sender = store.members.get(team_id=post.team_id, user_id=post.sender)
    wants_self = sender is not None and sender.quiet_self and bool(sender.schedule)
    if off:
        # Only people of this organisation learn when a colleague works (checked before
        # anything is claimed or stored about the sender).
        profile = senders.allowed(
            client, team_id=post.team_id, enterprise_id=post.enterprise_id, user_id=post.sender
        )
        if profile is None:
            off = []
        elif sender is None or not (sender.tz and sender.lang):
            sender = apply_profile(
                store, team_id=post.team_id, user=profile, now=now, current=sender
            )
    claimed: list[views.OffColleague] = []
    for user_id, status in off:
        if store.notices.claim(
            team_id=post.team_id,
            sender_id=post.sender,
            colleague_id=user_id,
            period_key=status.period_key,
            now=now,
        ):
            cal = calendars[user_id]
            local_date = at.astimezone(cal.zone).date()
            claimed.append(
                views.OffColleague(user_id, cal.tz, status, local_date, user_id in sharing)
            )
    if not claimed and not wants_self:
        return
    if sender is None or not (sender.tz and sender.lang):
        sender = load_member(store, client, team_id=post.team_id, user_id=post.sender, now=now)
    lang = member_lang(sender)
    workspace = workspace or store.workspaces.get(post.team_id)
    if claimed:
        payload = views.off_shift_notice(
            deps.catalog,
            lang,
            claimed[: service.MAX_COLLEAGUES],
            sender_tz=sender.tz or "UTC",
            now=at,
            channel=post.channel,
            ts=post.ts,
            urgent_route=workspace.urgent_route,
        )
        if not _ephemeral(client, post, payload):
            store.notices.release(
                team_id=post.team_id,
                sender_id=post.sender,
                claims=[(c.user_id, c.status.period_key) for c in claimed],
            )
    if wants_self:
        _remind_self(deps, client, post, sender, at, workspace)


def _remind_self(
    deps: Deps,
    client: WebClient,
    post: service.Post,
    sender: Member,
    at: datetime,
    workspace: Workspace,
) -> None:
    cal = calendar_of(deps, sender, workspace)
    if off_shift_status(cal, at) is None:
        return
    if not deps.store.notices.claim(
        team_id=post.team_id,
        sender_id=post.sender,
        colleague_id=post.sender,
        period_key=service.self_period_key(cal, at),
        now=deps.clock.now(),
    ):
        return
    payload = views.self_reminder(
        deps.catalog,
        member_lang(sender),
        next_start=service.back_at(cal, at),
        tz=cal.tz,
        now=at,
        situation=service.self_situation(cal, at),
    )
    _ephemeral(client, post, payload)


def _ephemeral(client: WebClient, post: service.Post, payload: dict[str, Any]) -> bool:
    try:
        client.chat_postEphemeral(
            channel=post.channel, user=post.sender, thread_ts=post.thread_ts, **payload
        )
    except SLACK_ERRORS as exc:
        log.warning("could not show a quiet notice: %s", type(exc).__name__)
        return False
    return True


def action_context(body: dict[str, Any]) -> tuple[str, str, str]:
    action = (body.get("actions") or [{}])[0]
    user = body.get("user") or {}
    team_id = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
    return team_id, str(user.get("id") or ""), str(action.get("value") or "")


def error_code(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "")
    return type(exc).__name__


# -- /balance quiet ----------------------------------------------------------------------------

_SWITCH = {"on": True, "off": False}
# word after `quiet` → (member field, reply when on, reply when off)
_TARGETS = {
    "": ("quiet_notices", "quiet.on", "quiet.off"),
    "self": ("quiet_self", "quiet.self_on", "quiet.self_off"),
    "eos": ("end_of_shift", "quiet.eos_on", "quiet.eos_off"),
    # Off by default: a notice says "off shift"; "on leave" only if the member chose it.
    "leave": ("share_leave", "quiet.leave_on", "quiet.leave_off"),
}
_TARGET_WORDS = {"licencia": "leave", "permiso": "leave"}


def quiet_command(deps: Deps, cmd: Command) -> Reply:
    """`quiet on|off`, `quiet self on|off`, `quiet eos on|off`, `quiet leave on|off`."""
    words = cmd.args.lower().split()
    target = words[0] if len(words) == 2 else ""
    target = _TARGET_WORDS.get(target, target)
    switch = _SWITCH.get(words[-1]) if 1 <= len(words) <= 2 else None
    if switch is None or target not in _TARGETS:
        return views.plain(deps.catalog.ui("quiet.usage", cmd.lang))
    field, said_on, said_off = _TARGETS[target]
    deps.store.members.update(
        team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, **{field: switch}
    )
    return views.plain(deps.catalog.ui(said_on if switch else said_off, cmd.lang))
