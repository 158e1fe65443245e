"""`/balance shift | tz | breaks | away | back`, and the buttons on a break nudge.

Listeners stay thin: parse → rule (service) → store → reply (views). A button's choice is saved
before the ack (one small write); rewriting the message calls Slack, so it runs after the ack.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.calendars import member_prefs, member_schedule
from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.breaks import jobs, service, views
from bot.features.breaks.service import NudgeRef, Outcome
from bot.members import member_lang
from bot.schedule import GrammarError, format_schedule, to_json
from bot.store.outbox import NewMessage

log = logging.getLogger(__name__)

BUTTON_ACTIONS = re.compile(
    rf"^({re.escape(views.TOOK_IT_ACTION)}|{re.escape(views.SKIP_ACTION)}"
    rf"|{re.escape(views.SNOOZE_ACTION)}\.\d+)$"
)


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    _register_commands(deps, router)
    _register_buttons(app, deps)
    jobs.register_jobs(deps)


def _register_commands(deps: Deps, router: CommandRouter) -> None:
    catalog, members = deps.catalog, deps.store.members

    def shift(cmd: Command) -> Reply:
        try:
            schedule = service.new_schedule(cmd.args, member_schedule(cmd.member))
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, str(exc), "shift.usage")
        members.update(
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            now=cmd.now,
            schedule=to_json(schedule) if schedule.rules else None,
        )
        if not schedule.rules:
            return views.shift_cleared(catalog, cmd.lang)
        shifts = format_schedule(schedule)
        return views.shift_saved(catalog, cmd.lang, shifts, cmd.member.tz or "UTC")

    def tz(cmd: Command) -> Reply:
        try:
            zone = service.new_zone(cmd.args)
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, str(exc), "tz.usage")
        members.update(
            team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, tz=zone, tz_override=True
        )
        return views.tz_saved(catalog, cmd.lang, zone)

    def breaks(cmd: Command) -> Reply:
        before = member_prefs(cmd.member)
        try:
            after = service.new_prefs(cmd.args, before)
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, str(exc), "breaks.usage")
        members.update(
            team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, break_prefs=to_json(after)
        )
        return views.breaks_saved(catalog, cmd.lang, before, after)

    def away(cmd: Command) -> Reply:
        today = service.local_today(jobs.calendar_for(deps, cmd.member), cmd.now)
        try:
            time_off = service.new_time_off(cmd.args, today=today)
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, str(exc), "away.usage")
        members.update(
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            now=cmd.now,
            away_from=time_off.start,
            away_until=time_off.end,
        )
        return views.away_saved(catalog, cmd.lang, time_off.end.isoformat())

    def back(cmd: Command) -> Reply:
        members.update(
            team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, away_from=None, away_until=None
        )
        return views.back(catalog, cmd.lang)

    router.add("shift", shift, aliases=("shifts", "turno", "turnos"))
    router.add("tz", tz, aliases=("timezone", "zona"))
    router.add("breaks", breaks, aliases=("break", "pausas"))
    router.add("away", away, aliases=("ausente",))
    router.add("back", back, aliases=("regreso",))


def _choice(action_id: str) -> tuple[Outcome, int]:
    if action_id == views.TOOK_IT_ACTION:
        return "took_it", 0
    if action_id == views.SKIP_ACTION:
        return "skipped", 0
    minutes = int(action_id.rsplit(".", 1)[-1])
    return "snoozed", minutes


def _register_buttons(app: App, deps: Deps) -> None:
    def on_click(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        """Save the choice (and queue the snoozed nudge), then ack."""
        action = (body.get("actions") or [{}])[0]
        ref = service.parse_key(str(action.get("value") or ""))
        user_id = str((body.get("user") or {}).get("id") or "")
        outcome, minutes = _choice(str(action.get("action_id")))
        # Only the member the nudge was for can answer it; a snooze length must be one we offer.
        if ref is None or ref.user_id != user_id or ref.team_id != context.get("team_id"):
            ack()
            return
        if outcome == "snoozed" and minutes not in service.SNOOZE_MINUTES:
            ack()
            return
        record_choice(deps, ref, outcome, minutes)
        ack()

    def rewrite(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        """After the ack: show the choice in place of the buttons."""
        action = (body.get("actions") or [{}])[0]
        ref = service.parse_key(str(action.get("value") or ""))
        if ref is None or ref.user_id != (body.get("user") or {}).get("id"):
            return
        outcome, minutes = _choice(str(action.get("action_id")))
        member = deps.store.members.get_or_default(team_id=ref.team_id, user_id=ref.user_id)
        updated = views.nudge_answered(
            deps.catalog, member_lang(member), body.get("message"), outcome, minutes=minutes
        )
        container = body.get("container") or {}
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
        ts = container.get("message_ts")
        try:
            if channel and ts and not container.get("is_ephemeral"):
                client.chat_update(channel=channel, ts=ts, **updated)
            elif body.get("response_url"):
                respond(replace_original=True, **updated)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            log.warning("could not update a break nudge: %s", code or type(exc).__name__)

    app.action(BUTTON_ACTIONS)(ack=on_click, lazy=[rewrite])


def record_choice(deps: Deps, ref: NudgeRef, outcome: Outcome, minutes: int) -> None:
    """Log the member's choice; for a snooze, queue the same nudge again in `minutes`."""
    now = deps.clock.now()
    deps.store.nudges.record(
        team_id=ref.team_id,
        user_id=ref.user_id,
        local_date=ref.local_date,
        slot=ref.slot,
        outcome=outcome,
        now=now,
    )
    if outcome != "snoozed":
        return
    member = deps.store.members.get_or_default(team_id=ref.team_id, user_id=ref.user_id)
    again = ref.snoozed(minutes)
    due = now + timedelta(minutes=minutes)
    due_nudge = service.DueNudge(again, due, due + jobs.validity(deps))
    message: NewMessage = jobs.nudge_row(deps, member, due_nudge)
    deps.store.outbox.enqueue([message], now=now)
