"""What the Workflow Builder steps show: the tip message they post, and the plain-text
summaries and error messages they hand to Slack (a summary becomes a variable the next step
can put in a message; an error is shown by Slackbot to whoever ran the workflow)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import blocks
from bot.features.quiet.views import when_phrase
from bot.features.tips.views import level_name, topic_name
from bot.features.workflows.service import Standing, StepError
from bot.schedule import phrases
from content import TOPICS, Catalog, Lang, Tip

NAME_LIMIT = 80  # a display name in a summary line


def tip_post(catalog: Catalog, lang: Lang, tip: Tip, level: str | None) -> dict[str, Any]:
    """A tip posted by a workflow, to a channel or a person: the tip, what it is about, and how
    to get one that fits (no buttons: in a channel they would act for whoever clicks)."""
    text = catalog.text(tip, lang)
    shown = [lv for lv in tip.levels if lv == level] or list(tip.levels)
    about = catalog.ui(
        "tip.context",
        lang,
        level=" / ".join(level_name(catalog, lv, lang) for lv in shown),
        topic=topic_name(catalog, tip.topic, lang),
    )
    return blocks.message(
        text,
        [
            blocks.section(f":bulb: {blocks.escape(text)}"),
            blocks.context(about),
            blocks.context(catalog.ui("workflow.tip_footer", lang)),
        ],
    )


def zone_name(moment: datetime, tz: str) -> str:
    """ "CST", "CDT", "-03": the zone a time is given in, as clocks there show it."""
    return moment.astimezone(ZoneInfo(tz)).tzname() or tz


def when_in_zone(
    catalog: Catalog, lang: Lang, moment: datetime, tz: str, *, now: datetime
) -> tuple[str, str]:
    """ "tomorrow at 8:00 AM" and "CST": a moment as read in zone `tz`, and that zone."""
    return when_phrase(catalog, lang, moment, tz, now=now), zone_name(moment, tz)


def _reason(catalog: Catalog, lang: Lang, standing: Standing) -> str:
    off = standing.off
    assert off is not None
    if off.reason == "time_off" and off.leave_until is not None:
        until = phrases.date_text(off.leave_until, lang)
        return catalog.ui("workflow.off.reason.leave", lang, until=until)
    if off.reason == "holiday" and off.holiday:
        return catalog.ui("workflow.off.reason.holiday", lang, holiday=off.holiday)
    if off.reason == "closed":
        return catalog.ui("workflow.off.reason.closed", lang)
    return catalog.ui("workflow.off.reason.off_shift", lang)


def off_summary(
    catalog: Catalog,
    lang: Lang,
    standings: Sequence[Standing],
    *,
    names: Mapping[str, str],
    zones: Mapping[str, str],
    unknown: int,
    now: datetime,
) -> str:
    """Who is off and when each is back (in their own zone, named), then how many are on
    shift and how many Balance Bot can't say anything about. Plain text, no mentions."""
    off = [s for s in standings if s.off is not None]
    lines = (
        [catalog.ui("workflow.off.header", lang, count=str(len(off)))]
        if off
        else [catalog.ui("workflow.off.nobody", lang)]
    )
    for standing in off:
        assert standing.off is not None
        name = names.get(standing.user_id) or catalog.ui("workflow.someone", lang)
        back_at = standing.off.back_at
        if back_at is None:
            back = catalog.ui("workflow.off.no_return", lang)
        else:
            when, zone = when_in_zone(catalog, lang, back_at, zones[standing.user_id], now=now)
            back = catalog.ui("workflow.off.back", lang, when=when, zone=zone)
        lines.append(
            catalog.ui(
                "workflow.off.line",
                lang,
                name=blocks.user_text(name, NAME_LIMIT),
                reason=_reason(catalog, lang, standing),
                back=back,
            )
        )
    on = len(standings) - len(off)
    if off and on:
        lines.append(catalog.ui("workflow.off.on_count", lang, count=str(on)))
    if unknown:
        lines.append(catalog.ui("workflow.off.unknown", lang, count=str(unknown)))
    return "\n".join(lines)


def pulse_summary(
    catalog: Catalog, lang: Lang, key: str, moment: datetime, tz: str, *, now: datetime
) -> str:
    """ "This week's pulse is open now. It closes on Thu Dec 3 at 2:00 PM (CST)." and kin;
    `moment` is when it closes (or opens, for `workflow.pulse.scheduled`)."""
    when, zone = when_in_zone(catalog, lang, moment, tz, now=now)
    field = "opens" if key == "workflow.pulse.scheduled" else "closes"
    return catalog.ui(key, lang, zone=zone, **{field: when})


def error_text(catalog: Catalog, lang: Lang, error: StepError) -> str:
    """The message Slack shows whoever ran the workflow; their own words are quoted inert."""
    fmt = {
        name: blocks.user_text(value, 60) if name == "value" else value
        for name, value in error.fmt.items()
    }
    if error.key == "workflow.error.topic":
        fmt["topics"] = ", ".join(topic_name(catalog, topic, lang) for topic in TOPICS)
    return catalog.ui(error.key, lang, **fmt)
