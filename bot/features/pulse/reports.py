"""Results of a round, from what was stored when it closed (shared by the close job,
`/balance pulse results`, App Home and the demo). Nothing here asks Slack: no figure follows
today's channel membership, and asking twice gives the same answer."""

from __future__ import annotations

from bot.deps import Deps
from bot.features.pulse import service
from bot.features.pulse.sealing import Keyring, RoundKey
from bot.store.pulse import PulseConfig, Round, RoundTallies


def keyring(deps: Deps) -> Keyring | None:
    """The configured pulse secrets, or None when BALANCE_PULSE_SECRET is not set."""
    return Keyring.from_setting(deps.settings.pulse_secret)


def round_key(deps: Deps, round_: Round) -> RoundKey | None:
    """The round's keys, or None when no configured secret sealed it."""
    keys = keyring(deps)
    if keys is None:
        return None
    return keys.for_round(round_.team_id, round_.id, round_.key_check)


def readers(deps: Deps, team_id: str, config: PulseConfig | None) -> set[str]:
    """Who reads a pulse's results, as stored here: the people its set-up names and the
    managers an admin named (workspace admins, who can read too, are known from Slack)."""
    named = set(config.results_users) if config else set()
    return named | set(deps.store.workspaces.get(team_id).managers)


def floor_for(config: PulseConfig | None) -> int:
    return max(config.threshold if config else 0, service.MIN_THRESHOLD)


def tallies_of(round_: Round) -> RoundTallies:
    return RoundTallies(
        responses=round_.responses,
        questions=dict(round_.tallies or {}),
        comments=round_.comments or (),
    )


def could_answer(deps: Deps, round_: Round, user_id: str) -> bool:
    """Whether `user_id` was in the round's frozen set (so its results are not for them).
    When that can't be checked (the secret that sealed it is no longer configured), the answer
    is yes: results are withheld rather than risked."""
    if round_.eligible is None:
        return False  # the round never opened, or it closed before sets were frozen
    key = round_key(deps, round_)
    return key is None or key.member(user_id) in round_.eligible


def results_for(deps: Deps, round_: Round, *, reader: str | None = None) -> service.Results:
    """The stored results of a closed round with its channel's trend, as `reader` may see them
    (rounds they could answer are withheld); `reader=None` for a channel post."""
    store, catalog = deps.store.pulse, deps.catalog
    config = store.config(round_.team_id, round_.channel_id)
    earlier = [
        r
        for r in store.closed_rounds(
            team_id=round_.team_id, channel_id=round_.channel_id, limit=service.TREND_ROUNDS + 1
        )
        if r.id != round_.id and r.opens_at < round_.opens_at
    ]
    hidden = set()
    if reader is not None:
        hidden = {r.id for r in (round_, *earlier) if could_answer(deps, r, reader)}
    ids = {q for r in (round_, *earlier) for q in r.questions}
    kinds: dict[str, str] = {}
    factors: dict[str, str] = {}
    for qid in ids:
        try:
            question = catalog.pulse_question(qid)
        except KeyError:
            continue
        kinds[qid], factors[qid] = question.kind, question.factor
    results = service.build_results(
        (round_, tallies_of(round_)),
        [(r, tallies_of(r)) for r in earlier],
        kinds=kinds,
        factors=factors,
        threshold=floor_for(config),
        members=len(round_.eligible) if round_.eligible is not None else None,
        signals=round_.signals,
        hidden=hidden,
    )
    if round_.id in hidden:
        return service.Results(
            round=round_,
            eligible=False,
            responses=round_.responses,
            threshold=results.threshold,
            could_answer=True,
        )
    return results


def latest_closed(deps: Deps, team_id: str, channel_id: str | None) -> Round | None:
    found = deps.store.pulse.closed_rounds(team_id=team_id, channel_id=channel_id, limit=1)
    return found[0] if found else None
