"""Workflow Builder custom steps (Slack "functions") in the sandbox.

Slack runs an app's custom step by sending it a `function_executed` event (over HTTP or Socket
Mode, for apps with `function_runtime: remote`). The event carries the step's `inputs`, a
`function_execution_id` and a `bot_access_token`: a token that acts as the bot only while that
execution runs. The app ends the step with `functions.completeSuccess` (outputs that must match
the step's `output_parameters`) or `functions.completeError` (a message Slack shows the person
who ran the workflow). This module keeps the step definitions (from the app manifest), each
execution and its outcome, and checks values against Slack's parameter types.
"""

from __future__ import annotations

import copy
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.methods import SandboxConfig
from bot.sandbox.state import TokenInfo, Workspace

RUNNING, COMPLETED, FAILED = "running", "completed", "failed"

_ID_SHAPES = {
    "slack#/types/user_id": re.compile(r"^[UW][A-Z0-9]{2,}$"),
    "slack#/types/channel_id": re.compile(r"^[CGD][A-Z0-9]{2,}$"),
    "slack#/types/usergroup_id": re.compile(r"^S[A-Z0-9]{2,}$"),
    "slack#/types/message_ts": re.compile(r"^\d{9,11}\.\d{1,6}$"),
    "slack#/types/date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}


@dataclass
class FunctionRun:
    """One execution of a custom step, as Slack tracks it."""

    id: str  # function_execution_id, "Fx…"
    workflow_execution_id: str
    callback_id: str
    team_id: str
    inputs: dict[str, Any]
    token: str  # the execution's bot_access_token
    event: dict[str, Any]  # the inner `function_executed` event
    state: str = RUNNING
    outputs: dict[str, Any] | None = None
    error: str | None = None
    completed_with: str | None = None  # the token the completion call carried
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> bool:
        return self.state != RUNNING


def parameters(spec: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """A step's parameters as Slack lists them in the event, from either manifest form:
    v1 `{name: {type, is_required, …}}` or v2 `{properties: {…}, required: [...]}`."""
    if not spec:
        return []
    if isinstance(spec.get("properties"), Mapping):
        required = set(spec.get("required") or ())
        items = {n: {**p, "is_required": n in required} for n, p in spec["properties"].items()}
    else:
        items = {n: dict(p) for n, p in spec.items()}
    return [
        {"name": name, "is_required": bool(p.get("is_required")), **p} for name, p in items.items()
    ]


def check_value(param: Mapping[str, Any], value: Any, where: str) -> list[str]:
    """Slack's type check for one parameter value; messages name the JSON pointer."""
    kind = str(param.get("type") or "")
    bad = [f"[ERROR] {where} must be {kind} [json-pointer:/{where}]"]
    if kind in ("string", "slack#/types/rich_text") or kind in _ID_SHAPES:
        if not isinstance(value, str) or (kind in _ID_SHAPES and not _ID_SHAPES[kind].match(value)):
            return bad
    elif kind == "boolean":
        if not isinstance(value, bool):
            return bad
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return bad
    elif kind in ("number", "slack#/types/timestamp"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return bad
    elif kind == "object":
        if not isinstance(value, dict):
            return bad
    elif kind in ("slack#/types/user_context", "slack#/types/interactivity"):
        who = value.get("interactor", value) if isinstance(value, dict) else None
        if not isinstance(who, dict) or not isinstance(who.get("id"), str):
            return bad
    elif kind == "array":
        if not isinstance(value, list):
            return bad
        items = param.get("items") or {}
        out: list[str] = []
        for i, item in enumerate(value):
            out += check_value(items, item, f"{where}/{i}") if items.get("type") else []
        return out
    enum = param.get("enum")
    if enum and value not in enum:
        return [f"[ERROR] {where} must be one of {list(enum)} [json-pointer:/{where}]"]
    return []


def check_params(spec: Mapping[str, Any] | None, values: Mapping[str, Any], what: str) -> list[str]:
    """Every problem with `values` (inputs or outputs) against a step's parameters."""
    declared = {p["name"]: p for p in parameters(spec)}
    problems = [
        f"[ERROR] {what}/{name} is not a parameter of this step [json-pointer:/{what}]"
        for name in values
        if name not in declared
    ]
    for name, param in declared.items():
        if values.get(name) is None:
            if param.get("is_required"):
                problems.append(f"[ERROR] {what}/{name} is required [json-pointer:/{what}]")
            continue
        problems += check_value(param, values[name], f"{what}/{name}")
    return problems


class FunctionSteps:
    """Custom-step helpers mixed into `SlackSandbox`."""

    workspace: Workspace
    config: SandboxConfig

    def define_functions(self, functions: Mapping[str, Mapping[str, Any]]) -> None:
        """Declare custom steps, as the manifest's `functions` section does."""
        with self.workspace.lock:
            self.workspace.function_defs.update(
                {name: copy.deepcopy(dict(spec)) for name, spec in functions.items()}
            )

    def user_context(self, user_id: str) -> dict[str, str]:
        """The value Workflow Builder gives a `slack#/types/user_context` input for a person
        who started the workflow (it cannot be typed in by whoever builds the workflow)."""
        return {"id": user_id, "secret": secrets.token_hex(32)}

    def start_function(
        self, callback_id: str, inputs: Mapping[str, Any], *, team_id: str | None = None
    ) -> FunctionRun:
        """Start an execution of a declared step: returns the run, whose `event` is what Slack
        sends to the app (send it with `sender.event(run.event)`). Inputs are checked against
        the step's `input_parameters` as Workflow Builder would; a bad test input raises."""
        ws = self.workspace
        with ws.lock:
            definition = ws.function_defs.get(callback_id)
            if definition is None:
                raise KeyError(f"no custom step {callback_id!r} is defined")
            problems = check_params(definition.get("input_parameters"), inputs, "inputs")
            if problems:
                raise ValueError("; ".join(problems))
            team = team_id or ws.team_id
            run_id = ws.new_id("Fx")
            token = f"xwfp-{secrets.token_hex(6)}-{secrets.token_hex(16)}"
            ws.tokens[token] = TokenInfo("bot", team, execution_id=run_id)
            run = FunctionRun(
                run_id, ws.new_id("Wx"), callback_id, team, copy.deepcopy(dict(inputs)), token, {}
            )
            run.event = self._event(definition, run)
            ws.function_runs[run_id] = run
            return copy.deepcopy(run)

    def _event(self, definition: Mapping[str, Any], run: FunctionRun) -> dict[str, Any]:
        created = int(time.time()) - 86_400
        return {
            "type": "function_executed",
            "function": {
                "id": f"Fn{run.id[2:]}",
                "callback_id": run.callback_id,
                "title": definition.get("title", run.callback_id),
                "description": definition.get("description", ""),
                "type": "app",
                "input_parameters": parameters(definition.get("input_parameters")),
                "output_parameters": parameters(definition.get("output_parameters")),
                "app_id": self.config.app_id,
                "date_created": created,
                "date_updated": created,
                "date_deleted": 0,
            },
            "inputs": copy.deepcopy(run.inputs),
            "function_execution_id": run.id,
            "workflow_execution_id": run.workflow_execution_id,
            "event_ts": f"{time.time():.6f}",
            "bot_access_token": run.token,
        }

    def function_run(self, execution_id: str) -> FunctionRun:
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.function_runs[execution_id])

    def function_runs(self, callback_id: str | None = None) -> list[FunctionRun]:
        with self.workspace.lock:
            return copy.deepcopy(
                [
                    r
                    for r in self.workspace.function_runs.values()
                    if callback_id in (None, r.callback_id)
                ]
            )

    def wait_for_function(self, execution_id: str, timeout: float = 5.0) -> FunctionRun:
        """Wait until the app completed (or failed) the execution; returns it."""
        deadline = time.monotonic() + timeout
        while True:
            run = self.function_run(execution_id)
            if run.done:
                return run
            if time.monotonic() >= deadline:
                raise TimeoutError(f"custom step {run.callback_id} was not completed in time")
            time.sleep(0.01)
