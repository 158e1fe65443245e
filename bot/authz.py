"""Who may do what: Slack workspace admins and owners, and the managers an admin named.

Admin status comes from Slack (`users.info`: is_admin / is_owner / is_primary_owner), asked at
the moment it matters, so a demoted admin loses access at once. When Slack can't be asked, the
answer is no.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.store.workspaces import Workspace

log = logging.getLogger(__name__)


def is_admin(client: WebClient, team_id: str, user_id: str) -> bool:
    """True for a Slack workspace admin, owner or primary owner of `team_id`."""
    if not user_id:
        return False
    try:
        user = client.users_info(user=user_id)["user"]
    except (SlackApiError, SlackRequestError, OSError, KeyError, TypeError) as exc:
        log.warning("could not check a member's admin status: %s", type(exc).__name__)
        return False
    if user.get("deleted") or user.get("is_bot"):
        return False
    if team_id and user.get("team_id") not in (None, "", team_id):
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def is_manager(workspace: Workspace, user_id: str) -> bool:
    """A manager an admin named (`/balance admin managers @…`)."""
    return bool(user_id) and user_id in workspace.managers


def can_manage_pulse(client: WebClient, workspace: Workspace, user_id: str) -> bool:
    """Set up a pulse: an admin, or a manager an admin named."""
    return is_manager(workspace, user_id) or is_admin(client, workspace.team_id, user_id)


def can_see_results(
    client: WebClient,
    workspace: Workspace,
    user_id: str,
    *,
    results_users: Iterable[str] = (),
) -> bool:
    """See pulse results: an admin, a named manager, or someone the pulse's setup named."""
    if not user_id:
        return False
    if is_manager(workspace, user_id) or user_id in set(results_users):
        return True
    return is_admin(client, workspace.team_id, user_id)
