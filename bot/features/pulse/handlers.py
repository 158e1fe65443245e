"""`/balance pulse [results|setup]`, the "Answer" button and the two pulse modals.

Listeners stay thin: parse (forms) → rule (service, authz) → store → view. Nothing here logs a
member together with an answer, and free text is screened for patient data before it is kept.
Who may answer is the set frozen when the round opened, checked again when answers arrive.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from bot import authz
from bot.commands import Command, CommandRouter, Reply
from bot.delivery.errors import SLACK_ERRORS
from bot.deps import Deps
from bot.features.pulse import (
    api,
    eligibility,
    forms,
    home,
    jobs,
    reports,
    views,
    views_results,
    views_setup,
)
from bot.features.quiet import views as quiet_views
from bot.members import member_lang
from content import language_for_locale
from content.models import Lang

log = logging.getLogger(__name__)

_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|\b([CG][A-Z0-9]{6,})\b")


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    router.add("pulse", lambda cmd: pulse_command(deps, cmd), aliases=("encuesta",))

    def ack_now(ack: Ack) -> None:
        ack()

    def on_answer_button(body: dict[str, Any], client: WebClient) -> None:
        action = (body.get("actions") or [{}])[0]
        team_id = str((body.get("team") or {}).get("id") or "")
        user_id = str((body.get("user") or {}).get("id") or "")
        try:
            round_id = int(str(action.get("value") or ""))
        except ValueError:
            return
        open_answer_modal(
            deps,
            client,
            team_id=team_id,
            user_id=user_id,
            round_id=round_id,
            trigger_id=str(body.get("trigger_id") or ""),
        )

    def on_answer_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        ack(**submit_answer(deps, body, view, client))

    def on_setup_submit(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        ack(**submit_setup(deps, client, body, view))

    app.action(views.ANSWER_ACTION)(ack=ack_now, lazy=[on_answer_button])
    app.view(views.ANSWER_CALLBACK)(on_answer_submit)
    app.view(views.SETUP_CALLBACK)(on_setup_submit)
    home.register(app, deps)
    jobs.register(deps)


def pulse_command(deps: Deps, cmd: Command) -> Reply:
    word, _, rest = cmd.args.partition(" ")
    word = word.lower()
    if word in ("", "answer", "responder"):
        return answer_command(deps, cmd)
    if word in ("results", "resultados"):
        return results_command(deps, cmd, rest)
    if word in ("setup", "configurar"):
        return setup_command(deps, cmd)
    return views.plain(deps.catalog.ui("pulse.usage", cmd.lang))


# -- answering ---------------------------------------------------------------------------------


def answer_command(deps: Deps, cmd: Command) -> Reply:
    """Open the answer modal for an open round this member may answer (this channel's first)."""
    rounds = deps.store.pulse.open_rounds(team_id=cmd.team_id, now=cmd.now)
    rounds.sort(key=lambda r: r.channel_id != cmd.channel_id)
    for round_ in rounds[:5]:
        key = reports.round_key(deps, round_)
        if key is None or round_.eligible is None or key.member(cmd.user_id) not in round_.eligible:
            continue
        if not cmd.trigger_id:
            break
        return open_answer_modal(
            deps,
            cmd.client,
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            round_id=round_.id,
            trigger_id=cmd.trigger_id,
        )
    return views.plain(deps.catalog.ui("pulse.none_open", cmd.lang))


def open_answer_modal(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, round_id: int, trigger_id: str
) -> Reply:
    """Open the answer modal, or a modal saying why not (closed, answered, or not someone this
    round asks: a reader of its results, a guest, someone who joined after it opened)."""
    view = answer_view(deps, client, team_id=team_id, user_id=user_id, round_id=round_id)
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except SLACK_ERRORS as exc:
        log.warning("could not open the pulse modal: %s", type(exc).__name__)
    return None


def answer_view(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, round_id: int
) -> dict[str, Any]:
    catalog, now = deps.catalog, deps.clock.now()
    known = deps.store.members.get(team_id=team_id, user_id=user_id)
    asked = not (known and known.lang)  # a first contact: their Slack locale says the language
    user = eligibility.profile(client, user_id, quick=True) if asked else None
    lang = quiet_lang(deps, team_id=team_id, user_id=user_id, user=user)
    round_ = deps.store.pulse.round(round_id)
    if round_ is None or round_.team_id != team_id or not round_.accepts_answers(now):
        return views.info_modal(catalog, lang, catalog.ui("pulse.closed", lang))
    key = reports.round_key(deps, round_)
    if key is None or round_.eligible is None:
        return views.info_modal(catalog, lang, catalog.ui("pulse.unavailable", lang))
    config = deps.store.pulse.config(team_id, round_.channel_id)
    readers = reports.readers(deps, team_id, config)
    if key.member(user_id) not in round_.eligible:
        if not asked and user_id not in readers:
            user = eligibility.profile(client, user_id, quick=True)
        why = eligibility.why_not(
            client,
            team_id=team_id,
            channel_id=round_.channel_id,
            user_id=user_id,
            readers=readers,
            user=user,
        )
        return views.not_eligible_modal(catalog, lang, why, channel_id=round_.channel_id)
    if user_id in readers:
        return views.not_eligible_modal(
            catalog, lang, eligibility.READER, channel_id=round_.channel_id
        )
    if api.has_answered(deps, round_, user_id):
        return views.info_modal(catalog, lang, catalog.ui("pulse.already_answered", lang))
    return views.answer_modal(catalog, lang, round_, api.questions_of(deps, round_))


def _who(body: dict[str, Any]) -> tuple[str, str]:
    user = body.get("user") or {}
    team_id = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
    return team_id, str(user.get("id") or "")


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def quiet_lang(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    hint: object = None,
    user: dict[str, Any] | None = None,
) -> Lang:
    """The member's language, found without writing anything (no trace of when someone opened
    or sent the pulse): what we know of them, else the language the modal was built in, else
    their Slack locale (`user`: their profile, when we have it)."""
    member = deps.store.members.get(team_id=team_id, user_id=user_id)
    if member is not None and member.lang:
        return member_lang(member)
    if hint in ("en", "es"):
        return hint
    return language_for_locale(str((user or {}).get("locale") or ""))


def submit_answer(
    deps: Deps, body: dict[str, Any], view: dict[str, Any], client: WebClient | None = None
) -> dict[str, Any]:
    """The ack for an answer: field errors, or a modal that thanks or explains."""
    team_id, user_id = _who(body)
    catalog = deps.catalog
    hint = _metadata(view).get("lang")
    known = deps.store.members.get(team_id=team_id, user_id=user_id)
    user = None
    if hint not in ("en", "es") and not (known and known.lang) and client is not None:
        user = eligibility.profile(client, user_id, quick=True)  # a hand-made submission
    lang = quiet_lang(deps, team_id=team_id, user_id=user_id, hint=hint, user=user)
    values = ((view.get("state") or {}).get("values")) or {}
    try:
        round_id = int(_metadata(view).get("round") or 0)
    except (TypeError, ValueError):
        round_id = 0
    try:
        outcome = api.answer(
            deps,
            team_id=team_id,
            user_id=user_id,
            round_id=round_id,
            values=values,
            now=deps.clock.now(),
        )
    except SQLAlchemyError as exc:
        # Nothing was stored (the transaction rolled back). The modal stays open with the
        # member's answers and says so; the log says what failed, never what was answered.
        log.error("pulse: an answer could not be saved (%s)", type(exc).__name__)
        inputs = [b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"]
        block = next((b for b in reversed(inputs) if isinstance(b, str) and b), None)
        if block is None:
            return {
                "response_action": "update",
                "view": views.info_modal(catalog, lang, catalog.ui("pulse.save_failed", lang)),
            }
        return {
            "response_action": "errors",
            "errors": {block: catalog.ui("pulse.save_failed", lang)},
        }
    if isinstance(outcome, list):
        return {"response_action": "errors", "errors": views.errors(catalog, lang, outcome)}
    return {"response_action": "update", "view": views.outcome_modal(catalog, lang, outcome)}


# -- set-up ------------------------------------------------------------------------------------


def setup_command(deps: Deps, cmd: Command) -> Reply:
    catalog = deps.catalog
    workspace = deps.store.workspaces.get(cmd.team_id)
    if not authz.can_manage_pulse(cmd.client, workspace, cmd.user_id):
        return views.plain(catalog.ui("pulse.setup.refused", cmd.lang))
    if reports.keyring(deps) is None:
        return views.plain(catalog.ui("pulse.setup.no_secret", cmd.lang))
    if not cmd.trigger_id:
        return views.plain(catalog.ui("pulse.usage", cmd.lang))
    channel = cmd.channel_id if (cmd.channel_id or "")[:1] in ("C", "G") else None
    config = deps.store.pulse.config(cmd.team_id, channel) if channel else None
    view = views_setup.setup_modal(
        catalog,
        cmd.lang,
        config=config,
        channel_id=channel,
        tz=cmd.member.tz or "UTC",
        user_id=cmd.user_id,
        bank=catalog.pulse_questions(),
    )
    cmd.client.views_open(trigger_id=cmd.trigger_id, view=view)
    return None


def submit_setup(
    deps: Deps, client: WebClient, body: dict[str, Any], view: dict[str, Any]
) -> dict[str, Any]:
    team_id, user_id = _who(body)
    catalog, now = deps.catalog, deps.clock.now()
    lang: Lang = member_lang(deps.store.members.get_or_default(team_id=team_id, user_id=user_id))
    workspace = deps.store.workspaces.get(team_id)
    if not authz.can_manage_pulse(client, workspace, user_id):
        text = catalog.ui("pulse.setup.refused", lang)
        return {"response_action": "update", "view": views.info_modal(catalog, lang, text)}
    if reports.keyring(deps) is None:
        text = catalog.ui("pulse.setup.no_secret", lang)
        return {"response_action": "update", "view": views.info_modal(catalog, lang, text)}
    values = ((view.get("state") or {}).get("values")) or {}
    bank = {q.id: q for q in catalog.pulse_questions()}
    form, problems = forms.parse_setup(values, bank)
    if form is None:
        return {"response_action": "errors", "errors": views.errors(catalog, lang, problems)}
    config = api.save_config(deps, form.config(team_id), now=now)
    warning = None
    try:  # a first idea only: who may answer is decided when each round opens
        members = eligibility.channel_members(client, config.channel_id)
    except SLACK_ERRORS:
        members = None
    if members is not None:
        readers = reports.readers(deps, team_id, config)
        can_answer = len([m for m in members if m not in readers and m != bot_user_id(client)])
        if can_answer < config.threshold:
            warning = catalog.ui(
                "pulse.setup.small_team",
                lang,
                members=str(can_answer),
                threshold=str(config.threshold),
            )
    nxt = api.next_opening(deps, config, now)
    next_text = None
    if nxt is not None:
        next_text = quiet_views.zoned_when_phrase(catalog, lang, nxt, config.tz, now=now)
    saved = views_setup.setup_saved(catalog, lang, config, next_open=next_text, warning=warning)
    return {"response_action": "update", "view": saved}


# -- results -----------------------------------------------------------------------------------


def bot_user_id(client: WebClient) -> str:
    """The bot's own user id (it is a member of the channel, not someone who answers)."""
    try:
        return str(client.auth_test().get("user_id") or "")
    except SLACK_ERRORS:
        return ""


def results_command(deps: Deps, cmd: Command, rest: str) -> Reply:
    """The latest stored results of a channel's pulse, as this reader may see them. One view of a
    whole round: nothing filters or slices it, and nothing is recomputed."""
    catalog = deps.catalog
    found = _CHANNEL.search(rest)
    channel = (found.group(1) or found.group(2)) if found else None
    store = deps.store.pulse
    if channel is None and cmd.channel_id and store.config(cmd.team_id, cmd.channel_id):
        channel = cmd.channel_id
    round_ = reports.latest_closed(deps, cmd.team_id, channel)
    config = store.config(cmd.team_id, round_.channel_id) if round_ else None
    workspace = deps.store.workspaces.get(cmd.team_id)
    if not authz.can_see_results(
        cmd.client, workspace, cmd.user_id, results_users=config.results_users if config else ()
    ):
        return views.plain(catalog.ui("auth.managers_only", cmd.lang))
    if round_ is None:
        return views.plain(catalog.ui("pulse.results.none", cmd.lang))
    results = reports.results_for(deps, round_, reader=cmd.user_id)
    return views_results.results_message(catalog, cmd.lang, results, channel_id=round_.channel_id)
