"""functions.completeSuccess / functions.completeError: how an app ends a custom step."""

from __future__ import annotations

from typing import Any

from bot.sandbox.functions import COMPLETED, FAILED, FunctionRun, check_params
from bot.sandbox.methods import ApiError, Ctx, as_json, method


def _running(ctx: Ctx, p: dict[str, Any]) -> FunctionRun:
    """The execution named by the call, if this token may end it and it is still running."""
    execution_id = str(p.get("function_execution_id") or "")
    if not execution_id:
        raise ApiError("invalid_arguments")
    run: FunctionRun | None = ctx.ws.function_runs.get(execution_id)
    if run is None or run.team_id != ctx.team_id:
        raise ApiError("function_execution_not_found")
    # The execution's own token, or the app's bot token of that workspace; never another
    # execution's token.
    own = ctx.token_info.execution_id if ctx.token_info else None
    if own not in (None, execution_id):
        raise ApiError("access_denied")
    if run.done:
        raise ApiError("execution_not_in_running_state")
    return run


@method("functions.completeSuccess")
def complete_success(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    outputs = as_json(p.get("outputs"), "invalid_arguments")
    if outputs is None:
        outputs = {}
    if not isinstance(outputs, dict):
        raise ApiError("invalid_arguments")
    with ctx.ws.lock:
        run = _running(ctx, p)
        definition = ctx.ws.function_defs.get(run.callback_id) or {}
        problems = check_params(definition.get("output_parameters"), outputs, "outputs")
        if problems:
            raise ApiError("parameter_validation_failed", response_metadata={"messages": problems})
        run.state, run.outputs, run.completed_with = COMPLETED, outputs, ctx.token
    return {}


@method("functions.completeError")
def complete_error(ctx: Ctx, p: dict[str, Any]) -> dict[str, Any]:
    error = p.get("error")
    if not isinstance(error, str) or not error.strip():
        raise ApiError("invalid_arguments")
    with ctx.ws.lock:
        run = _running(ctx, p)
        run.state, run.error, run.completed_with = FAILED, error, ctx.token
    return {}
