"""Results of a round, put together from the store and the pure rules (shared by the close job,
`/balance pulse results`, App Home and the demo)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.deps import Deps
from bot.features.pulse import service
from bot.store.pulse import PulseConfig, Round

log = logging.getLogger(__name__)


def channel_members(client: WebClient, channel_id: str) -> list[str]:
    """Every member of the channel except the bot itself (raises on Slack errors)."""
    members: list[str] = []
    cursor: str | None = None
    while True:
        page = client.conversations_members(channel=channel_id, limit=1000, cursor=cursor)
        members += [str(m) for m in page.get("members") or []]
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            break
    bot_user = str(client.auth_test().get("user_id") or "")
    return [m for m in dict.fromkeys(members) if m != bot_user]


def try_channel_members(client: WebClient | None, channel_id: str) -> list[str] | None:
    if client is None:
        return None
    try:
        return channel_members(client, channel_id)
    except (SlackApiError, SlackRequestError, OSError) as exc:
        log.warning("could not list the members of a pulse channel: %s", type(exc).__name__)
        return None


def is_member(client: WebClient, channel_id: str, user_id: str) -> bool | None:
    """Whether the member is in the channel; None when Slack could not tell us."""
    members = try_channel_members(client, channel_id)
    return None if members is None else user_id in members


def floor_for(config: PulseConfig | None) -> int:
    return max(config.threshold if config else 0, service.MIN_THRESHOLD)


def results_for(
    deps: Deps, round_: Round, *, members: Sequence[str] | None = None
) -> service.Results:
    """The results of a closed round (with the trend of earlier rounds of its channel);
    `members` (the channel's members) adds participation and the team's behaviour signals."""
    store, catalog = deps.store.pulse, deps.catalog
    config = store.config(round_.team_id, round_.channel_id)
    floor = floor_for(config)
    earlier = [
        r for r in store.closed_rounds(team_id=round_.team_id, channel_id=round_.channel_id,
                                       limit=service.TREND_ROUNDS + 1)
        if r.id != round_.id and r.opens_at < round_.opens_at
    ]
    ids = {q for r in (round_, *earlier) for q in r.questions}
    kinds: dict[str, str] = {}
    factors: dict[str, str] = {}
    for qid in ids:
        try:
            question = catalog.pulse_question(qid)
        except KeyError:
            continue
        kinds[qid], factors[qid] = question.kind, question.factor
    signals = None
    if members is not None:
        signals = behaviour_signals(deps, round_, members, config, floor)
    return service.build_results(
        (round_, store.tallies(round_.id)),
        [(r, store.tallies(r.id)) for r in earlier],
        kinds=kinds, factors=factors, threshold=floor,
        members=len(members) if members is not None else None, signals=signals,
    )


def behaviour_signals(
    deps: Deps, round_: Round, members: Sequence[str], config: PulseConfig | None, floor: int
) -> service.Signals:
    """Break nudges taken and off-shift notices about the team, in the week before the round
    opened; each figure only for a group of at least `floor` people."""
    tz = ZoneInfo(config.tz) if config else ZoneInfo("UTC")
    end_day = round_.opens_at.astimezone(tz).date()
    start_at = round_.opens_at - timedelta(days=7)
    team, taken, total = deps.store.pulse.break_outcomes(
        team_id=round_.team_id, user_ids=members, start=end_day - timedelta(days=6),
        end=end_day,
    )
    notices = deps.store.pulse.notices_about(
        team_id=round_.team_id, user_ids=members, start=start_at, end=round_.opens_at
    )
    return service.team_signals(
        team_size=len(members), break_members=team, breaks_taken=taken, break_outcomes=total,
        notices=notices, threshold=floor,
    )


def latest_closed(deps: Deps, team_id: str, channel_id: str | None) -> Round | None:
    found = deps.store.pulse.closed_rounds(team_id=team_id, channel_id=channel_id, limit=1)
    return found[0] if found else None
