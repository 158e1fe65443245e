"""Publish App Home again whenever a member's settings change, wherever they changed.

Listeners call `deps.member_changes.notify(...)`; this hands the work to a small background
pool counted in `deps.busy`, so no Slack call is ever added to an ack path (the `/balance`
budget, a modal's 3 seconds). When the caller passes the member as they were, an unchanged
member is not published again. A Slack failure is logged and dropped: Home is refreshed
again on the next change or when the member opens it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.busy import TrackedExecutor
from bot.deps import Deps
from bot.store.members import Member

log = logging.getLogger(__name__)

Publish = Callable[[Deps, WebClient, str, str], None]
WORKERS = 2  # views.publish is cheap; a burst of changes queues rather than fans out


def listen(deps: Deps, publish: Publish) -> None:
    pool = TrackedExecutor(deps.busy, max_workers=WORKERS)

    def refresh(client: WebClient, team_id: str, user_id: str, before: Member | None) -> None:
        try:
            if before is not None:
                now = deps.store.members.get(team_id=team_id, user_id=user_id)
                if now == before:
                    return
            publish(deps, client, team_id, user_id)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            log.warning("could not refresh App Home: %s", code or type(exc).__name__)
        except Exception:  # a background task has no caller to report to
            log.exception("App Home refresh failed")

    def on_change(client: WebClient, team_id: str, user_id: str, before: Member | None) -> None:
        pool.submit(refresh, client, team_id, user_id, before)

    deps.member_changes.listen(on_change)
