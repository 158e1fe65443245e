"""The pulse on App Home for the people who read its results, and the "Send me the chart" button
there: Home can't show an uploaded image, so the chart goes to the reader's messages with
Balance Bot (the same upload the results DM carries)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import authz
from bot.delivery.errors import SLACK_ERRORS
from bot.deps import Deps
from bot.features.pulse import board, results, views_home
from bot.members import member_lang
from content.models import Lang

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def on_chart(body: dict[str, Any], client: WebClient) -> None:
        action = (body.get("actions") or [{}])[0]
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        send_chart(deps, client, team_id=team_id, user_id=user_id, channel_id=action.get("value"))

    app.action(views_home.CHART_ACTION)(ack=ack_now, lazy=[on_chart])


def home_blocks(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, lang: Lang
) -> list[Any]:
    """The manager's pulse section, or nothing for someone who may not read results."""
    configs, in_charge = board.readable_configs(deps, client, team_id=team_id, user_id=user_id)
    if not in_charge and not configs:
        return []
    boards = [
        found
        for config in configs[: views_home.MAX_CHANNELS]
        if (found := board.board(deps, config, reader=user_id)) is not None
    ]
    return views_home.manager_blocks(deps.catalog, lang, boards, can_setup=in_charge)


def send_chart(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, channel_id: Any
) -> bool:
    """Upload `channel_id`'s trend chart to `user_id`'s DM when they may read its results;
    otherwise, or when there is no chart yet, say so in the DM. Nothing for a non-reader."""
    config = deps.store.pulse.config(team_id, str(channel_id or "")) if channel_id else None
    workspace = deps.store.workspaces.get(team_id)
    if config is None or not authz.can_see_results(
        client, workspace, user_id, results_users=config.results_users
    ):
        return False
    round_ = board.chart_round(deps, config, reader=user_id)
    if round_ is not None and results.upload_chart(deps, client, round_, user_id, user_id):
        return True
    lang = member_lang(deps.store.members.get_or_default(team_id=team_id, user_id=user_id))
    text = views_home.no_chart_text(deps.catalog, lang, config.channel_id)
    try:
        dm = str(client.conversations_open(users=user_id)["channel"]["id"])
        client.chat_postMessage(channel=dm, text=text)
    except SLACK_ERRORS as exc:
        log.warning("could not say there is no pulse chart: %s", type(exc).__name__)
    return False
