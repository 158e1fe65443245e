"""Who may answer a round, decided once, when it opens: the human, non-guest members of the
channel from this workspace who will not read its results. Slack is asked (one
`conversations.members` listing, one `users.info` per member); when it can't answer, the round
does not open: it fails closed and tries again later.

People who read results (the pulse's results readers, named managers, workspace admins and
owners) can't answer: the threshold then counts only people who never see the results, so no
reader can subtract their own answers from what they receive.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

log = logging.getLogger(__name__)

SLACK_ERRORS = (SlackApiError, SlackRequestError, OSError)
GONE = ("user_not_found", "user_not_visible", "account_inactive")
# Why someone in the channel can't answer (the answer button says which, in their language).
READER, GUEST, NOT_HUMAN = "reader", "guest", "not_human"


class MembersUnknown(Exception):
    """Slack could not say who is in the channel; `error` is its error code (or the failure)."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


@dataclass(frozen=True)
class Eligibility:
    eligible: tuple[str, ...]  # member ids, held only until they are hashed into the round
    readers: int  # channel members left out because they read results
    others: int  # bots, guests, people from other organisations, deactivated accounts


def slack_error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "error")[:40]
    return type(exc).__name__


def channel_members(client: WebClient, channel_id: str) -> list[str]:
    """Every member of the channel (raises on Slack errors)."""
    members: list[str] = []
    cursor: str | None = None
    while True:
        page = client.conversations_members(channel=channel_id, limit=1000, cursor=cursor)
        members += [str(m) for m in page.get("members") or []]
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return list(dict.fromkeys(members))


def is_admin(user: dict[str, Any]) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def exclusion(user: dict[str, Any], team_id: str) -> str | None:
    """Why this Slack user can't answer a pulse of `team_id`, or None if they can."""
    if (
        user.get("deleted")
        or user.get("is_bot")
        or user.get("is_app_user")
        or user.get("is_workflow_bot")
        or user.get("id") == "USLACKBOT"
    ):
        return NOT_HUMAN
    if user.get("is_restricted") or user.get("is_ultra_restricted") or user.get("is_stranger"):
        return GUEST
    teams = (user.get("enterprise_user") or {}).get("teams") or ()
    if user.get("team_id") != team_id and team_id not in teams:
        return GUEST  # Slack Connect: someone from another organisation
    if is_admin(user):
        return READER  # admins and owners can always read results
    return None


def user_info(client: WebClient, user_id: str) -> dict[str, Any] | None:
    """The Slack user, or None when Slack says they don't exist for us (raises otherwise)."""
    try:
        return dict(client.users_info(user=user_id)["user"])
    except SlackApiError as exc:
        if exc.response.get("error") in GONE:
            return None
        raise


def patient(client: WebClient) -> WebClient:
    """The same client, waiting out Slack's rate limits (`Retry-After`) as long as it takes: a
    large channel means one `users.info` per member, once a week."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=10,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=20)],
    )


def decide(
    client: WebClient, *, team_id: str, channel_id: str, readers: Collection[str]
) -> Eligibility:
    """Who may answer, as of now. Raises MembersUnknown when Slack can't tell."""
    client = patient(client)
    eligible: list[str] = []
    left_out = {READER: 0, "other": 0}
    try:
        for user_id in channel_members(client, channel_id):
            if user_id in readers:
                left_out[READER] += 1
                continue
            user = user_info(client, user_id)
            why = NOT_HUMAN if user is None else exclusion(user, team_id)
            if why is None:
                eligible.append(user_id)
            else:
                left_out[READER if why == READER else "other"] += 1
    except SLACK_ERRORS as exc:
        raise MembersUnknown(slack_error(exc)) from None
    return Eligibility(tuple(eligible), left_out[READER], left_out["other"])


def profile(client: WebClient, user_id: str, *, quick: bool = False) -> dict[str, Any] | None:
    """A member's Slack profile with their locale, or None when Slack can't say. `quick`: one
    try within a second, for use inside Slack's 3-second acknowledgement window."""
    if quick:
        client = WebClient(
            token=client.token, base_url=client.base_url, timeout=1, retry_handlers=[]
        )
    try:
        return dict(client.users_info(user=user_id, include_locale=True)["user"])
    except (*SLACK_ERRORS, KeyError, TypeError) as exc:
        log.info("could not read a member's Slack profile: %s", type(exc).__name__)
        return None


def why_not(
    client: WebClient,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    readers: Collection[str],
    user: dict[str, Any] | None,
) -> str:
    """Why someone outside a round's frozen set can't answer it: READER, GUEST, NOT_HUMAN,
    "joined_late" (in the channel now, not when it opened), "not_member", or "unknown" when
    Slack can't tell. `user` is their Slack profile (None: Slack didn't give it)."""
    if user_id in readers:
        return READER
    if user is None:
        return "unknown"
    why = exclusion(user, team_id)
    if why is not None:
        return why
    try:
        members = channel_members(client, channel_id)
    except SLACK_ERRORS as exc:
        log.info("could not tell why a member can't answer a pulse: %s", slack_error(exc))
        return "unknown"
    return "joined_late" if user_id in members else "not_member"
