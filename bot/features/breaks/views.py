"""What shifts, break commands and break nudges look like (Block Kit lives only here)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from bot.blocks import Block, actions, button, context, message, section
from bot.commands import RUN_ACTION
from bot.features.breaks.service import SNOOZE_MINUTES, NudgeRef, Outcome, TodayPlan
from bot.schedule import BreakPrefs, GrammarError, TimeOff, WeeklySchedule, ZoneChoice, phrases
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
#
# Every reply to a setting says back what was understood, in the member's words and language,
# with a "Not what I meant" button that puts the setting back as it was: its value is the
# command that restores it, run through `/balance undo` (typing and clicking agree).


def _undo(catalog: Catalog, lang: Lang, restore: str | None) -> list[Block]:
    if not restore:
        return []
    label = catalog.ui("button.not_what_i_meant", lang)
    return [actions(button(label, action_id=f"{RUN_ACTION}.undo", value=f"undo {restore}"))]


def _saved(
    catalog: Catalog, lang: Lang, text: str, restore: str | None, *notes: str
) -> dict[str, Any]:
    blocks: list[Block] = [section(text)]
    blocks.extend(context(n) for n in notes if n)
    return message(text, blocks + _undo(catalog, lang, restore))


def shift_saved(
    catalog: Catalog,
    lang: Lang,
    week: WeeklySchedule,
    *,
    changed: frozenset[int],
    tz: str,
    now: datetime,
    restore: str | None,
) -> dict[str, Any]:
    """ "Saved: Sat 9:00 AM–1:00 PM." and the whole week below, in the member's zone."""
    understood = phrases.schedule(catalog, lang, week, only=changed or range(7))
    whole = phrases.schedule(catalog, lang, week)
    text = catalog.ui("shift.saved", lang, shifts=understood)
    notes = [
        catalog.ui("shift.week", lang, shifts=whole) if whole != understood else "",
        catalog.ui("shift.in_zone", lang, tz=phrases.zone(catalog, lang, tz, now=now)),
    ]
    return _saved(catalog, lang, text, restore, *notes)


def shift_cleared(catalog: Catalog, lang: Lang, restore: str | None = None) -> dict[str, Any]:
    return _saved(catalog, lang, catalog.ui("shift.cleared", lang), restore)


def invalid(catalog: Catalog, lang: Lang, problem: GrammarError, usage_key: str) -> dict[str, Any]:
    """What couldn't be read and how to write it, in the member's language, plus examples."""
    said = phrases.problem(catalog, lang, problem)
    usage = catalog.ui(usage_key, lang)
    return message(f"{said} {usage}", [section(said, verbatim=True), context(usage)])


def tz_saved(
    catalog: Catalog, lang: Lang, choice: ZoneChoice, *, now: datetime, restore: str | None
) -> dict[str, Any]:
    text = catalog.ui("tz.set", lang, tz=phrases.zone(catalog, lang, choice.zone, now=now))
    note = catalog.ui(choice.note, lang) if choice.note else ""
    return _saved(catalog, lang, text, restore, note)


def breaks_saved(
    catalog: Catalog, lang: Lang, before: BreakPrefs, after: BreakPrefs, *, restore: str | None
) -> dict[str, Any]:
    """Says back each setting the command changed (several at once are fine)."""
    ui = catalog.ui
    lines: list[str] = []
    if before.enabled != after.enabled:
        lines.append(ui("breaks.on" if after.enabled else "breaks.off", lang))
    if before.cadence_minutes != after.cadence_minutes:
        lines.append(ui("breaks.every_set", lang, minutes=after.cadence_minutes))
    if before.lunch != after.lunch or before.lunch_minutes != after.lunch_minutes:
        lines.append(
            ui(
                "breaks.lunch_set_one"
                if lang == "es" and after.lunch.hour == 1
                else "breaks.lunch_set",
                lang,
                time=phrases.clock(after.lunch, lang),
                minutes=after.lunch_minutes,
            )
            if after.lunch is not None
            else ui("breaks.lunch_off", lang)
        )
    if before.margin_minutes != after.margin_minutes:
        lines.append(ui("breaks.margin_set", lang, minutes=after.margin_minutes))
    if not lines:  # the same setting again: confirm the current state
        lines.append(
            ui("breaks.every_set", lang, minutes=after.cadence_minutes)
            if after.enabled
            else ui("breaks.off", lang)
        )
    return _saved(catalog, lang, "\n".join(lines), restore if before != after else None)


def away_saved(
    catalog: Catalog, lang: Lang, time_off: TimeOff, *, today: date, restore: str | None
) -> dict[str, Any]:
    """ "You're away from Monday, December 14 through Friday, December 18." """
    until = phrases.date_text(time_off.end, lang, today=today)
    if time_off.start > today:
        start = phrases.date_text(time_off.start, lang, today=today)
        text = catalog.ui("away.set_from", lang, start=start, until=until)
    else:
        text = catalog.ui("away.set", lang, until=until)
    return _saved(catalog, lang, text, restore)


def back(catalog: Catalog, lang: Lang, *, was_away: bool, restore: str | None) -> dict[str, Any]:
    if not was_away:
        return _reply(catalog.ui("away.not_away", lang))
    return _saved(catalog, lang, catalog.ui("away.back", lang), restore)


def undone(reply: dict[str, Any], catalog: Catalog, lang: Lang) -> dict[str, Any]:
    """A reply for "Not what I meant": the restored setting, said first as undone, with a hint
    on writing it so it can't be misread. No new undo button (it would undo the undo)."""
    note = catalog.ui("undo.done", lang)
    blocks = [b for b in reply.get("blocks", []) if b.get("type") != "actions"]
    return message(
        f"{note} {reply.get('text', '')}",
        [section(note), *blocks, context(catalog.ui("undo.hint", lang))],
    )


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


def render_week_summary(
    catalog: Catalog, lang: Lang, counts: dict[str, int], *, has_shifts: bool = False
) -> list[Block]:
    title = f"*{catalog.ui('week.title', lang)}*"
    if not any(counts.values()):
        # Someone with shifts needs no hint to add them.
        none = catalog.ui("week.none_yet" if has_shifts else "week.none", lang)
        return [section(f"{title}\n{none}", block_id="breaks_week")]
    summary = catalog.ui("week.summary", lang, **counts)
    return [section(f"{title}\n{summary}", block_id="breaks_week")]


def week_summary_blocks(deps: Deps, member: Member) -> list[Block]:
    """The member's "your week" for App Home: breaks taken, snoozed, skipped, natural."""
    from bot.features.breaks.jobs import week_counts  # data comes from the feature's jobs

    lang: Lang = "es" if member.lang == "es" else "en"
    counts = week_counts(deps, member, deps.clock.now())
    return render_week_summary(deps.catalog, lang, counts, has_shifts=bool(member.schedule))


def today_lines(
    catalog: Catalog, lang: Lang, plan: TodayPlan, prefs: BreakPrefs, zone: Any
) -> list[str]:
    """Lines for `status`: break cadence, next nudge, lunch and shift end in the member's time."""
    ui = catalog.ui

    def at(moment: datetime) -> str:
        return phrases.clock(moment.astimezone(zone).time(), lang)

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
