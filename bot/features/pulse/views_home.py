"""Block Kit for the manager's section of App Home: per pulse channel, the last weeks as a text
table (a figure per question, participation "n of m"), the newest week's participation, team
signals and any alert, then a button that sends the trend chart to the reader's messages (Home
can't show an uploaded image) and the ones to the latest results and the pulse set-up."""

from __future__ import annotations

from collections.abc import Sequence

from bot import blocks
from bot.commands import RUN_ACTION
from bot.features.pulse.board import Board, Week
from bot.features.pulse.views import question_label
from bot.features.pulse.views_results import alert_text, participation_text, signals_text
from content import Catalog
from content.models import Lang

CHART_ACTION = "pulse.home.chart"  # value: the channel id
MAX_CHANNELS = 5  # Home holds 100 blocks; a practice rarely runs more pulses than this
NONE = "–"  # no figure: below the threshold, or a round the reader could answer


def _cell(kind: str, value: float | None) -> str:
    if value is None:
        return NONE
    return f"{value:.1f}" if kind == "scale" else f"{int(value)}%"


def _answered(catalog: Catalog, lang: Lang, week: Week) -> str:
    if week.responses is None:
        return NONE
    if week.members is None:
        return str(week.responses)
    return catalog.ui(
        "pulse.home.answered", lang, count=str(week.responses), members=str(week.members)
    )


def table_text(catalog: Catalog, lang: Lang, board: Board) -> str:
    """The weeks as columns, oldest first; one row per question and one for participation."""
    head = [catalog.ui("pulse.home.week", lang), *(w.week.split("-")[-1] for w in board.weeks)]
    rows = [head]
    for qid in board.questions:
        kind = board.kinds[qid]
        cells = [_cell(kind, w.values.get(qid) if w.eligible else None) for w in board.weeks]
        rows.append([question_label(catalog, lang, qid), *cells])
    answered = [_answered(catalog, lang, w) for w in board.weeks]
    rows.append([catalog.ui("pulse.home.answered_row", lang), *answered])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]
    return "```\n" + "\n".join(lines) + "\n```"


def board_blocks(catalog: Catalog, lang: Lang, board: Board) -> list[blocks.Block]:
    ui = catalog.ui
    channel = f"<#{board.channel_id}>"
    title = ui("pulse.home.channel", lang, channel=channel, count=str(len(board.weeks)))
    out = [blocks.section(f"*{title}*\n{table_text(catalog, lang, board)}")]
    latest = board.latest
    if latest.eligible:
        notes = [
            participation_text(catalog, lang, latest),
            signals_text(catalog, lang, latest),
            alert_text(catalog, lang, latest),
        ]
        lines = [n for n in notes if n]
        if lines:
            out.append(blocks.section("\n".join(lines)))
    if board.charted:
        out.append(
            blocks.actions(
                blocks.button(
                    ui("button.pulse_chart", lang), action_id=CHART_ACTION, value=board.channel_id
                ),
                block_id=f"pulse_chart_{board.channel_id}",
            )
        )
    return out


def manager_blocks(
    catalog: Catalog, lang: Lang, boards: Sequence[Board], *, can_setup: bool
) -> list[blocks.Block]:
    """The pulse section of App Home, only ever built for people allowed to read results."""
    ui = catalog.ui
    out: list[blocks.Block] = [
        blocks.divider(),
        blocks.section(f"*{ui('pulse.home.title', lang)}*", block_id="pulse_home"),
    ]
    if not boards:
        out.append(blocks.section(ui("pulse.home.none", lang)))
    for board in boards[:MAX_CHANNELS]:
        out += board_blocks(catalog, lang, board)
    if boards:
        out.append(blocks.context(ui("pulse.home.legend", lang)))
    if any(b.charted for b in boards[:MAX_CHANNELS]):
        out.append(blocks.context(ui("pulse.home.chart_note", lang)))
    buttons = [
        blocks.button(
            ui("button.pulse_results", lang),
            action_id=f"{RUN_ACTION}.pulse.results",
            value="pulse results",
        )
    ]
    if can_setup:
        buttons.append(
            blocks.button(
                ui("button.pulse_setup", lang),
                action_id=f"{RUN_ACTION}.pulse.setup",
                value="pulse setup",
            )
        )
    out.append(blocks.actions(*buttons, block_id="home_pulse"))
    return out


def no_chart_text(catalog: Catalog, lang: Lang, channel_id: str) -> str:
    """The reply to "Send me the chart" when there is none to send."""
    return catalog.ui("pulse.home.no_chart", lang, channel=f"<#{channel_id}>")
