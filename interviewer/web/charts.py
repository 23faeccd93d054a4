"""Progress chart for the history tab: mean score per section over sessions (matplotlib).

Each section is a line with markers, so a single session still shows as points.
The x axis is the sequence of sessions, labelled with their start times (evenly
spaced: practice happens in bursts, and a time axis would squash them).
Returns a Figure; the caller displays or closes it. Nothing here knows about the UI or the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure


def progress_figure(rows: Sequence[dict[str, object]]) -> Figure:
    """rows: {"when": ISO time, "section": name, "score": 0..5}, any order."""
    fig = Figure(figsize=(9, 3.6), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    whens = sorted({datetime.fromisoformat(str(r["when"])) for r in rows})
    index = {w: i for i, w in enumerate(whens)}
    series: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for r in rows:
        when = datetime.fromisoformat(str(r["when"]))
        series[str(r["section"])].append((index[when], float(r["score"])))  # type: ignore[arg-type]
    for name, points in sorted(series.items()):
        points.sort()
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=name, alpha=0.85)
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("mean score (0–5)")
    ax.grid(alpha=0.3)
    if series:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        step = max(1, len(whens) // 8)
        ticks = list(range(0, len(whens), step))
        ax.set_xticks(ticks, [whens[i].strftime("%d %b\n%H:%M") for i in ticks])
        ax.set_xlim(-0.5, max(len(whens) - 0.5, 0.5))
    else:
        ax.text(0.5, 0.5, "No answers yet: finish an interview to see your progress.",
                ha="center", va="center", transform=ax.transAxes)  # fmt: skip
        ax.set_xticks([])
    ax.set_title("Progress by section")
    return fig
