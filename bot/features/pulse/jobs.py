"""The pulse's weekly cycle, through the outbox: plan a round → open it and post it → remind →
close → results. Keys make each step happen once per week across replicas and restarts.

The planner only touches the database. Steps that need Slack run in the pre-send gate of their
outbox row, where the dispatcher hands over the workspace's client:
- `pulse_post`: freezes who may answer (opening.py; it waits while Slack can't list the
  channel's members), then posts the poll;
- `pulse_reminder`: DMs each member of the frozen set who has not answered, worked out in memory
  from the round's keyed hashes (nobody is named, nothing about who has not answered is
  stored); the row itself is then marked skipped, as its channel fallback is not needed;
- `pulse_close`: closes the round (closing.py) and turns the poll's "Answer" button into a
  "closed" note;
- `pulse_results`: uploads the trend chart (files upload v2) just before the text results.
A round whose close row could not run is closed by the planner an hour late. Every tick also
deletes the comments whose retention (BALANCE_PULSE_COMMENT_RETENTION_WEEKS) has ended.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.delivery import Decision
from bot.deps import Deps
from bot.features.pulse import (
    chart,
    closing,
    eligibility,
    opening,
    reports,
    service,
    views,
    views_results,
)
from bot.features.pulse.closing import RESULTS_KIND, channel_lang, close_round, reader_lang
from bot.features.pulse.sealing import SealError
from bot.members import language_and_zone
from bot.schedule import MemberCalendar, is_day_off
from bot.store.outbox import NewMessage, OutboxRow
from bot.store.pulse import PulseConfig, Round

log = logging.getLogger(__name__)

POST_KIND, REMIND_KIND, CLOSE_KIND = "pulse_post", "pulse_reminder", "pulse_close"
CLOSE_GRACE = timedelta(hours=1)
PRUNE_EVERY = timedelta(hours=1)
SLACK_ERRORS = (SlackApiError, SlackRequestError, OSError)


def register(deps: Deps) -> None:
    planned: set[str] = set()  # rounds this process already planned: no query for them
    pruned: list[datetime] = []  # when this process last deleted expired comments

    def planner(now: datetime) -> None:
        if len(planned) > 50_000:  # old weeks; forgetting them costs one query each
            planned.clear()
        if not pruned or now - pruned[0] >= PRUNE_EVERY:
            pruned[:] = [now]
            prune_comments(deps, now)
        plan(deps, now, planned=planned)

    deps.jobs.add_planner("pulse.rounds", planner)
    deps.jobs.add_gate(POST_KIND, lambda row, client, now: post_gate(deps, row, client, now))
    deps.jobs.add_gate(REMIND_KIND, lambda row, client, now: reminder_gate(deps, row, client, now))
    deps.jobs.add_gate(CLOSE_KIND, lambda row, client, now: close_gate(deps, row, client, now))
    deps.jobs.add_gate(RESULTS_KIND, lambda row, client, now: results_gate(deps, row, client))


def post_key(team_id: str, channel_id: str, week: str) -> str:
    return f"pulse:{team_id}:{channel_id}:{week}"


def _key(prefix: str, row_key: str) -> tuple[str, str, str]:
    team_id, channel_id, week = row_key.removeprefix(prefix).split(":", 2)
    return team_id, channel_id, week


def _round_of(deps: Deps, row: OutboxRow, prefix: str) -> Round | None:
    return deps.store.pulse.round_for_week(*_key(prefix, row.key))


# -- planning ----------------------------------------------------------------------------------


def prune_comments(deps: Deps, now: datetime) -> int:
    weeks = deps.settings.pulse_comment_retention_weeks
    return deps.store.pulse.prune_comments(before=now - timedelta(weeks=weeks))


_warned: set[str] = set()


def plan(deps: Deps, now: datetime, *, planned: set[str] | None = None) -> int:
    """Plan this week's round of every enabled pulse; close rounds left open. Returns how many
    rounds were created. `planned` remembers rounds already planned, across calls. Without
    BALANCE_PULSE_SECRET nothing is planned or closed (start-up refuses that case; this covers
    a replica started before another one set a pulse up)."""
    if reports.keyring(deps) is None:
        if deps.store.pulse.configs(enabled_only=True) and "no_secret" not in _warned:
            _warned.add("no_secret")
            log.warning("the weekly pulse is set up but BALANCE_PULSE_SECRET is not set here: "
                        "this process leaves pulse rounds to replicas that have it")
        return 0
    created = 0
    for config in deps.store.pulse.configs(enabled_only=True):
        try:
            created += plan_config(deps, config, now, planned=planned)
        except Exception:
            log.exception("could not plan a pulse round")  # one team's data must not stop others
    for round_ in deps.store.pulse.due_to_close(now - CLOSE_GRACE):
        close_round(deps, round_, now)
    return created


def pulse_calendar(deps: Deps, config: PulseConfig) -> MemberCalendar:
    workspace = deps.store.workspaces.get(config.team_id)
    settings = deps.settings
    return MemberCalendar(
        tz=config.tz,
        closed_days=workspace.closed_days,
        holiday_country=workspace.holiday_country or settings.holiday_country,
        holiday_subdiv=workspace.holiday_subdiv
        or (settings.holiday_subdiv if not workspace.holiday_country else None),
    )


def plan_config(
    deps: Deps, config: PulseConfig, now: datetime, *, planned: set[str] | None = None
) -> int:
    cal = pulse_calendar(deps, config)
    window = service.due_window(config, now, lambda day: is_day_off(cal, day) is not None)
    suffix = f"{config.team_id}:{config.channel_id}:{window.week if window else ''}"
    if window is None or (planned is not None and suffix in planned):
        return 0
    store = deps.store
    round_, created = store.pulse.create_round(
        team_id=config.team_id, channel_id=config.channel_id, week=window.week,
        opens_at=window.opens_at, closes_at=window.closes_at, questions=config.questions,
        threshold=max(config.threshold, service.MIN_THRESHOLD),
    )
    if not created and store.outbox.by_key(f"pulse-close:{suffix}") is not None:
        if planned is not None:
            planned.add(suffix)
        return 0
    queue_round(deps, config, round_, now)
    if planned is not None:
        planned.add(suffix)
    return int(created)


def queue_round(deps: Deps, config: PulseConfig, round_: Round, now: datetime) -> None:
    """The round's post, reminder and close, as outbox rows keyed by team, channel and week."""
    suffix = f"{config.team_id}:{config.channel_id}:{round_.week}"
    catalog = deps.catalog
    lang = channel_lang(config)
    poll = views.poll_message(catalog, lang, round_, tz=config.tz, now=now)
    remind_at = service.reminder_at(round_.opens_at, round_.closes_at)
    rows = [
        NewMessage(f"pulse:{suffix}", config.team_id, POST_KIND, config.channel_id, poll,
                   due_at=round_.opens_at, expires_at=round_.closes_at - CLOSE_GRACE),
        NewMessage(f"pulse-remind:{suffix}", config.team_id, REMIND_KIND, config.channel_id,
                   views.reminder_dm(catalog, lang, round_, channel_id=config.channel_id,
                                     tz=config.tz, now=remind_at),
                   due_at=remind_at, expires_at=round_.closes_at),
        NewMessage(f"pulse-close:{suffix}", config.team_id, CLOSE_KIND, config.channel_id,
                   views.closed_message(catalog, lang), due_at=round_.closes_at),
    ]
    deps.store.outbox.enqueue(rows, now=now)


def open_now(deps: Deps, config: PulseConfig, now: datetime) -> tuple[Round, bool]:
    """Open this week's round at `now` rather than at its weekly time ("start this week's pulse
    now"); it is then posted, reminded and closed like any other, and the weekly planner finds
    this week done. Returns this week's round and whether this call opened it."""
    week = service.iso_week(now.astimezone(ZoneInfo(config.tz)).date())
    round_, created = deps.store.pulse.create_round(
        team_id=config.team_id, channel_id=config.channel_id, week=week, opens_at=now,
        closes_at=now + timedelta(hours=config.open_hours), questions=config.questions,
        threshold=max(config.threshold, service.MIN_THRESHOLD),
    )
    if created:
        queue_round(deps, config, round_, now)
    return round_, created


# -- gates -------------------------------------------------------------------------------------


def post_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    round_ = _round_of(deps, row, "pulse:")
    config = deps.store.pulse.config(row.team_id, row.channel)
    if round_ is None or round_.status != "open" or now >= round_.closes_at:
        return Decision("skip", reason="pulse_closed")
    if config is None or not config.enabled:
        return Decision("skip", reason="pulse_off")
    return opening.open_round(deps, client, round_, config, now)


def reminder_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    round_ = _round_of(deps, row, "pulse-remind:")
    if round_ is None or not round_.accepts_answers(now):
        return Decision("skip", reason="pulse_closed")
    key = reports.round_key(deps, round_)
    if key is None:
        return Decision("defer", until=now + opening.RETRY, reason="no_pulse_secret")
    try:
        members = eligibility.channel_members(client, round_.channel_id)
    except SLACK_ERRORS as exc:
        log.info("pulse reminder waits: %s", eligibility.slack_error(exc))
        return Decision("defer", until=now + timedelta(minutes=5), reason="members_unknown")
    blob = deps.store.pulse.sealed(round_.id)
    try:
        voted = key.open(blob).voters if blob else frozenset()
    except SealError:
        return Decision("skip", reason="sealed_with_another_secret")
    if not deps.store.pulse.mark_reminded(round_.id):
        return Decision("skip", reason="already_reminded")
    assert round_.eligible is not None
    config = deps.store.pulse.config(round_.team_id, round_.channel_id)
    readers = reports.readers(deps, round_.team_id, config)  # named since it opened: can't answer
    waiting = [
        u for u in members
        if (h := key.member(u)) in round_.eligible and h not in voted and u not in readers
    ]
    sent = send_reminders(deps, client, round_, waiting, now)
    log.info("pulse reminder sent privately to %d member(s)", sent)
    return Decision("skip", reason="reminded_privately")


def send_reminders(
    deps: Deps, client: WebClient, round_: Round, members: list[str], now: datetime
) -> int:
    """DM each member who can still answer; who they are is never written anywhere."""
    sent = 0
    for user_id in members:
        lang, tz = language_and_zone(deps.store, client, team_id=round_.team_id, user_id=user_id)
        payload = views.reminder_dm(deps.catalog, lang, round_,
                                    channel_id=round_.channel_id, tz=tz or "UTC", now=now)
        try:
            client.chat_postMessage(channel=user_id, **payload)
            sent += 1
        except SLACK_ERRORS as exc:  # deactivated accounts…
            log.info("a pulse reminder was not delivered: %s", type(exc).__name__)
    return sent


def close_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    round_ = _round_of(deps, row, "pulse-close:")
    if round_ is None:
        return Decision("skip", reason="no_round")
    if round_.status == "open" and round_.closes_at > now:
        return Decision("defer", until=round_.closes_at, reason="still_open")
    if round_.status == "open" and not close_round(deps, round_, now):
        return Decision("defer", until=now + opening.RETRY, reason="cannot_close_yet")
    post = deps.store.outbox.by_key(post_key(*_key("pulse-close:", row.key)))
    if post is None or not post.slack_ts:
        return Decision("skip", reason="never_posted")
    deps.store.pulse.set_message_ts(round_.id, post.slack_ts)
    config = deps.store.pulse.config(round_.team_id, round_.channel_id)
    try:
        client.chat_update(channel=row.channel, ts=post.slack_ts,
                           **views.closed_message(deps.catalog, channel_lang(config)))
    except SLACK_ERRORS as exc:
        log.info("could not mark the pulse post closed: %s", type(exc).__name__)
        return Decision("send")  # say it in a new message instead
    return Decision("skip", reason="poll_updated")


def results_gate(deps: Deps, row: OutboxRow, client: WebClient) -> Decision:
    """Upload the trend chart just before the text results (once: not on a retry)."""
    if row.attempts > 1 or row.in_doubt:
        return Decision("send")
    round_id = int(row.key.split(":")[1])
    round_ = deps.store.pulse.round(round_id)
    if round_ is None:
        return Decision("send")
    upload_chart(deps, client, round_, row.channel, row.user_id)
    return Decision("send")


def upload_chart(
    deps: Deps, client: WebClient, round_: Round, channel: str, user_id: str | None
) -> bool:
    member = deps.store.members.get_or_default(team_id=round_.team_id, user_id=user_id or "")
    config = deps.store.pulse.config(round_.team_id, round_.channel_id)
    lang = reader_lang(member, config) if user_id else channel_lang(config)
    results = reports.results_for(deps, round_, reader=user_id)
    if not results.eligible:
        return False
    catalog = deps.catalog
    labels = {q.id: views.question_label(catalog, lang, q.id) for q in results.questions}
    title = catalog.ui("pulse.results.chart_title", lang, week=round_.week)
    png = chart.render_trend(results, labels, title=title)
    if png is None:
        return False
    try:
        target = channel
        if channel[:1] in ("U", "W"):
            target = str(client.conversations_open(users=channel)["channel"]["id"])
        client.files_upload_v2(
            channel=target, file=png, filename=f"pulse-trend-{round_.week}.png", title=title,
            alt_txt=views_results.chart_alt_text(catalog, lang, results)[:1000],
            initial_comment=catalog.ui("pulse.results.chart_comment", lang,
                                       channel=f"<#{round_.channel_id}>"),
        )
    except SLACK_ERRORS as exc:
        log.warning("could not upload the pulse trend chart: %s", type(exc).__name__)
        return False
    return True


__all__ = ["CLOSE_GRACE", "RESULTS_KIND", "close_round", "closing", "plan", "register"]
