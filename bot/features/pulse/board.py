"""The manager's view of a pulse on App Home: the last weeks of one channel as a table, from
the stored figures, as one reader may see them.

Every week goes through the same rule as the results (`service.build_results` with the
channel's threshold and the rounds this reader could answer hidden), so a week below the
threshold, or one the reader could answer, shows no figure at all. The team signals and the
alert come from the newest round's results exactly as `/balance pulse results` shows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from slack_sdk import WebClient

from bot import authz
from bot.deps import Deps
from bot.features.pulse import reports, service
from bot.store.pulse import PulseConfig, Round

WEEKS = service.TREND_ROUNDS


@dataclass(frozen=True)
class Week:
    week: str
    eligible: bool  # figures shown (met the threshold, and the reader could not answer it)
    responses: int | None  # None: the reader could answer this round, so nothing is shown
    members: int | None  # how many could answer (frozen at open), when known
    values: Mapping[str, float]


@dataclass(frozen=True)
class Board:
    channel_id: str
    weeks: tuple[Week, ...]  # oldest first
    questions: tuple[str, ...]  # question ids, the newest round's order first
    kinds: Mapping[str, str]
    latest: service.Results  # the newest round's results: team signals and the alert

    @property
    def charted(self) -> bool:
        """A trend chart needs two weeks with figures (`chart.render_trend`)."""
        return sum(1 for w in self.weeks if w.eligible) >= 2


def readable_configs(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str
) -> tuple[list[PulseConfig], bool]:
    """The pulses whose results `user_id` may read, and whether they are in charge (an admin
    or a named manager: they read every pulse and may set one up). The same rule as
    `authz.can_see_results`."""
    workspace = deps.store.workspaces.get(team_id)
    configs = deps.store.pulse.configs(team_id=team_id)
    in_charge = authz.is_manager(workspace, user_id) or authz.is_admin(client, team_id, user_id)
    if not in_charge:
        configs = [c for c in configs if user_id in c.results_users]
    return configs, in_charge


def board(deps: Deps, config: PulseConfig, *, reader: str) -> Board | None:
    """The last weeks of `config`'s channel for `reader`, or None before any round closed."""
    rounds = deps.store.pulse.closed_rounds(
        team_id=config.team_id, channel_id=config.channel_id, limit=WEEKS
    )
    if not rounds:
        return None
    kinds, factors = _kinds(deps, rounds)
    weeks = tuple(_week(deps, r, config, kinds, factors, reader) for r in reversed(rounds))
    order = dict.fromkeys(q for r in rounds for q in r.questions if kinds.get(q))
    return Board(
        channel_id=config.channel_id,
        weeks=weeks,
        questions=tuple(order),
        kinds=kinds,
        latest=reports.results_for(deps, rounds[0], reader=reader),
    )


def chart_round(deps: Deps, config: PulseConfig, *, reader: str) -> Round | None:
    """The newest closed round whose results `reader` may see: its trend is the chart."""
    for round_ in deps.store.pulse.closed_rounds(
        team_id=config.team_id, channel_id=config.channel_id, limit=WEEKS
    ):
        if reports.results_for(deps, round_, reader=reader).eligible:
            return round_
    return None


def _kinds(deps: Deps, rounds: list[Round]) -> tuple[dict[str, str], dict[str, str]]:
    kinds: dict[str, str] = {}
    factors: dict[str, str] = {}
    for qid in {q for r in rounds for q in r.questions}:
        try:
            question = deps.catalog.pulse_question(qid)
        except KeyError:
            continue
        if question.kind in ("scale", "yesno"):
            kinds[qid], factors[qid] = question.kind, question.factor
    return kinds, factors


def _week(
    deps: Deps,
    round_: Round,
    config: PulseConfig,
    kinds: Mapping[str, str],
    factors: Mapping[str, str],
    reader: str,
) -> Week:
    hidden = {round_.id} if reports.could_answer(deps, round_, reader) else set()
    members = len(round_.eligible) if round_.eligible is not None else None
    results = service.build_results(
        (round_, reports.tallies_of(round_)),
        [],
        kinds=kinds,
        factors=factors,
        threshold=reports.floor_for(config),
        members=members,
        hidden=hidden,
    )
    values = {q.id: q.value for q in results.questions} if results.eligible else {}
    return Week(
        week=round_.week,
        eligible=results.eligible,
        responses=None if hidden else round_.responses,
        members=members,
        values=values,
    )
