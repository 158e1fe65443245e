"""Who is asking: the stored member, filled in from their Slack profile the first time."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.store import Store
from bot.store.members import Member
from content import language_for_locale
from content.models import Lang

log = logging.getLogger(__name__)


def load_member(
    store: Store, client: WebClient, *, team_id: str, user_id: str, now: datetime
) -> Member:
    """The member's record; asks Slack for their time zone and locale when we don't know them."""
    member = store.members.get(team_id=team_id, user_id=user_id)
    if member is not None and member.tz and member.lang:
        return member
    try:
        info = client.users_info(user=user_id, include_locale=True)
    except (SlackApiError, SlackRequestError, OSError) as exc:
        log.warning("could not read the Slack profile of a member: %s", type(exc).__name__)
        return member or Member(team_id=team_id, user_id=user_id)
    return apply_profile(store, team_id=team_id, user=info["user"], now=now, current=member)


def peek_member(store: Store, client: WebClient, *, team_id: str, user_id: str) -> Member:
    """The member as far as a message to them needs (zone, language), without storing anyone
    the bot has not met: their record, else their Slack profile, else the defaults."""
    member = store.members.get(team_id=team_id, user_id=user_id)
    if member is not None and member.tz and member.lang:
        return member
    member = member or Member(team_id=team_id, user_id=user_id)
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except (SlackApiError, SlackRequestError, OSError, KeyError, TypeError) as exc:
        log.info("could not read the Slack profile of a member: %s", type(exc).__name__)
        return member
    tz = member.tz if member.tz_override else (user.get("tz") or member.tz)
    lang = member.lang if member.lang_override else language_for_locale(user.get("locale"))
    return replace(member, tz=tz, lang=lang)


def apply_profile(
    store: Store, *, team_id: str, user: dict, now: datetime, current: Member | None = None
) -> Member:
    """Store the profile's zone and language unless the member chose their own."""
    user_id = str(user["id"])
    if current is None:
        current = store.members.get(team_id=team_id, user_id=user_id)
    changes: dict[str, object] = {}
    if user.get("tz") and not (current and current.tz_override):
        changes["tz"] = str(user["tz"])
    if not (current and current.lang_override):
        changes["lang"] = language_for_locale(user.get("locale"))
    return store.members.update(team_id=team_id, user_id=user_id, now=now, **changes)


def member_lang(member: Member) -> Lang:
    return "es" if member.lang == "es" else "en"


def language_and_zone(
    store: Store, client: WebClient, *, team_id: str, user_id: str
) -> tuple[Lang, str | None]:
    """A member's language and zone without storing anything: what we know of them, else their
    Slack profile, so someone who never typed a command is written to in their own language."""
    member = store.members.get(team_id=team_id, user_id=user_id)
    if member is not None and member.lang:
        return member_lang(member), member.tz
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except (SlackApiError, SlackRequestError, OSError, KeyError, TypeError) as exc:
        log.info("could not read the Slack profile of a member: %s", type(exc).__name__)
        return "en", member.tz if member else None
    tz = (member.tz if member else None) or user.get("tz")
    return language_for_locale(user.get("locale")), str(tz) if tz else None
