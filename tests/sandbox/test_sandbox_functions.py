"""Workflow Builder custom steps in the sandbox: `function_executed` events over HTTP and Socket
Mode to a bare Bolt app using `app.function`, and `functions.completeSuccess` /
`functions.completeError` with the execution's own token, as Slack does them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App, Complete, Fail
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox import BoltAppServer, SlackSandbox, SlackSender, SocketSender
from tests.sandbox.test_sandbox_socket_mode import close_quickly

STEPS = {
    "greet": {
        "title": "Greet someone",
        "description": "Say hello",
        "input_parameters": {
            "user": {"type": "slack#/types/user_id", "title": "Who", "is_required": True},
            "shout": {"type": "boolean", "title": "Shout"},
        },
        "output_parameters": {
            "greeting": {"type": "string", "title": "Greeting", "is_required": True},
            "ts": {"type": "slack#/types/message_ts", "title": "Message"},
        },
    },
    "count": {
        "title": "Count people",
        "description": "v2 form of parameters",
        "input_parameters": {
            "properties": {"users": {"type": "array", "items": {"type": "slack#/types/user_id"}}},
            "required": ["users"],
        },
        "output_parameters": {"properties": {"n": {"type": "integer"}}, "required": ["n"]},
    },
}


def build_app(slack: SlackSandbox, seen: list[dict[str, Any]]) -> App:
    app = App(
        client=WebClient(base_url=slack.api_url, token=slack.bot_token),
        signing_secret=slack.signing_secret,
        process_before_response=True,
    )

    @app.function("greet")
    def greet(inputs: dict[str, Any], client: WebClient, complete: Complete, fail: Fail) -> None:
        seen.append({"inputs": inputs, "token": client.token})
        if inputs["user"] == "U0CAL":
            fail("Cal asked not to be greeted.")
            return
        posted = client.chat_postMessage(channel=inputs["user"], text="hello")
        if inputs.get("shout"):
            complete({"greeting": "HELLO", "ts": posted["ts"], "extra": 1})
        else:
            complete({"greeting": "hello", "ts": posted["ts"]})

    @app.function("count")
    def count(inputs: dict[str, Any], complete: Complete) -> None:
        complete({"n": len(inputs["users"])})

    return app


@pytest.fixture
def steps(slack: SlackSandbox) -> SlackSandbox:
    slack.define_functions(STEPS)
    return slack


@pytest.fixture(params=["http", "socket"])
def sender(
    request: pytest.FixtureRequest, steps: SlackSandbox, seen: list[dict[str, Any]]
) -> Iterator[SlackSender | SocketSender]:
    app = build_app(steps, seen)
    if request.param == "http":
        with (
            BoltAppServer(app) as server,
            SlackSender(server.events_url, steps.signing_secret, sandbox=steps) as http,
        ):
            yield http
        return
    handler = SocketModeHandler(app, steps.app_token)
    handler.connect()
    steps.wait_for_socket(timeout=5)
    yield SocketSender(steps)
    close_quickly(steps, handler)


@pytest.fixture
def seen() -> list[dict[str, Any]]:
    return []


def test_a_step_runs_with_its_own_token_and_completes(
    steps: SlackSandbox, sender: SlackSender | SocketSender, seen: list[dict[str, Any]]
) -> None:
    run = steps.start_function("greet", {"user": "U0ANA"})
    assert run.token.startswith("xwfp-") and run.event["bot_access_token"] == run.token
    assert sender.event(run.event).status == 200
    done = steps.wait_for_function(run.id)
    assert done.state == "completed"
    assert done.outputs is not None and done.outputs["greeting"] == "hello"
    # Bolt swaps in the execution's token for every call the listener makes.
    assert seen[0]["token"] == run.token
    assert done.completed_with == run.token
    assert steps.calls("chat.postMessage")[-1].token == run.token
    assert steps.messages("U0ANA")[-1]["ts"] == done.outputs["ts"]


def test_the_event_lists_the_step_s_parameters(steps: SlackSandbox) -> None:
    run = steps.start_function("count", {"users": ["U0ANA", "U0BEN"]})
    function = run.event["function"]
    assert function["callback_id"] == "count"
    assert [p["name"] for p in function["input_parameters"]] == ["users"]
    assert function["input_parameters"][0]["is_required"] is True
    assert run.event["inputs"] == {"users": ["U0ANA", "U0BEN"]}


def test_fail_reaches_slack_as_complete_error(
    steps: SlackSandbox, sender: SlackSender | SocketSender
) -> None:
    run = steps.start_function("greet", {"user": "U0CAL"})
    sender.event(run.event)
    done = steps.wait_for_function(run.id)
    assert done.state == "failed" and done.error == "Cal asked not to be greeted."
    assert steps.calls("functions.completeError")[-1].token == run.token


def test_outputs_that_break_the_definition_are_refused(
    steps: SlackSandbox, sender: SlackSender | SocketSender
) -> None:
    run = steps.start_function("greet", {"user": "U0ANA", "shout": True})
    sender.event(run.event)
    steps.wait_for("functions.completeSuccess")
    call = steps.calls("functions.completeSuccess")[-1]
    assert call.error == "parameter_validation_failed"
    assert "outputs/extra" in call.response["response_metadata"]["messages"][0]  # type: ignore[index]
    assert not steps.function_run(run.id).done


def test_the_execution_token_ends_with_the_execution(steps: SlackSandbox) -> None:
    run = steps.start_function("greet", {"user": "U0ANA"})
    client = WebClient(base_url=steps.api_url, token=run.token)
    client.chat_postMessage(channel="U0ANA", text="while it runs")
    client.functions_completeSuccess(function_execution_id=run.id, outputs={"greeting": "hi"})
    with pytest.raises(SlackApiError) as late:
        client.chat_postMessage(channel="U0ANA", text="after it ended")
    assert late.value.response["error"] == "token_expired"
    with pytest.raises(SlackApiError) as again:
        client.functions_completeError(function_execution_id=run.id, error="too late")
    assert again.value.response["error"] == "execution_not_in_running_state"


def test_only_the_app_may_end_an_execution(steps: SlackSandbox) -> None:
    first = steps.start_function("greet", {"user": "U0ANA"})
    second = steps.start_function("greet", {"user": "U0BEN"})
    other = WebClient(base_url=steps.api_url, token=second.token)
    with pytest.raises(SlackApiError) as denied:
        other.functions_completeSuccess(function_execution_id=first.id, outputs={"greeting": "x"})
    assert denied.value.response["error"] == "access_denied"
    bot = WebClient(base_url=steps.api_url, token=steps.bot_token)
    with pytest.raises(SlackApiError) as unknown:
        bot.functions_completeError(function_execution_id="Fx0NOPE", error="?")
    assert unknown.value.response["error"] == "function_execution_not_found"
    bot.functions_completeError(function_execution_id=first.id, error="stopped by the app")
    assert steps.function_run(first.id).error == "stopped by the app"


def test_inputs_are_checked_like_workflow_builder(steps: SlackSandbox) -> None:
    with pytest.raises(ValueError, match="inputs/user is required"):
        steps.start_function("greet", {})
    with pytest.raises(ValueError, match="inputs/users/1 must be"):
        steps.start_function("count", {"users": ["U0ANA", "#front-desk"]})
    with pytest.raises(KeyError):
        steps.start_function("nope", {})
