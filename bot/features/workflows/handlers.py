"""Balance Bot's custom steps for Slack's Workflow Builder ("Send a balance tip", "Who is off
shift?", "Start this week's pulse now"), declared under `functions` in deploy/slack/manifest*.yml.

Slack runs a step by sending a `function_executed` event; the listener acks at once and the
work runs after the ack, once per event id (Slack retries). Every run ends with
`functions.completeSuccess` (the step's outputs) or `functions.completeError` (a message, in the
catalog's words, that Slack shows whoever ran the workflow), never with a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Complete, Fail
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.commands import CommandRouter
from bot.deps import Deps
from bot.event_once import once_per_event
from bot.features.workflows import actions, service

log = logging.getLogger(__name__)

Step = Callable[..., actions.Outcome]
STEPS: dict[str, Step] = {
    service.SEND_TIP: actions.send_tip,
    service.WHO_IS_OFF: actions.who_is_off,
    service.START_PULSE: actions.start_pulse,
}


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    for callback_id, step in STEPS.items():
        work = _runner(deps, callback_id, step)
        app.function(callback_id)(ack=ack_now, lazy=[once_per_event(deps, work)])


def _runner(deps: Deps, callback_id: str, step: Step) -> Callable[..., None]:
    def run(body: dict[str, Any], client: WebClient, complete: Complete, fail: Fail) -> None:
        event = body.get("event") or {}
        raw = event.get("inputs")
        inputs: dict[str, Any] = raw if isinstance(raw, dict) else {}
        try:
            outcome = step(
                deps,
                client,
                team_id=str(body.get("team_id") or ""),
                inputs=inputs,
                execution_id=str(event.get("function_execution_id") or ""),
                now=deps.clock.now(),
            )
        except Exception as exc:  # a bug must end the step kindly, not leave it hanging
            log.error("the %s step failed: %s", callback_id, type(exc).__name__, exc_info=exc)
            outcome = actions.unexpected(deps, inputs)
        finish(deps, callback_id, outcome, inputs, complete, fail)

    run.__name__ = run.__qualname__ = f"run_{callback_id}"  # Bolt tells lazy listeners by name
    return run


def finish(
    deps: Deps,
    callback_id: str,
    outcome: actions.Outcome,
    inputs: dict[str, Any],
    complete: Complete,
    fail: Fail,
) -> None:
    try:
        if outcome.outputs is not None:
            try:
                complete(outputs=outcome.outputs)
                return
            except SlackApiError as exc:  # e.g. outputs Slack refused: still end the step
                log.error(
                    "Slack refused the %s step's outputs: %s",
                    callback_id,
                    exc.response.get("error"),
                )
                outcome = actions.unexpected(deps, inputs)
        fail(error=outcome.error or actions.unexpected(deps, inputs).error or "")
    except (SlackApiError, SlackRequestError, OSError) as exc:
        log.warning("could not end the %s step: %s", callback_id, type(exc).__name__)
