"""The quiet feature's part of the Home tab: the member's pending follow-ups, to cancel.

Imported by bot/features/home; it must not import the home feature back.
"""

from __future__ import annotations

from datetime import datetime

from bot.blocks import Block
from bot.deps import Deps
from bot.features.quiet import service, views
from bot.store.members import Member
from bot.store.outbox import OutboxRow
from content.models import Lang


def follow_up_items(deps: Deps, member: Member) -> tuple[list[views.FollowUpItem], bool]:
    """The member's pending reminders and scheduled notes, soonest first (at most
    HOME_MAX_FOLLOW_UPS), and whether there are more."""
    limit = views.HOME_MAX_FOLLOW_UPS + 1  # one more than shown tells "and more"
    rows = [
        row
        for kind in service.FOLLOW_UP_KINDS
        for row in deps.store.outbox.pending_for(
            team_id=member.team_id, user_id=member.user_id, kind=kind, limit=limit
        )
    ]
    rows.sort(key=lambda r: (r.due_at, r.id))
    items = [item for row in rows if (item := _item(row)) is not None]
    shown = items[: views.HOME_MAX_FOLLOW_UPS]
    return shown, len(items) > len(shown)


def _item(row: OutboxRow) -> views.FollowUpItem | None:
    ref = service.parse_follow_up(row.key)
    if ref is None:
        return None
    if row.kind == service.SCHEDULED_KIND:
        link = row.payload.get("permalink")
    else:
        link = views.link_in(row.payload)
    return views.FollowUpItem(
        key=row.key,
        kind=row.kind,
        colleague=ref.colleague,
        due=row.due_at,
        channel=ref.channel,
        link=str(link) if link else None,
    )


def follow_up_blocks(deps: Deps, member: Member, lang: Lang, now: datetime) -> list[Block]:
    """Home tab blocks for the member's pending follow-ups (none when there are none)."""
    items, more = follow_up_items(deps, member)
    return views.home_follow_ups(
        deps.catalog, lang, items, tz=member.tz or "UTC", now=now, more=more
    )
