"""The pulse's weekly cycle, through the outbox: plan a round → open it and post it → remind →
close → results. Keys make each step happen once per week across replicas and restarts.

The planner only touches the database. Steps that need Slack run in the pre-send gate of their
outbox row, where the dispatcher hands over the workspace's client:
- `pulse_post`: freezes who may answer (opening.py; it waits while Slack can't list the
  channel's members), then posts the poll;
- `pulse_reminder`: plans one reminder row per member of the frozen set, each due inside that
  member's own shift or working hours (reminding.py); whether they answered is checked only
  when their row comes due, and nothing about it is stored;
- `pulse_close`: closes the round (closing.py) and turns the poll's "Answer" button into a
  "closed" note;
- `pulse_results`: waits for the reader's hours, then uploads the trend chart just before the text
  results (results.py).
A round whose close row could not run is closed by the planner an hour late. Every tick also
deletes the comments whose retention (BALANCE_PULSE_COMMENT_RETENTION_WEEKS) has ended.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from bot.delivery import Decision
from bot.delivery.errors import SLACK_ERRORS
from bot.deps import Deps
from bot.features.pulse import (
    closing,
    opening,
    redact,
    reminding,
    reports,
    results,
    service,
    views,
)
from bot.features.pulse.closing import RESULTS_KIND, channel_lang, close_round
from bot.schedule import MemberCalendar, is_day_off
from bot.store.outbox import NewMessage, OutboxRow
from bot.store.pulse import PulseConfig, Round

log = logging.getLogger(__name__)

POST_KIND, REMIND_KIND, CLOSE_KIND = "pulse_post", "pulse_reminder", "pulse_close"
CLOSE_GRACE = timedelta(hours=1)
PRUNE_EVERY = timedelta(hours=1)


def register(deps: Deps) -> None:
    planned: set[str] = set()  # rounds this process already planned: no query for them
    pruned: list[datetime] = []  # when this process last deleted expired comments

    def planner(now: datetime) -> None:
        if len(planned) > 50_000:  # old weeks; forgetting them costs one query each
            planned.clear()
        if not pruned or now - pruned[0] >= PRUNE_EVERY:
            pruned[:] = [now]
            redact.prune(deps, now)
        plan(deps, now, planned=planned)

    deps.jobs.add_planner("pulse.rounds", planner)
    deps.jobs.add_gate(POST_KIND, lambda row, client, now: post_gate(deps, row, client, now))
    deps.jobs.add_gate(REMIND_KIND, lambda row, client, now: reminder_gate(deps, row, client, now))
    deps.jobs.add_gate(
        reminding.DM_KIND, lambda row, client, now: reminding.dm_gate(deps, row, client, now)
    )
    deps.jobs.add_gate(CLOSE_KIND, lambda row, client, now: close_gate(deps, row, client, now))
    deps.jobs.add_gate(
        RESULTS_KIND, lambda row, client, now: results.results_gate(deps, row, client, now)
    )
    deps.jobs.add_gate(
        redact.REDACT_KIND, lambda row, client, now: redact.redact_gate(deps, row, client, now)
    )


def post_key(team_id: str, channel_id: str, week: str) -> str:
    return f"pulse:{team_id}:{channel_id}:{week}"


def _key(prefix: str, row_key: str) -> tuple[str, str, str]:
    team_id, channel_id, week = row_key.removeprefix(prefix).split(":", 2)
    return team_id, channel_id, week


def _round_of(deps: Deps, row: OutboxRow, prefix: str) -> Round | None:
    return deps.store.pulse.round_for_week(*_key(prefix, row.key))


# -- planning ----------------------------------------------------------------------------------


_warned: set[str] = set()


def plan(deps: Deps, now: datetime, *, planned: set[str] | None = None) -> int:
    """Plan this week's round of every enabled pulse; close rounds left open. Returns how many
    rounds were created. `planned` remembers rounds already planned, across calls. Without
    BALANCE_PULSE_SECRET nothing is planned or closed (start-up refuses that case; this covers
    a replica started before another one set a pulse up)."""
    if reports.keyring(deps) is None:
        if deps.store.pulse.configs(enabled_only=True) and "no_secret" not in _warned:
            _warned.add("no_secret")
            log.warning(
                "the weekly pulse is set up but BALANCE_PULSE_SECRET is not set here: "
                "this process leaves pulse rounds to replicas that have it"
            )
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
        team_id=config.team_id,
        channel_id=config.channel_id,
        week=window.week,
        opens_at=window.opens_at,
        closes_at=window.closes_at,
        questions=config.questions,
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
        NewMessage(
            f"pulse:{suffix}",
            config.team_id,
            POST_KIND,
            config.channel_id,
            poll,
            due_at=round_.opens_at,
            expires_at=round_.closes_at - CLOSE_GRACE,
        ),
        NewMessage(
            f"pulse-remind:{suffix}",
            config.team_id,
            REMIND_KIND,
            config.channel_id,
            views.reminder_dm(
                catalog,
                lang,
                round_,
                channel_id=config.channel_id,
                tz=config.tz,
                now=remind_at,
            ),
            due_at=remind_at,
            expires_at=round_.closes_at,
        ),
        NewMessage(
            f"pulse-close:{suffix}",
            config.team_id,
            CLOSE_KIND,
            config.channel_id,
            views.closed_message(catalog, lang),
            due_at=round_.closes_at,
        ),
    ]
    deps.store.outbox.enqueue(rows, now=now)


def open_now(deps: Deps, config: PulseConfig, now: datetime) -> tuple[Round, bool]:
    """Open this week's round at `now` rather than at its weekly time ("start this week's pulse
    now"); it is then posted, reminded and closed like any other, and the weekly planner finds
    this week done. Returns this week's round and whether this call opened it."""
    week = service.iso_week(now.astimezone(ZoneInfo(config.tz)).date())
    round_, created = deps.store.pulse.create_round(
        team_id=config.team_id,
        channel_id=config.channel_id,
        week=week,
        opens_at=now,
        closes_at=now + timedelta(hours=config.open_hours),
        questions=config.questions,
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
    if round_ is None:
        return Decision("skip", reason="pulse_closed")
    return reminding.fan_out(deps, client, round_, now)


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
        client.chat_update(
            channel=row.channel,
            ts=post.slack_ts,
            **views.closed_message(deps.catalog, channel_lang(config)),
        )
    except SLACK_ERRORS as exc:
        log.info("could not mark the pulse post closed: %s", type(exc).__name__)
        return Decision("send")  # say it in a new message instead
    return Decision("skip", reason="poll_updated")


__all__ = ["CLOSE_GRACE", "RESULTS_KIND", "close_round", "closing", "plan", "register"]
