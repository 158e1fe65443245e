"""What each Workflow Builder step does: read what it needs, apply the rules in `service`,
store, call Slack, and hand back the step's outputs or a message for whoever ran the workflow.

`client` is the one Bolt hands the listener: it carries the execution's own token
(`bot_access_token`), valid while the step runs. Anything sent later goes through the outbox
with the workspace's bot token.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot import authz
from bot.calendars import member_calendar
from bot.deps import Deps
from bot.features.pulse import jobs as pulse_jobs
from bot.features.pulse import service as pulse_service
from bot.features.tips import service as tips_service
from bot.features.workflows import service, views
from bot.features.workflows.service import StepError
from bot.members import load_member, member_lang
from bot.schedule import MemberCalendar, working_hours
from bot.store.members import Member
from bot.store.outbox import NewMessage
from bot.store.pulse import PulseConfig, Round
from content.models import Lang, Level, Tip, Topic

log = logging.getLogger(__name__)

SLACK_ERRORS = (SlackApiError, SlackRequestError, OSError)
CHANNEL_LANG: Lang = "en"  # a tip posted in a channel, unless the step names a language
TIP_KIND = "workflow_tip"
_rng = random.Random()


@dataclass(frozen=True)
class Outcome:
    """How a step ends: its outputs (functions.completeSuccess) or a message for whoever ran
    the workflow (functions.completeError)."""

    outputs: dict[str, Any] | None = None
    error: str | None = None


def failed(deps: Deps, lang: Lang, error: StepError) -> Outcome:
    return Outcome(error=views.error_text(deps.catalog, lang, error))


def unexpected(deps: Deps, inputs: dict[str, Any]) -> Outcome:
    """A bug or an outage we did not foresee: a plain apology, never the error itself."""
    return failed(deps, service.error_lang(inputs), StepError("workflow.error.unexpected"))


# -- "Send a balance tip" ------------------------------------------------------------------------


def send_tip(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    inputs: dict[str, Any],
    execution_id: str,
    now: datetime,
) -> Outcome:
    lang = service.error_lang(inputs)
    try:
        request = service.tip_request(inputs)
        if request.user is not None:
            return _tip_for_person(deps, client, team_id, request, execution_id, now)
        assert request.channel is not None
        lang = request.lang or CHANNEL_LANG
        tip = _pick_tip(deps, team_id, request.channel, request.level, request.topic)
        posted = _post(
            client,
            request.channel,
            views.tip_post(deps.catalog, lang, tip, request.level),
            person=False,
        )
    except StepError as error:
        return failed(deps, lang, error)
    deps.store.tips.record(team_id=team_id, user_id=request.channel, tip_id=tip.id, now=now)
    return Outcome(
        {
            "tip": deps.catalog.text(tip, lang),
            "status": "sent",
            "channel_id": posted["channel"],
            "message_ts": posted["ts"],
        }
    )


def _tip_for_person(
    deps: Deps,
    client: WebClient,
    team_id: str,
    request: service.TipRequest,
    execution_id: str,
    now: datetime,
) -> Outcome:
    assert request.user is not None
    member = load_member(deps.store, client, team_id=team_id, user_id=request.user, now=now)
    lang = request.lang or member_lang(member)
    level = request.level or cast(Level | None, member.level)
    tip = _pick_tip(deps, team_id, request.user, level, request.topic)
    payload = views.tip_post(deps.catalog, lang, tip, level)
    outputs: dict[str, Any] = {"tip": deps.catalog.text(tip, lang)}
    workspace = deps.store.workspaces.get(team_id)
    cal = member_calendar(member, workspace, deps.settings)
    arrives = service.tip_arrives_at(cal, now, hours=working_hours(deps.settings.working_hours))
    if arrives > now:  # off shift: the tip waits for their next shift, like every other DM
        deps.store.outbox.enqueue(
            [
                NewMessage(
                    key=f"workflow-tip:{team_id}:{execution_id}",
                    team_id=team_id,
                    kind=TIP_KIND,
                    channel=request.user,
                    payload=payload,
                    due_at=arrives,
                    expires_at=arrives + service.TIP_VALID_FOR,
                    user_id=request.user,
                )
            ],
            now=now,
        )
        outputs.update(status="queued", delivers_at=int(arrives.timestamp()))
    else:
        posted = _post(client, request.user, payload, person=True)
        outputs.update(status="sent", channel_id=posted["channel"], message_ts=posted["ts"])
    deps.store.tips.record(team_id=team_id, user_id=request.user, tip_id=tip.id, now=now)
    return Outcome(outputs)


def _pick_tip(
    deps: Deps, team_id: str, audience: str, level: Level | None, topic: Topic | None
) -> Tip:
    """The next tip for a person or a channel: none repeats until their pool is used up."""
    seen = deps.store.tips.seen(team_id=team_id, user_id=audience)
    tip, reset = tips_service.pick_tip(
        deps.catalog, level=level, topic=topic, seen_ids=seen, rng=_rng
    )
    if reset:
        pool = tips_service.tip_pool(deps.catalog, level=level, topic=topic)
        deps.store.tips.forget(team_id=team_id, user_id=audience, tip_ids=[t.id for t in pool])
    return tip


def _post(
    client: WebClient, channel: str, payload: dict[str, Any], *, person: bool
) -> dict[str, str]:
    try:
        response = client.chat_postMessage(channel=channel, **payload)
    except SLACK_ERRORS as exc:
        code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        problem = service.slack_problem(code, person=person)
        if problem.key == "workflow.error.slack_down":
            log.warning("a workflow step could not reach Slack: %s", code or type(exc).__name__)
        raise problem from None
    return {"channel": str(response["channel"]), "ts": str(response["ts"])}


# -- "Who is off shift?" -------------------------------------------------------------------------


def who_is_off(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    inputs: dict[str, Any],
    execution_id: str,
    now: datetime,
) -> Outcome:
    try:
        request = service.off_request(inputs)
    except StepError as error:
        return failed(deps, service.error_lang(inputs), error)
    workspace = deps.store.workspaces.get(team_id)
    calendars: dict[str, MemberCalendar] = {}
    leave_shared: dict[str, bool] = {}
    unknown = 0
    for user_id in request.users:
        member = deps.store.members.get(team_id=team_id, user_id=user_id)
        if member is None or not service.reportable(member):
            unknown += 1
            continue
        if not member.tz:
            member = load_member(deps.store, client, team_id=team_id, user_id=user_id, now=now)
        calendars[user_id] = member_calendar(member, workspace, deps.settings)
        leave_shared[user_id] = _shares_leave(member)
    standings = service.standings(calendars, leave_shared, now)
    off = [s.user_id for s in standings if s.off is not None]
    summary = views.off_summary(
        deps.catalog,
        request.lang,
        standings,
        names={u: _name(client, u) for u in off},
        zones={u: cal.tz for u, cal in calendars.items()},
        unknown=unknown,
        now=now,
    )
    return Outcome(
        {
            "off_users": off,
            "on_users": [s.user_id for s in standings if s.off is None],
            "off_count": len(off),
            "summary": summary,
        }
    )


def _shares_leave(member: Member) -> bool:
    """Whether the member chose to let others know they are on leave. Members can't choose it
    yet, so leave always reads as "off" (never "on leave") until that setting exists."""
    return False


def _name(client: WebClient, user_id: str) -> str:
    """The name people know a colleague by (their Slack display name), or "" if unknown."""
    try:
        user = client.users_info(user=user_id)["user"]
    except (*SLACK_ERRORS, KeyError, TypeError) as exc:
        log.info("no name for a colleague who is off: %s", type(exc).__name__)
        return ""
    profile = user.get("profile") or {}
    return str(profile.get("display_name") or user.get("real_name") or user.get("name") or "")


# -- "Start this week's pulse now" ---------------------------------------------------------------


def start_pulse(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    inputs: dict[str, Any],
    execution_id: str,
    now: datetime,
) -> Outcome:
    lang = service.error_lang(inputs)
    try:
        who = service.started_by(inputs)
        lang = member_lang(load_member(deps.store, client, team_id=team_id, user_id=who, now=now))
        channel = service.pulse_channel(inputs)
        if not authz.can_manage_pulse(client, deps.store.workspaces.get(team_id), who):
            raise StepError("workflow.error.pulse_not_allowed")
        config = deps.store.pulse.config(team_id, channel)
        if config is None:
            raise StepError("workflow.error.no_pulse")
        if not config.enabled:
            raise StepError("workflow.error.pulse_off")
        this_week, open_rounds = _pulse_rounds(deps, config, now)
        decision, round_ = service.pulse_start(this_week, open_rounds, now)
        if decision == "closed":
            raise StepError("workflow.error.pulse_done")
        if decision == "previous_open":
            assert round_ is not None
            when, zone = views.when_in_zone(
                deps.catalog, lang, round_.closes_at, config.tz, now=now
            )
            raise StepError("workflow.error.pulse_previous_open", closes=when, zone=zone)
    except StepError as error:
        return failed(deps, lang, error)
    if decision == "open_now":
        round_, created = open_this_weeks_pulse(deps, config, now)
        decision = "open_now" if created else "already_open"
    assert round_ is not None
    status = {"open_now": "opened", "already_open": "already_open", "scheduled": "scheduled"}
    key = f"workflow.pulse.{status[decision]}"
    moment = round_.opens_at if decision == "scheduled" else round_.closes_at
    return Outcome(
        {
            "status": status[decision],
            "closes_at": int(round_.closes_at.timestamp()),
            "summary": views.pulse_summary(deps.catalog, lang, key, moment, config.tz, now=now),
        }
    )


# The two places that reach into the pulse: which rounds exist, and opening one now.


def _pulse_rounds(
    deps: Deps, config: PulseConfig, now: datetime
) -> tuple[Round | None, list[Round]]:
    """This week's round of the channel (in the pulse's own zone), and its rounds open now."""
    week = pulse_service.iso_week(now.astimezone(ZoneInfo(config.tz)).date())
    this_week = deps.store.pulse.round_for_week(config.team_id, config.channel_id, week)
    open_now = deps.store.pulse.open_rounds(team_id=config.team_id, now=now)
    return this_week, [r for r in open_now if r.channel_id == config.channel_id]


def open_this_weeks_pulse(deps: Deps, config: PulseConfig, now: datetime) -> tuple[Round, bool]:
    """Open this week's round now: posted, reminded and closed by the pulse's own jobs."""
    return pulse_jobs.open_now(deps, config, now)
