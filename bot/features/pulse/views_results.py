"""Block Kit for pulse results: the message sent when a round closes, `/balance pulse results`,
and the text version of the trend chart (App Home's section is in views_home).

Comments are the team's own words: each goes through `blocks.user_text` into a verbatim section,
so no mention, link, formatting or line break in it is ever interpreted. A post shared with the
channel carries the figures only, never the comments."""

from __future__ import annotations

from typing import Any

from bot import blocks
from bot.features.pulse.service import QuestionResult, Results, TrendPoint
from bot.features.pulse.views import question_label
from content import Catalog
from content.models import Lang

MAX_COMMENTS = 10
COMMENT_MAX = 500


def value_text(catalog: Catalog, lang: Lang, kind: str, value: float) -> str:
    if kind == "scale":
        return catalog.ui("pulse.results.scale_value", lang, value=f"{value:.1f}")
    return catalog.ui("pulse.results.yes_value", lang, percent=str(int(value)))


def delta_text(catalog: Catalog, lang: Lang, q: QuestionResult) -> str:
    if q.delta is None:
        return ""
    if q.delta == 0:
        return " " + catalog.ui("pulse.results.same", lang)
    arrow = "▲" if q.delta > 0 else "▼"
    amount = f"{abs(q.delta):.1f}" if q.kind == "scale" else str(int(abs(q.delta)))
    key = "pulse.results.delta_scale" if q.kind == "scale" else "pulse.results.delta_points"
    return " " + catalog.ui(key, lang, arrow=arrow, amount=amount)


def _point(kind: str, point: TrendPoint, qid: str) -> str:
    if not point.eligible or qid not in point.values:
        return "–"
    value = point.values[qid]
    return f"{value:.1f}" if kind == "scale" else f"{int(value)}%"


def trend_lines(catalog: Catalog, lang: Lang, results: Results) -> list[str]:
    """The trend as text (the chart's fallback and alt text): one line per question."""
    if len(results.trend) < 2:
        return []
    lines = []
    for q in results.questions:
        series = " → ".join(_point(q.kind, p, q.id) for p in results.trend)
        lines.append(f"• {question_label(catalog, lang, q.id)}: {series}")
    return lines


def weeks_text(results: Results) -> str:
    return " → ".join(p.week.split("-")[-1] for p in results.trend)


def participation_text(catalog: Catalog, lang: Lang, results: Results) -> str:
    percent = results.participation_percent
    if percent is None:
        return catalog.ui("pulse.results.answers", lang, count=str(results.responses))
    return catalog.ui(
        "pulse.results.participation",
        lang,
        count=str(results.responses),
        members=str(results.members),
        percent=str(percent),
    )


def signals_text(catalog: Catalog, lang: Lang, results: Results) -> str | None:
    s = results.signals
    if s is None:
        return None
    hidden = catalog.ui("pulse.results.too_few", lang)
    breaks = (
        catalog.ui("pulse.results.breaks", lang, percent=str(s.breaks_taken_percent))
        if s.breaks_taken_percent is not None
        else catalog.ui("pulse.results.breaks_hidden", lang, why=hidden)
    )
    notices = (
        catalog.ui("pulse.results.notices", lang, count=str(s.notices))
        if s.notices is not None
        else catalog.ui("pulse.results.notices_hidden", lang, why=hidden)
    )
    return f"*{catalog.ui('pulse.results.signals', lang)}* {breaks} · {notices}"


def alert_text(catalog: Catalog, lang: Lang, results: Results) -> str | None:
    if not results.alerts:
        return None
    names = ", ".join(question_label(catalog, lang, q) for q in results.alerts)
    return catalog.ui("pulse.results.alert", lang, questions=names)


def summary_lines(catalog: Catalog, lang: Lang, results: Results) -> list[str]:
    return [
        f"• *{question_label(catalog, lang, q.id)}*: "
        f"{value_text(catalog, lang, q.kind, q.value)}{delta_text(catalog, lang, q)}"
        for q in results.questions
    ]


def withheld_text(catalog: Catalog, lang: Lang, results: Results) -> str:
    """Why a round shows no figures: it never ran, the reader could answer it, or too few did."""
    ui = catalog.ui
    if results.note is not None:
        key = f"pulse.results.not_run.{results.note}"
        return ui(key if catalog.has_ui(key) else "pulse.results.not_run.other", lang)
    if results.could_answer:
        return ui("pulse.results.could_answer", lang)
    return ui(
        "pulse.results.not_enough",
        lang,
        count=str(results.responses),
        threshold=str(results.threshold),
        needed=str(results.needed),
    )


def comment_blocks(catalog: Catalog, lang: Lang, results: Results) -> list[blocks.Block]:
    if not results.comments:
        return []
    out = [blocks.section(f"*{catalog.ui('pulse.results.comments', lang)}*")]
    out += [
        blocks.section("> " + blocks.user_text(c, COMMENT_MAX), verbatim=True)
        for c in results.comments[:MAX_COMMENTS]
    ]
    return out


def results_message(
    catalog: Catalog, lang: Lang, results: Results, *, channel_id: str, shared: bool = False
) -> dict[str, Any]:
    """The results of a round for one reader, or (`shared`) for the whole channel."""
    ui = catalog.ui
    where = ui("pulse.results.where", lang, channel=f"<#{channel_id}>", week=results.round.week)
    out: list[blocks.Block] = [
        blocks.header(ui("pulse.results.title", lang)),
        blocks.context(where),
    ]
    if not results.eligible:
        text = withheld_text(catalog, lang, results)
        out.append(blocks.section(text))
        return blocks.message(text, out)
    out.append(blocks.section(participation_text(catalog, lang, results)))
    out.append(blocks.section("\n".join(summary_lines(catalog, lang, results))))
    alert = alert_text(catalog, lang, results)
    if alert:
        out.append(blocks.section(alert))
    trend = trend_lines(catalog, lang, results)
    if trend:
        title = ui("pulse.results.trend", lang, weeks=weeks_text(results))
        out.append(blocks.section(f"*{title}*\n" + "\n".join(trend)))
    signals = signals_text(catalog, lang, results)
    if signals:
        out.append(blocks.section(signals))
    if shared:
        out.append(blocks.context(ui("pulse.results.shared_note", lang)))
    else:
        out += comment_blocks(catalog, lang, results)
    out.append(blocks.context(ui("pulse.results.footer", lang, threshold=str(results.threshold))))
    fallback = ui(
        "pulse.results.fallback", lang, channel=f"<#{channel_id}>", count=str(results.responses)
    )
    return blocks.message(fallback, out[:50])


def chart_alt_text(catalog: Catalog, lang: Lang, results: Results) -> str:
    title = catalog.ui("pulse.results.trend", lang, weeks=weeks_text(results))
    return f"{title}\n" + "\n".join(trend_lines(catalog, lang, results))
