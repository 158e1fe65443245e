"""What `/balance status`, `level` and `lang` show."""

from __future__ import annotations

from typing import Any

from bot.blocks import actions, button, message, section
from bot.calendars import member_schedule
from bot.commands import RUN_ACTION
from bot.schedule import phrases
from bot.store.members import Member
from content import Catalog
from content.models import Lang


def status_message(
    catalog: Catalog, lang: Lang, member: Member, *, today: list[str] | None = None
) -> dict[str, Any]:
    """The member's settings; `today` adds lines for today's plan (next nudge, lunch, shift end)
    from `bot.features.breaks.views.today_lines`, in the member's time."""
    ui = catalog.ui
    schedule = member_schedule(member)
    shifts = (
        phrases.schedule(catalog, lang, schedule)
        if schedule.rules
        else ui("status.shifts_unset", lang)
    )
    level = (
        ui(f"level.name.{member.level}", lang) if member.level else ui("status.level_unset", lang)
    )
    on, off = ui("status.on", lang), ui("status.off", lang)
    lines = [
        f"*{ui('status.level', lang)}:* {level}",
        f"*{ui('status.timezone', lang)}:* {_tz(catalog, lang, member)}",
        f"*{ui('status.language', lang)}:* {ui(f'lang.name.{lang}', lang)}",
        f"*{ui('status.shifts', lang)}:* {shifts}",
        *(today or []),
        f"*{ui('status.quiet', lang)}:* {on if member.quiet_notices else off}",
    ]
    if member.away_until is not None:
        until = phrases.date_text(member.away_until, lang)
        lines.append(f"*{ui('status.away', lang)}:* {until}")
    title = ui("status.title", lang)
    return message(
        title,
        [
            section(f"*{title}*"),
            section("\n".join(lines)),
            actions(
                button(
                    ui("button.settings", lang),
                    action_id=f"{RUN_ACTION}.settings",
                    value="settings",
                    style="primary",
                ),
                button(ui("button.get_tip", lang), action_id=f"{RUN_ACTION}.tip", value="tip"),
                button(ui("button.help", lang), action_id=f"{RUN_ACTION}.help", value="help"),
            ),
        ],
    )


def _tz(catalog: Catalog, lang: Lang, member: Member) -> str:
    if not member.tz:
        return catalog.ui("status.tz_unknown", lang)
    if member.tz_override:
        return member.tz
    return catalog.ui("status.tz_from_profile", lang, tz=member.tz)


def level_saved(catalog: Catalog, lang: Lang, level: str) -> dict[str, Any]:
    text = catalog.ui("level.set", lang, level=catalog.ui(f"level.name.{level}", lang))
    return message(text, [section(text)])


def level_invalid(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("level.invalid", lang)
    buttons = [
        button(
            catalog.ui(f"button.level_{lvl}", lang),
            action_id=f"{RUN_ACTION}.level.{lvl}",
            value=f"level {lvl}",
        )
        for lvl in ("entry", "mid", "senior")
    ]
    return message(text, [section(text), actions(*buttons)])


def lang_saved(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("lang.set", lang)
    return message(text, [section(text)])


def lang_invalid(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("lang.invalid", lang)
    return message(text, [section(text)])
