"""A small API over the pulse, used by the listeners and open to the demo and tests.

Play a round without Slack's UI (the weekly jobs still post, remind and close through the
outbox when the ticker runs):

    config = api.setup(deps, team_id="T1", channel_id="C1", results_users=["U0MGR"], now=now)
    round_ = api.start_round(deps, config, now=now, eligible=["U0ANA", ...])  # open now
    api.answer(deps, team_id="T1", user_id="U0ANA", round_id=round_.id,
               values=api.simple_values({"workload-manageable": 4, ...}), now=now)
    api.close(deps, round_.id, now=later)                       # queues the results messages
    results = api.results(deps, round_.id, reader="U0MGR")      # service.Results
    png = api.chart_png(deps, round_.id)                        # bytes, or None (no trend yet)

Everything here needs BALANCE_PULSE_SECRET (`deps.settings.pulse_secret`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.features.pulse import chart, closing, forms, jobs, reports, service, views
from bot.features.pulse.sealing import Envelope
from bot.schedule import is_day_off
from bot.store.pulse import PulseConfig, Round
from content.models import Lang, PulseQuestion


def questions_of(deps: Deps, round_: Round) -> list[PulseQuestion]:
    found = []
    for qid in round_.questions:
        try:
            found.append(deps.catalog.pulse_question(qid))
        except KeyError:
            continue  # a practice removed the question from its bank since the round began
    return found


Outcome = Literal["ok", "duplicate", "closed", "not_eligible", "reader", "unavailable"]


def has_answered(deps: Deps, round_: Round, user_id: str) -> bool:
    key = reports.round_key(deps, round_)
    blob = deps.store.pulse.sealed(round_.id)
    if key is None or blob is None:
        return False
    return key.member(user_id) in key.open(blob).voters


def answer(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    round_id: int,
    values: Mapping[str, Any],
    now: datetime,
) -> Outcome | list[forms.Problem]:
    """Check and seal one member's answers (modal state `values`): problems to show in the
    modal (a comment with patient data is refused, never stored), or the outcome. Who answers
    is checked again here, whatever the modal said: only the set frozen at open, and nobody
    who reads the results."""
    round_ = deps.store.pulse.round(round_id)
    if round_ is None or round_.team_id != team_id or not round_.accepts_answers(now):
        return "closed"
    key = reports.round_key(deps, round_)
    if key is None:
        return "unavailable"
    config = deps.store.pulse.config(team_id, round_.channel_id)
    if user_id in reports.readers(deps, team_id, config):
        return "reader"  # (also someone named to read results after the round opened)
    voter = key.member(user_id)
    assert round_.eligible is not None
    if voter not in round_.eligible:
        return "not_eligible"
    answers, problems = forms.parse_answers(questions_of(deps, round_), values)
    if problems:
        return problems
    return deps.store.pulse.submit(
        round_id, now=now, change=lambda blob: key.seal(key.open(blob).with_answer(voter, answers))
    )


def simple_values(answers: Mapping[str, int | str]) -> dict[str, Any]:
    """Modal state from `{question id: 1–5 | 0/1 | "comment"}` (for the demo and tests)."""
    out: dict[str, Any] = {}
    for qid, value in answers.items():
        state: dict[str, Any]
        if isinstance(value, str):
            state = {"type": "plain_text_input", "value": value}
        else:
            state = {"type": "radio_buttons", "selected_option": {"value": str(value)}}
        out[forms.question_block(qid)] = {forms.ACTION: state}
    return out


def save_config(deps: Deps, config: PulseConfig, *, now: datetime) -> PulseConfig:
    threshold = max(config.threshold, service.MIN_THRESHOLD)
    return deps.store.pulse.save_config(
        PulseConfig(**{**config.__dict__, "threshold": threshold}), now=now
    )


def setup(
    deps: Deps,
    *,
    team_id: str,
    channel_id: str,
    now: datetime,
    weekday: int = service.DEFAULT_WEEKDAY,
    local_time: str = service.DEFAULT_TIME,
    tz: str = "America/Chicago",
    questions: Sequence[str] = (*service.DEFAULT_QUESTIONS, service.DEFAULT_COMMENT),
    open_hours: int = service.DEFAULT_OPEN_HOURS,
    threshold: int = service.DEFAULT_THRESHOLD,
    results_users: Iterable[str] = (),
    results_channel: bool = False,
) -> PulseConfig:
    """Set up (or change) a channel's pulse, as the set-up modal does."""
    config = PulseConfig(
        team_id=team_id,
        channel_id=channel_id,
        weekday=weekday,
        local_time=local_time,
        tz=tz,
        questions=tuple(questions),
        open_hours=open_hours,
        threshold=threshold,
        results_users=tuple(results_users),
        results_channel=results_channel,
    )
    return save_config(deps, config, now=now)


def next_opening(deps: Deps, config: PulseConfig, now: datetime) -> datetime | None:
    """When the next round opens (this week's, if it is still ahead)."""
    cal = jobs.pulse_calendar(deps, config)
    today = now.astimezone(ZoneInfo(config.tz)).date()
    monday = today - timedelta(days=today.weekday())
    for week in range(3):
        window = service.window_for_week(
            config, monday + timedelta(weeks=week), lambda d: is_day_off(cal, d) is not None
        )
        if (
            window is not None
            and window.opens_at >= now
            and (config.created_at is None or window.opens_at >= config.created_at)
        ):
            return window.opens_at
    return None


def plan(deps: Deps, now: datetime) -> int:
    """Run the weekly planner once (what each scheduler tick does)."""
    return jobs.plan(deps, now)


def start_round(
    deps: Deps,
    config: PulseConfig,
    *,
    now: datetime,
    eligible: Sequence[str],
    hours: int | None = None,
) -> Round:
    """Open a round for `config` right now, whatever its weekly schedule says, for the members
    `eligible` (the demo and tests; the weekly job asks Slack instead)."""
    keys = reports.keyring(deps)
    if keys is None:
        raise ValueError("BALANCE_PULSE_SECRET is not set")
    week = service.iso_week(now.astimezone(ZoneInfo(config.tz)).date())
    round_, _ = deps.store.pulse.create_round(
        team_id=config.team_id,
        channel_id=config.channel_id,
        week=week,
        opens_at=now,
        closes_at=now + timedelta(hours=hours or config.open_hours),
        questions=config.questions,
        threshold=max(config.threshold, service.MIN_THRESHOLD),
    )
    key = keys.new_round(round_.team_id, round_.id)
    deps.store.pulse.freeze(
        round_.id,
        eligible=[key.member(u) for u in eligible],
        key_check=key.check,
        sealed=key.seal(Envelope()),
    )
    found = deps.store.pulse.round(round_.id)
    assert found is not None
    return found


def close(deps: Deps, round_id: int, *, now: datetime) -> bool:
    """Close a round now, even before its closing time, and queue its results for everyone
    allowed (the outbox sends them)."""
    round_ = deps.store.pulse.round(round_id)
    return round_ is not None and closing.close_round(deps, round_, now, early=True)


def results(deps: Deps, round_id: int, *, reader: str | None = None) -> service.Results:
    round_ = deps.store.pulse.round(round_id)
    if round_ is None or round_.status != "closed":
        raise ValueError("results exist only for a closed round")
    return reports.results_for(deps, round_, reader=reader)


def chart_png(deps: Deps, round_id: int, lang: Lang = "en") -> bytes | None:
    found = results(deps, round_id)
    if not found.eligible:
        return None
    labels = {q.id: views.question_label(deps.catalog, lang, q.id) for q in found.questions}
    title = deps.catalog.ui("pulse.results.chart_title", lang, week=found.round.week)
    return chart.render_trend(found, labels, title=title)
