"""`/balance shift | tz | breaks | away | back`, and the buttons on a break nudge.

Listeners stay thin: parse → rule (service) → store → reply (views). A button's choice is saved
before the ack (one small write); rewriting the message calls Slack, so it runs after the ack.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.calendars import member_prefs, member_schedule
from bot.commands import Command, CommandRouter, Reply, split_command
from bot.deps import Deps
from bot.features.breaks import jobs, service, views
from bot.features.breaks.service import NudgeRef, Outcome
from bot.features.help import views as help_views
from bot.members import member_lang
from bot.schedule import GrammarError, restore_command, to_json
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
        before = member_schedule(cmd.member)
        try:
            update = service.shift_update(cmd.args, lang=cmd.lang)
            schedule = update.apply(before)
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, exc, "shift.usage")
        members.update(
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            now=cmd.now,
            schedule=to_json(schedule) if schedule.rules else None,
        )
        restore = restore_command(before, update.days) if before != schedule else None
        if not schedule.rules:
            return views.shift_cleared(catalog, cmd.lang, restore)
        return views.shift_saved(
            catalog,
            cmd.lang,
            schedule,
            changed=update.days,
            tz=cmd.member.tz or "UTC",
            now=cmd.now,
            restore=restore,
        )

    def tz(cmd: Command) -> Reply:
        try:
            choice = service.new_zone(cmd.args)
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, exc, "tz.usage")
        old = cmd.member.tz
        members.update(
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            now=cmd.now,
            tz=choice.zone,
            tz_override=True,
        )
        restore = f"tz {old}" if old and old != choice.zone else None
        return views.tz_saved(catalog, cmd.lang, choice, now=cmd.now, restore=restore)

    def breaks(cmd: Command) -> Reply:
        return _save_breaks(cmd, cmd.args)

    def lunch(cmd: Command) -> Reply:
        return _save_breaks(cmd, f"lunch {cmd.args}")

    def _save_breaks(cmd: Command, text: str) -> Reply:
        before = member_prefs(cmd.member)
        try:
            after = service.new_prefs(text, before, member_schedule(cmd.member))
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, exc, "breaks.usage")
        members.update(
            team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, break_prefs=to_json(after)
        )
        return views.breaks_saved(
            catalog, cmd.lang, before, after, restore=service.prefs_command(before)
        )

    def away(cmd: Command, text: str | None = None) -> Reply:
        today = service.local_today(jobs.calendar_for(deps, cmd.member), cmd.now)
        try:
            time_off = service.new_time_off(
                cmd.args if text is None else text, today=today, lang=cmd.lang
            )
        except GrammarError as exc:
            return views.invalid(catalog, cmd.lang, exc, "away.usage")
        restore = service.away_command(cmd.member.away_from, cmd.member.away_until, today)
        members.update(
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            now=cmd.now,
            away_from=time_off.start,
            away_until=time_off.end,
        )
        return views.away_saved(catalog, cmd.lang, time_off, today=today, restore=restore)

    def back(cmd: Command) -> Reply:
        if service.has_words(cmd.args):  # "back monday": away until the day before
            return away(cmd, f"back {cmd.args}")
        today = service.local_today(jobs.calendar_for(deps, cmd.member), cmd.now)
        restore = service.away_command(cmd.member.away_from, cmd.member.away_until, today)
        members.update(
            team_id=cmd.team_id, user_id=cmd.user_id, now=cmd.now, away_from=None, away_until=None
        )
        return views.back(catalog, cmd.lang, was_away=restore != "back", restore=restore)

    def undo(cmd: Command) -> Reply:
        """ "Not what I meant": run the restoring command, and say it was undone."""
        name, args = split_command(cmd.args)
        handler = router.find(name) if name in UNDOABLE else None
        if handler is None:
            return help_views.usage_hint(catalog, cmd.lang, f"undo {cmd.args}".strip())
        reply = handler(replace(cmd, name=name, args=args))
        return views.undone(reply, catalog, cmd.lang) if reply else reply

    for (name, *aliases), handler in (
        (SHIFT_WORDS, shift),
        (TZ_WORDS, tz),
        (BREAKS_WORDS, breaks),
        (LUNCH_WORDS, lunch),
        (AWAY_WORDS, away),
        (BACK_WORDS, back),
        (("undo", "deshacer"), undo),
    ):
        router.add(name, handler, aliases=tuple(aliases))


# The words that start each command (the first is its name); Spanish where people write it.
SHIFT_WORDS = ("shift", "shifts", "turno", "turnos", "horario")
TZ_WORDS = ("tz", "timezone", "zona", "zone")
BREAKS_WORDS = ("breaks", "break", "pausas", "pausa", "descansos", "descanso")
LUNCH_WORDS = ("lunch", "almuerzo", "comida")
AWAY_WORDS = ("away", "ausente", "vacaciones", "vacation", "pto", "ooo")
BACK_WORDS = ("back", "regreso", "vuelvo", "volvi", "volví")
# Commands whose replies carry "Not what I meant" (the button runs `undo <command>`).
UNDOABLE = frozenset({"shift", "tz", "breaks", "lunch", "away", "back"})


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
        # Home's "your week" counts this choice.
        deps.member_changes.notify(client, team_id=ref.team_id, user_id=ref.user_id)

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
