"""Replies to `/balance admin …`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot import blocks
from content import Catalog
from content.models import Lang


def plain(text: str) -> dict[str, Any]:
    return blocks.message(text, [blocks.section(text)])


def quoting(text: str) -> dict[str, Any]:
    """A reply that quotes what an admin typed (already through `blocks.user_text`)."""
    return blocks.message(text, [blocks.section(text, verbatim=True)])


def closed_days(catalog: Catalog, lang: Lang, days: Sequence[date]) -> dict[str, Any]:
    if not days:
        return plain(catalog.ui("admin.closed.none", lang))
    listed = ", ".join(d.isoformat() for d in days)
    return plain(catalog.ui("admin.closed.list", lang, days=listed))


def managers(catalog: Catalog, lang: Lang, user_ids: Sequence[str]) -> dict[str, Any]:
    if not user_ids:
        return plain(catalog.ui("admin.managers.none", lang))
    names = ", ".join(f"<@{u}>" for u in user_ids)
    return plain(catalog.ui("admin.managers.list", lang, names=names))
