"""Progress chart for the history tab: mean score per section over sessions (matplotlib).

Each section is a line with markers, so a single session still shows as points.
The x axis is the session's start time. Returns a Figure; the caller displays or
closes it. Nothing here knows about the UI or the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
from matplotlib.figure import Figure


def progress_figure(rows: Sequence[dict[str, object]]) -> Figure:
    """rows: {"when": ISO time, "section": name, "score": 0..5}, any order."""
    fig = Figure(figsize=(9, 3.6), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    series: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
    for r in rows:
        series[str(r["section"])].append((datetime.fromisoformat(str(r["when"])),
                                          float(r["score"])))  # type: ignore[arg-type]  # fmt: skip
    for name, points in sorted(series.items()):
        points.sort()
        xs = [mdates.date2num(p[0]) for p in points]  # type: ignore[no-untyped-call]
        ax.plot(xs, [p[1] for p in points], marker="o", label=name)
    ax.set_ylim(0, 5.2)
    ax.set_ylabel("mean score (0–5)")
    ax.grid(alpha=0.3)
    if series:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%H:%M"))  # type: ignore[no-untyped-call]
    else:
        ax.text(0.5, 0.5, "No answers yet: finish an interview to see your progress.",
                ha="center", va="center", transform=ax.transAxes)  # fmt: skip
        ax.set_xticks([])
    ax.set_title("Progress by section")
    return fig
