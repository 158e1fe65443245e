"""Closing a round: open its envelope, shuffle and total the answers, compute the team's
behaviour signals once over the set frozen at open, store all that with the round and delete
the envelope (one transaction), then queue the results for each person allowed.

Only stored figures are ever shown afterwards: `/balance pulse results` and App Home read them
back and never recompute anything from today's channel.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.features.pulse import reports, service, views_results
from bot.features.pulse.sealing import Envelope, RoundKey, SealError
from bot.members import member_lang
from bot.store.members import Member
from bot.store.outbox import NewMessage
from bot.store.pulse import RESULTS_KEY, Closing, PulseConfig, Round, Signals, Tally
from content.models import Lang

log = logging.getLogger(__name__)

RESULTS_KIND = "pulse_results"
RESULTS_VALID_FOR = timedelta(days=3)


def channel_lang(config: PulseConfig | None) -> Lang:
    """The language of what the pulse posts in its channel: a setting of the pulse."""
    return "es" if config is not None and config.lang == "es" else "en"


def reader_lang(member: Member, config: PulseConfig | None) -> Lang:
    """A results reader's language: their own, else (they never used a command, and these
    messages are queued without asking Slack) the team's, as the pulse is set up."""
    return member_lang(member) if member.lang else channel_lang(config)


def aggregate(envelope: Envelope, signals: Signals | None) -> Closing:
    """What stays of the answers: totals per question and the comments in random order."""
    answers = list(envelope.answers)
    rng = secrets.SystemRandom()
    rng.shuffle(answers)
    totals: dict[str, list[int]] = {}
    comments: list[str] = []
    for one in answers:
        for a in one:
            if a.value is not None:
                tally = totals.setdefault(a.question_id, [0, 0, 0])
                tally[0] += 1
                tally[1] += a.value
                tally[2] += a.value  # yes/no answers are 1/0
            if a.comment and a.comment.strip():
                comments.append(a.comment)
    rng.shuffle(comments)
    tallies: Mapping[str, Tally] = {q: Tally(*t) for q, t in totals.items()}
    return Closing(
        responses=len(answers), tallies=tallies, comments=tuple(comments), signals=signals
    )


def team_signals(deps: Deps, round_: Round, key: RoundKey, config: PulseConfig | None) -> Signals:
    """Break nudges taken and off-shift notices in the week before the round opened, over the
    members frozen at open who have a schedule; each figure only for enough people."""
    assert round_.eligible is not None
    team = [
        m.user_id
        for m in deps.store.members.in_team(round_.team_id)
        if m.schedule and key.member(m.user_id) in round_.eligible
    ]
    tz = ZoneInfo(config.tz) if config else ZoneInfo("UTC")
    end_day = round_.opens_at.astimezone(tz).date()
    with_nudges, taken, total = deps.store.pulse.break_outcomes(
        team_id=round_.team_id, user_ids=team, start=end_day - timedelta(days=6), end=end_day
    )
    notices = deps.store.pulse.notices_about(
        team_id=round_.team_id,
        user_ids=team,
        start=round_.opens_at - timedelta(days=7),
        end=round_.opens_at,
    )
    return service.team_signals(
        team_size=len(team),
        break_members=with_nudges,
        breaks_taken=taken,
        break_outcomes=total,
        notices=notices,
        threshold=reports.floor_for(config),
    )


def close_round(deps: Deps, round_: Round, now: datetime, *, early: bool = False) -> bool:
    """Close the round and queue its results. True for the one caller that closed it; False
    (and the round stays open, to be tried again) when it can't be opened with the secrets
    configured. `early` closes before `closes_at` (the demo)."""
    store = deps.store.pulse
    if round_.closes_at > now and not early:
        return False
    config = store.config(round_.team_id, round_.channel_id)
    if not round_.opened:
        note = round_.note or "not_opened"
        if not store.void(round_.id, now=now, note=note):
            return False
        if note == "members_unknown":
            closed = store.round(round_.id)
            assert closed is not None
            queue_results(deps, closed, config, now)
        return True
    key = reports.round_key(deps, round_)
    if key is None:
        log.error(
            "a pulse round can't close: none of the secrets in BALANCE_PULSE_SECRET sealed "
            "it; put back the secret it was opened with"
        )
        return False
    signals = team_signals(deps, round_, key, config)

    def finish(blob: bytes | None) -> Closing:
        return aggregate(key.open(blob) if blob else Envelope(), signals)

    try:
        if not store.close(round_.id, now=now, finish=finish):
            return False
    except SealError:
        log.error("a pulse round can't close: its answers don't open with BALANCE_PULSE_SECRET")
        return False
    # The members' reminder rows end alike, but their timings are still traces: gone at close.
    deps.store.outbox.forget_prefix(f"pulse-remind-dm:{round_.id}:")
    closed = store.round(round_.id)
    assert closed is not None
    queue_results(deps, closed, config, now)
    log.info("pulse round closed")
    return True


def queue_results(deps: Deps, round_: Round, config: PulseConfig | None, now: datetime) -> int:
    """The results, as each person allowed may see them, and (when the set-up says so) figures
    without comments for the channel."""
    rows = []
    for person in sorted(reports.readers(deps, round_.team_id, config)):
        member = deps.store.members.get_or_default(team_id=round_.team_id, user_id=person)
        lang = reader_lang(member, config)
        results = reports.results_for(deps, round_, reader=person)
        payload = views_results.results_message(
            deps.catalog, lang, results, channel_id=round_.channel_id
        )
        rows.append(_row(round_, person, payload, now, user_id=person))
    if config is not None and config.results_channel and round_.opened:
        results = reports.results_for(deps, round_)
        if results.eligible:
            payload = views_results.results_message(
                deps.catalog,
                channel_lang(config),
                results,
                channel_id=round_.channel_id,
                shared=True,
            )
            rows.append(_row(round_, round_.channel_id, payload, now))
    return deps.store.outbox.enqueue(rows, now=now)


def _row(
    round_: Round, to: str, payload: dict[str, object], now: datetime, user_id: str | None = None
) -> NewMessage:
    return NewMessage(
        f"{RESULTS_KEY.format(round_id=round_.id)}{to}",
        round_.team_id,
        RESULTS_KIND,
        to,
        payload,
        due_at=now,
        expires_at=now + RESULTS_VALID_FOR,
        user_id=user_id,
    )
