"""The trend chart: a PNG of the last weeks' results (matplotlib's Agg canvas, no pyplot state).

Only rounds that met the anonymity threshold carry points; the others are gaps. Scales (1–5,
5 healthier) on the top panel, yes/no questions as percent "yes" below.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.features.pulse.service import Results

COLORS = ("#2f6f9f", "#d0792b", "#4f9a55", "#a2489e", "#b8a22d", "#6b6b6b")


def render_trend(results: Results, labels: Mapping[str, str], *, title: str) -> bytes | None:
    """The chart as PNG bytes, or None when there is no trend to draw (fewer than two rounds
    with results)."""
    points = results.trend
    if sum(1 for p in points if p.eligible) < 2:
        return None
    weeks = [p.week.split("-")[-1] for p in points]
    scales = [q.id for q in results.questions if q.kind == "scale"]
    yesno = [q.id for q in results.questions if q.kind == "yesno"]
    panels = [(ids, kind) for ids, kind in ((scales, "scale"), (yesno, "yesno")) if ids]
    figure = Figure(figsize=(7.5, 2.6 * len(panels) + 0.6), dpi=100)
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=11)
    axes = figure.subplots(len(panels), 1, squeeze=False)[:, 0]
    xs = list(range(len(points)))
    for ax, (ids, kind) in zip(axes, panels, strict=True):
        for index, qid in enumerate(ids):
            ys = [p.values.get(qid, math.nan) if p.eligible else math.nan for p in points]
            ax.plot(
                xs,
                ys,
                marker="o",
                linewidth=2,
                color=COLORS[index % len(COLORS)],
                label=labels.get(qid, qid),
            )
        if kind == "scale":
            ax.set_ylim(1, 5.2)
            ax.set_yticks([1, 2, 3, 4, 5])
        else:
            ax.set_ylim(0, 105)
            ax.set_yticks([0, 25, 50, 75, 100])
            ax.set_yticklabels(["0%", "25%", "50%", "75%", "100%"])
        ax.set_xticks(xs)
        ax.set_xticklabels(weeks, fontsize=8)
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
