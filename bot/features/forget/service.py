"""Pure rules for forgetting a member: which columns hold a member id, and how a value that
mentions the member is cleaned (a list loses the id, free text loses the mention)."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import Column, String, Table, Text

# Columns whose value *is* a member id: a row with the member there is about the member.
MEMBER_COLUMNS = ("user_id", "sender_id", "colleague_id")

# Tables whose rows are messages: one that mentions the member anywhere goes as a whole.
MESSAGE_TABLES = frozenset({"outbox"})

# Left alone: an installation (it may name the admin who installed the app; it goes when the
# app is uninstalled).
KEEP_TABLES = frozenset({"installations"})

# Tables without a `team_id` of their own reach their workspace through a parent row:
# table → (its column, the parent table, the parent's column). None today: pulse rounds carry
# their team, and their comments (which may mention a colleague) sit on the round itself.
SCOPED_BY: dict[str, tuple[str, str, str]] = {}

DELETE = "delete"


def member_columns(table: Table) -> list[Column[Any]]:
    return [table.c[name] for name in MEMBER_COLUMNS if name in table.c]


def text_columns(table: Table) -> list[Column[Any]]:
    """Text columns that may mention a member somewhere inside (JSON, message payloads…)."""
    skip = {*MEMBER_COLUMNS, "team_id"}
    return [c for c in table.columns if isinstance(c.type, String | Text) and c.name not in skip]


def mentions(value: object, user_id: str) -> bool:
    return isinstance(value, str) and _pattern(user_id).search(value) is not None


def scrub_row(table: str, values: dict[str, Any], user_id: str) -> dict[str, Any] | str | None:
    """What to do with a row whose text columns mention the member: DELETE, the new values of
    the columns that change, or None when the match was another id that merely contains it."""
    changed = {name: v for name, v in values.items() if mentions(v, user_id)}
    if not changed:
        return None
    if table in MESSAGE_TABLES:
        return DELETE
    return {name: scrub_text(value, user_id) for name, value in changed.items()}


def scrub_text(value: str, user_id: str) -> str:
    """The value without the member: JSON loses list items / fields that are the id, and
    strings lose the mention; other text loses the mention."""
    try:
        data = json.loads(value)
    except ValueError:
        return _strip(value, user_id)
    return json.dumps(_scrub_json(data, user_id), separators=(",", ":"), ensure_ascii=False)


def _scrub_json(data: Any, user_id: str) -> Any:
    if isinstance(data, list):
        return [_scrub_json(item, user_id) for item in data if item != user_id]
    if isinstance(data, dict):
        return {k: _scrub_json(v, user_id) for k, v in data.items() if v != user_id}
    if isinstance(data, str):
        return _strip(data, user_id)
    return data


def _strip(text: str, user_id: str) -> str:
    text = text.replace(f"<@{user_id}>", "")
    return _pattern(user_id).sub("", text)


def _pattern(user_id: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(user_id)}(?![A-Za-z0-9])")
