"""What shifts, break commands and break nudges look like (Block Kit lives only here)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.blocks import Block, actions, button, context, message, section, user_text
from bot.features.breaks.service import SNOOZE_MINUTES, NudgeRef, Outcome, TodayPlan
from bot.schedule import BreakPrefs
from bot.store.members import Member
from content import Catalog
from content.models import Lang

if TYPE_CHECKING:
    from bot.deps import Deps

TOOK_IT_ACTION = "breaks.took_it"
SKIP_ACTION = "breaks.skip"
SNOOZE_ACTION = "breaks.snooze"  # + ".<minutes>": action ids are unique within a message
NUDGE_BLOCK = "break_nudge"
ACTIONS_BLOCK = "break_actions"

_CHOICE_KEYS: dict[Outcome, str] = {
    "took_it": "break.took_it",
    "skipped": "break.skipped",
    "snoozed": "break.snoozed",
    "natural": "break.took_it",
}


def snooze_action(minutes: int) -> str:
    return f"{SNOOZE_ACTION}.{minutes}"


def _reply(text: str) -> dict[str, Any]:
    return message(text, [section(text)])


# -- command replies ------------------------------------------------------------------------


def shift_saved(catalog: Catalog, lang: Lang, schedule_text: str, tz: str) -> dict[str, Any]:
    text = catalog.ui("shift.set", lang, shifts=schedule_text)
    return message(text, [section(text), context(catalog.ui("shift.in_zone", lang, tz=tz))])


def shift_cleared(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    return _reply(catalog.ui("shift.cleared", lang))


def invalid(catalog: Catalog, lang: Lang, problem: str, usage_key: str) -> dict[str, Any]:
    """The parser's own explanation plus examples in the member's language. The explanation
    quotes what the member typed, so all of it is shown inert (`user_text`)."""
    usage = catalog.ui(usage_key, lang)
    shown = user_text(problem, 1000)
    return message(f"{shown} {usage}", [section(shown, verbatim=True), context(usage)])


def tz_saved(catalog: Catalog, lang: Lang, tz: str) -> dict[str, Any]:
    return _reply(catalog.ui("tz.set", lang, tz=tz))


def breaks_saved(
    catalog: Catalog, lang: Lang, before: BreakPrefs, after: BreakPrefs
) -> dict[str, Any]:
    ui = catalog.ui
    if before.enabled != after.enabled:
        text = ui("breaks.on" if after.enabled else "breaks.off", lang)
    elif before.lunch != after.lunch or before.lunch_minutes != after.lunch_minutes:
        text = (
            ui("breaks.lunch_set", lang, time=f"{after.lunch:%H:%M}", minutes=after.lunch_minutes)
            if after.lunch is not None
            else ui("breaks.lunch_off", lang)
        )
    elif before.margin_minutes != after.margin_minutes:
        text = ui("breaks.margin_set", lang, minutes=after.margin_minutes)
    elif before.cadence_minutes != after.cadence_minutes:
        text = ui("breaks.every_set", lang, minutes=after.cadence_minutes)
    else:  # the same setting again: confirm the current state
        text = (
            ui("breaks.every_set", lang, minutes=after.cadence_minutes)
            if after.enabled
            else ui("breaks.off", lang)
        )
    return _reply(text)


def away_saved(catalog: Catalog, lang: Lang, until: str) -> dict[str, Any]:
    return _reply(catalog.ui("away.set", lang, until=until))


def back(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    return _reply(catalog.ui("away.back", lang))


# -- the nudge itself -------------------------------------------------------------------------


def _pick(key: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % count


def nudge_message(
    catalog: Catalog, lang: Lang, ref: NudgeRef, *, lunch_minutes: int
) -> dict[str, Any]:
    """The DM: a short break idea (the same one for the same key) and five buttons."""
    if ref.kind == "lunch":
        choices = catalog.break_messages("lunch")
    else:
        choices = [m for m in catalog.break_messages() if m.kind != "lunch"]
    item = choices[_pick(ref.key, len(choices))]
    text = catalog.text(item, lang, name=f"<@{ref.user_id}>", minutes=lunch_minutes)
    ui = catalog.ui
    value = ref.key
    buttons = [
        button(ui("button.took_it", lang), action_id=TOOK_IT_ACTION, value=value, style="primary"),
        *(
            button(ui("button.snooze", lang, minutes=n), action_id=snooze_action(n), value=value)
            for n in SNOOZE_MINUTES
        ),
        button(ui("button.skip", lang), action_id=SKIP_ACTION, value=value),
    ]
    return message(
        text, [section(text, block_id=NUDGE_BLOCK), actions(*buttons, block_id=ACTIONS_BLOCK)]
    )


def nudge_answered(
    catalog: Catalog,
    lang: Lang,
    original: dict[str, Any] | None,
    outcome: Outcome,
    *,
    minutes: int = 0,
) -> dict[str, Any]:
    """The nudge after a click: its text stays, the buttons give way to what was chosen."""
    choice = catalog.ui(_CHOICE_KEYS[outcome], lang, minutes=minutes)
    text = _original_text(original)
    blocks: list[Block] = []
    if text:
        blocks.append(section(text, block_id=NUDGE_BLOCK))
    blocks.append(context(catalog.ui("break.your_choice", lang, choice=choice)))
    return message(f"{text}\n{choice}" if text else choice, blocks)


def _original_text(original: dict[str, Any] | None) -> str:
    for block in (original or {}).get("blocks") or []:
        if block.get("block_id") == NUDGE_BLOCK and isinstance(block.get("text"), dict):
            return str(block["text"].get("text", ""))
    return str((original or {}).get("text") or "")


# -- App Home and status ----------------------------------------------------------------------


def render_week_summary(catalog: Catalog, lang: Lang, counts: dict[str, int]) -> list[Block]:
    title = f"*{catalog.ui('week.title', lang)}*"
    if not any(counts.values()):
        return [section(f"{title}\n{catalog.ui('week.none', lang)}", block_id="breaks_week")]
    summary = catalog.ui("week.summary", lang, **counts)
    return [section(f"{title}\n{summary}", block_id="breaks_week")]


def week_summary_blocks(deps: Deps, member: Member) -> list[Block]:
    """The member's "your week" for App Home: breaks taken, snoozed, skipped, natural."""
    from bot.features.breaks.jobs import week_counts  # data comes from the feature's jobs

    lang: Lang = "es" if member.lang == "es" else "en"
    return render_week_summary(deps.catalog, lang, week_counts(deps, member, deps.clock.now()))


def today_lines(
    catalog: Catalog, lang: Lang, plan: TodayPlan, prefs: BreakPrefs, zone: Any
) -> list[str]:
    """Lines for `status`: break cadence, next nudge, lunch and shift end in the member's time."""
    ui = catalog.ui

    def at(moment: datetime) -> str:
        return f"{moment.astimezone(zone):%H:%M}"

    cadence = (
        ui("status.breaks_every", lang, minutes=prefs.cadence_minutes)
        if prefs.enabled
        else ui("status.off", lang)
    )
    none = ui("status.none_today", lang)
    lines = [
        f"*{ui('status.breaks', lang)}:* {cadence}",
        f"*{ui('status.next_nudge', lang)}:* {at(plan.next_nudge.at) if plan.next_nudge else none}",
    ]
    if plan.lunch is not None:
        lines.append(f"*{ui('status.lunch', lang)}:* {at(plan.lunch.at)}")
    if plan.shift_end is not None:
        lines.append(f"*{ui('status.shift_end', lang)}:* {at(plan.shift_end)}")
    return lines
