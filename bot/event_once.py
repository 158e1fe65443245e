"""Slack retries an event it thinks failed, and may deliver one twice; `event_id` is the same
every time. The work an event triggers runs after the ack (a lazy listener), and it starts by
recording that `event_id` in the database: a retry, or a second replica handed the same event,
finds it recorded and does nothing. The ack itself stays free of database writes, so acking is
as fast as Bolt can make it."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt.kwargs_injection.args import Args

from bot.deps import Deps


def once_per_event(deps: Deps, work: Callable[..., None]) -> Callable[[Args], None]:
    """Wrap an event listener (lazy ones above all) so each `event_id` runs it once."""
    wanted = list(inspect.signature(work).parameters)

    def run_once(args: Args) -> None:
        body: dict[str, Any] = args.body
        event_id = body.get("event_id")
        if event_id and not deps.store.events.first_seen(
            event_id=str(event_id), team_id=str(body.get("team_id", "")), now=deps.clock.now()
        ):
            deps.metrics.duplicate_events.inc()
            return
        work(**{name: getattr(args, name) for name in wanted})

    # Bolt tells lazy listeners apart by name.
    run_once.__name__ = run_once.__qualname__ = f"{work.__name__}_once"
    return run_once
