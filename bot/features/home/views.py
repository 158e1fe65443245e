"""The App Home tab, by where the member is: a three-step start until their level and shifts
are set, then today's plan, their week, a tip and their settings.

Each step shows done / to do and a button that opens the settings form on that step's field
(Slack's App Home guidance: one clear next action, state the member can see at a glance).
"""

from __future__ import annotations

from typing import Any, Literal

from bot.blocks import Block, actions, button, context, divider, header, section
from bot.calendars import member_prefs, member_schedule
from bot.commands import RUN_ACTION
from bot.features.settings import views as settings_views
from bot.features.settings.service import Field
from bot.schedule import phrases
from bot.store.members import Member
from content import Catalog
from content.models import Lang

Step = Literal["level", "shifts", "breaks"]
STEPS: tuple[Step, ...] = ("level", "shifts", "breaks")
STEP_ACTION = "home.step"  # `home.step.<step>`: opens the settings form on that step's field
STEP_FIELDS: dict[Step, Field] = {"level": "level", "shifts": "shifts", "breaks": "cadence"}


def steps_done(member: Member) -> dict[Step, bool]:
    """Step 3 is done once the member saved break settings of their own (defaults apply until
    then, so it never holds the start back)."""
    return {
        "level": bool(member.level),
        "shifts": bool(member.schedule),
        "breaks": member.break_prefs is not None,
    }


def is_set_up(member: Member) -> bool:
    done = steps_done(member)
    return done["level"] and done["shifts"]


def home_view(
    catalog: Catalog,
    lang: Lang,
    member: Member,
    *,
    today: list[str],
    tip: list[Block],
    week: list[Block],
    extra: list[Block] | None = None,
) -> dict[str, Any]:
    """`today` are the lines of today's plan (`bot.features.breaks.views.today_lines`); `tip`,
    `week` and `extra` are blocks other features show on Home."""
    ui = catalog.ui
    blocks: list[Block] = [header(ui("home.title", lang))]
    if is_set_up(member):
        blocks += _today(catalog, lang, member, today)
        blocks += [*week, *tip, *(extra or [])]
        blocks += [divider(), *_settings(catalog, lang, member)]
    else:
        blocks += [section(ui("home.welcome", lang)), divider(), *_start(catalog, lang, member)]
        blocks += [divider(), section(f"*{ui('home.what_title', lang)}*\n{ui('home.what', lang)}")]
        # Nudges start with the shifts, so from then on the week shows, level or not.
        shown_week = week if steps_done(member)["shifts"] else []
        blocks += [*shown_week, *tip, *(extra or []), divider(), _buttons(catalog, lang)]
    blocks.append(context(ui("home.privacy", lang)))
    return {"type": "home", "blocks": blocks[:100]}


def _start(catalog: Catalog, lang: Lang, member: Member) -> list[Block]:
    ui = catalog.ui
    done = steps_done(member)
    blocks: list[Block] = [
        section(f"*{ui('home.start_title', lang)}*\n{ui('home.start_intro', lang)}")
    ]
    for step in STEPS:
        if done[step]:
            mark, state, label = ":white_check_mark:", ui("home.step_done", lang), "change"
            detail = _step_detail(catalog, lang, member, step)
        else:
            mark = ":large_blue_circle:" if step != "breaks" else ":white_circle:"
            state = ui("home.step_todo" if step != "breaks" else "home.step_optional", lang)
            label = "choose" if step == "level" else "set"
            detail = ui(f"home.step_{step}_todo", lang)
        title = ui(f"home.step_{step}_title", lang)
        blocks.append(
            section(
                f"{mark} *{title}* · _{state}_\n{detail}",
                block_id=f"home_step_{step}",
                accessory=button(
                    ui(f"button.step_{label}", lang),
                    action_id=f"{STEP_ACTION}.{step}",
                    value=step,
                    style=None if done[step] else "primary",
                ),
            )
        )
    blocks.append(context(f"*{ui('home.typing_title', lang)}*\n{ui('home.how_to_start', lang)}"))
    return blocks


def _step_detail(catalog: Catalog, lang: Lang, member: Member, step: Step) -> str:
    ui = catalog.ui
    if step == "level":
        return ui("home.step_level_done", lang, level=ui(f"level.name.{member.level}", lang))
    if step == "shifts":
        shifts = phrases.schedule(catalog, lang, member_schedule(member))
        return ui("home.step_shifts_done", lang, shifts=shifts)
    notices = ui("status.on" if member.quiet_notices else "status.off", lang)
    minutes = member_prefs(member).cadence_minutes
    return ui("home.step_breaks_done", lang, minutes=minutes, notices=notices)


def _today(catalog: Catalog, lang: Lang, member: Member, today: list[str]) -> list[Block]:
    ui = catalog.ui
    lines = list(today)
    if member.away_until is not None:
        until = phrases.date_text(member.away_until, lang)
        lines.insert(0, ui("home.today_away", lang, until=until))
    return [
        section(f"*{ui('home.today_title', lang)}*\n" + "\n".join(lines), block_id="home_today")
    ]


def _settings(catalog: Catalog, lang: Lang, member: Member) -> list[Block]:
    ui = catalog.ui
    shifts = phrases.schedule(catalog, lang, member_schedule(member))
    lines = [
        f"*{ui('home.your_level', lang)}:* {ui(f'level.name.{member.level}', lang)}",
        f"*{ui('status.shifts', lang)}:* {shifts}",
        f"*{ui('status.quiet', lang)}:* "
        + ui("status.on" if member.quiet_notices else "status.off", lang),
    ]
    return [
        section(
            f"*{ui('home.settings_title', lang)}*\n" + "\n".join(lines), block_id="home_settings"
        ),
        _buttons(catalog, lang),
    ]


def _buttons(catalog: Catalog, lang: Lang) -> Block:
    ui = catalog.ui
    return actions(
        button(
            ui("button.settings", lang),
            action_id=settings_views.OPEN_ACTION,
            value="home",
            style="primary",
        ),
        button(ui("button.status", lang), action_id=f"{RUN_ACTION}.status", value="status"),
        button(ui("button.help", lang), action_id=f"{RUN_ACTION}.help", value="help"),
        block_id="home_actions",
    )
