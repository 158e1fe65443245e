"""Sending a reader's pulse results: inside their shift or working hours (they are not urgent:
`pulse results` shows them at any time), with the trend chart uploaded just before the text."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.calendars import dm_deliver_at
from bot.delivery import Decision
from bot.delivery.errors import SLACK_ERRORS
from bot.deps import Deps
from bot.features.pulse import chart, reports, views, views_results
from bot.features.pulse.closing import channel_lang, reader_lang
from bot.members import peek_member
from bot.store.outbox import OutboxRow
from bot.store.pulse import Round

log = logging.getLogger(__name__)


def results_gate(deps: Deps, row: OutboxRow, client: WebClient, now: datetime) -> Decision:
    """A reader's results wait for their shift or working hours (not urgent: `pulse results`
    shows them at any time); then the trend chart goes up just before the text (once)."""
    if row.user_id:
        reader = peek_member(deps.store, client, team_id=row.team_id, user_id=row.user_id)
        workspace = deps.store.workspaces.get(row.team_id)
        due = dm_deliver_at(reader, workspace, deps.settings, now, not_after=row.expires_at)
        if due is None:
            return Decision("skip", reason="reader_away")
        if due > now:
            return Decision("defer", until=due, reason="outside_hours")
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
            channel=target,
            file=png,
            filename=f"pulse-trend-{round_.week}.png",
            title=title,
            alt_txt=views_results.chart_alt_text(catalog, lang, results)[:1000],
            initial_comment=catalog.ui(
                "pulse.results.chart_comment", lang, channel=f"<#{round_.channel_id}>"
            ),
        )
    except SLACK_ERRORS as exc:
        log.warning("could not upload the pulse trend chart: %s", type(exc).__name__)
        return False
    return True
