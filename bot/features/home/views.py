"""The App Home tab."""

from __future__ import annotations

from typing import Any

from bot.blocks import Block, actions, button, context, divider, header, section
from bot.commands import RUN_ACTION
from bot.features.settings import views as settings_views
from bot.store.members import Member
from content import Catalog
from content.models import Lang


def home_view(
    catalog: Catalog, lang: Lang, member: Member, *, extra: list[Block] | None = None
) -> dict[str, Any]:
    ui = catalog.ui
    level = ui(f"level.name.{member.level}", lang) if member.level else ui("home.level_unset", lang)
    level_buttons = [
        button(
            ui(f"button.level_{lvl}", lang),
            action_id=f"{RUN_ACTION}.level.{lvl}",
            value=f"level {lvl}",
            style="primary" if lvl == member.level else None,
        )
        for lvl in ("entry", "mid", "senior")
    ]
    blocks: list[Block] = [
        header(ui("home.title", lang)),
        section(ui("home.welcome", lang)),
        section(f"*{ui('home.what_title', lang)}*\n{ui('home.what', lang)}"),
        divider(),
        section(f"*{ui('home.your_level', lang)}:* {level}"),
        actions(*level_buttons, block_id="home_level"),
        *(extra or []),
        divider(),
        section(f"*{ui('home.how_to_start_title', lang)}*\n{ui('home.how_to_start', lang)}"),
        actions(
            button(
                ui("button.settings", lang),
                action_id=settings_views.OPEN_ACTION,
                value="home",
                style="primary",
            ),
            button(ui("button.status", lang), action_id=f"{RUN_ACTION}.status", value="status"),
            button(ui("button.help", lang), action_id=f"{RUN_ACTION}.help", value="help"),
            block_id="home_actions",
        ),
        context(ui("home.privacy", lang)),
    ]
    return {"type": "home", "blocks": blocks[:100]}
