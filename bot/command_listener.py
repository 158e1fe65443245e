"""The one slash command, `/balance`, and the buttons that mirror its words.

Slack shows "/balance failed" when the answer takes more than 3 seconds. The command runs in
a worker with a time budget (`BALANCE_ACK_BUDGET_SECONDS`, 2 s): an answer ready in time is the
ack itself; a later one goes through the command's response_url after an empty ack. On the
way, the profile look-up (`users.info`, a member's first command) gets a short timeout and no
retries: when Slack is slow the member is answered with defaults (English, UTC) and the profile
is read on a later command.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as BudgetSpent
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.commands import RUN_ACTION, Command, CommandRouter, Reply, split_command
from bot.deps import Deps
from bot.features.help import views as help_views
from bot.members import load_member, member_lang

log = logging.getLogger(__name__)


# Commands answered past the budget keep running here; bounded, so a slow Slack cannot make
# the bot start a thread per command.
COMMAND_WORKERS = 16


def register_command_listener(app: App, deps: Deps, router: CommandRouter) -> None:
    workers = ThreadPoolExecutor(COMMAND_WORKERS, thread_name_prefix="balance-command")
    budget = deps.settings.ack_budget_seconds

    def on_command(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        future = workers.submit(
            run,
            deps,
            router,
            client=client,
            text=str(command.get("text", "")),
            team_id=str(command.get("team_id", "")),
            user_id=str(command.get("user_id", "")),
            channel_id=command.get("channel_id"),
            trigger_id=command.get("trigger_id"),
            response_url=command.get("response_url"),
            lookup_client=quick_client(client, timeout=min(1.0, budget / 2)),
        )
        try:
            reply = future.result(timeout=budget)
        except BudgetSpent:
            ack()
            if command.get("response_url"):
                future.add_done_callback(lambda done: _answer_late(done, respond))
            return
        if reply is None:
            ack()
        else:
            ack(response_type="ephemeral", **reply)

    def on_run_action(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        user = body.get("user") or {}
        reply = run(
            deps,
            router,
            client=client,
            text=str(action.get("value") or "help"),
            team_id=str((body.get("team") or {}).get("id") or user.get("team_id")),
            user_id=str(user.get("id", "")),
            channel_id=(body.get("channel") or {}).get("id"),
            trigger_id=body.get("trigger_id"),
            response_url=body.get("response_url"),
        )
        if reply is not None:
            member = deps.store.members.get_or_default(
                team_id=str((body.get("team") or {}).get("id") or user.get("team_id")),
                user_id=str(user.get("id", "")),
            )
            close = deps.catalog.ui("button.close", member_lang(member))
            reply_to_action(body, client, respond, reply, close=close)

    app.command("/balance")(on_command)
    # Buttons that mirror a command: `balance.run`, or `balance.run.<words>` where one message
    # holds several (Slack wants action ids unique within a message).
    app.action(re.compile(rf"^{re.escape(RUN_ACTION)}(\..+)?$"))(on_run_action)


def run(
    deps: Deps,
    router: CommandRouter,
    *,
    client: WebClient,
    text: str,
    team_id: str,
    user_id: str,
    channel_id: str | None,
    trigger_id: str | None,
    response_url: str | None = None,
    lookup_client: WebClient | None = None,
) -> Reply:
    """Parse → route → answer. Never lets an exception reach the member as a trace.

    Every command and mirrored button ends here, so this is where a change to the member's
    settings is announced (App Home is published again in the background when they did)."""
    now = deps.clock.now()
    name, args = split_command(text)
    member = load_member(
        deps.store, lookup_client or client, team_id=team_id, user_id=user_id, now=now
    )
    lang = member_lang(member)
    handler = router.find(name)
    if handler is None:
        return help_views.usage_hint(deps.catalog, lang, name)
    cmd = Command(
        team_id=team_id,
        user_id=user_id,
        channel_id=channel_id,
        name=name,
        args=args,
        trigger_id=trigger_id,
        member=member,
        lang=lang,
        client=client,
        now=now,
        response_url=response_url,
    )
    try:
        reply = handler(cmd)
    except Exception:
        # The global error handler can't answer the member; say something useful instead.
        log.exception("/balance %s failed", name)
        return help_views.something_went_wrong(deps.catalog, lang)
    deps.member_changes.notify(client, team_id=team_id, user_id=user_id, before=member)
    return reply


def quick_client(client: WebClient, *, timeout: float) -> WebClient:
    """The request's client (same token and Web API URL) for a look-up that must not hold
    up the ack: a short timeout, no retries."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=max(0.1, timeout),  # type: ignore[arg-type]  # urllib takes float seconds
        retry_handlers=[],
    )


def _answer_late(done: Future[Reply], respond: Respond) -> None:
    """The answer of a command that outlived its budget, through the response_url."""
    try:
        reply = done.result()
    except Exception as exc:  # run() answers its own errors; this is a last resort
        log.error("a late /balance answer failed: %s", type(exc).__name__)
        return
    if reply is None:
        return
    try:
        respond(response_type="ephemeral", replace_original=False, **reply)
    except (SlackApiError, SlackRequestError, OSError, ValueError) as exc:
        log.warning("could not send a late /balance answer: %s", type(exc).__name__)


def reply_to_action(
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    reply: dict[str, Any],
    *,
    close: str,
) -> None:
    """Answer a button: in the conversation it came from, or in a modal from App Home."""
    container = body.get("container") or {}
    if container.get("type") == "view" and body.get("trigger_id"):
        client.views_open(
            trigger_id=body["trigger_id"],
            view=help_views.as_modal(reply, title="Balance Bot", close=close),
        )
        return
    respond(replace_original=False, response_type="ephemeral", **reply)
