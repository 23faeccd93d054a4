"""The history tab's charts (matplotlib): progress by section, and score and delivery over time.

`progress_figure`: each section is a line with markers, so a single session still shows as
points. `delivery_figure`: the session's mean score beside its spoken answers' speaking
rate (comfortable band shaded), fillers per minute and answer length (target shaded);
sessions answered only by typing leave gaps in the delivery lines. The x axis is the
sequence of sessions, labelled with their start times (evenly spaced: practice happens
in bursts, and a time axis would squash them).
Returns a Figure; the caller displays or closes it. Nothing here knows about the UI or the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import matplotlib

matplotlib.use("Agg")
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..examiner.delivery import PACE, TARGET_S


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


def _session_ticks(ax: Axes, whens: Sequence[datetime]) -> None:
    step = max(1, len(whens) // 6)
    ticks = list(range(0, len(whens), step))
    ax.set_xticks(ticks, [whens[i].strftime("%d %b\n%H:%M") for i in ticks], fontsize=8)
    ax.set_xlim(-0.5, max(len(whens) - 0.5, 0.5))


def delivery_figure(rows: Sequence[dict[str, object]], pace: tuple[float, float] = PACE,
                    target: tuple[float, float] = TARGET_S) -> Figure:  # fmt: skip
    """rows: {"when", "score"} per session, plus "wpm", "fillers_per_min" and
    "mean_length_s" when some of its answers were spoken (Practice.delivery_rows)."""
    fig = Figure(figsize=(9, 5.2), dpi=100, layout="constrained")
    axes = fig.subplots(2, 2, sharex=True).flatten()
    fig.suptitle("Score and delivery over time")
    ordered = sorted(rows, key=lambda r: str(r["when"]))
    whens = [datetime.fromisoformat(str(r["when"])) for r in ordered]
    panels = (("score", "Mean score (0–5)", (0.0, 5.0), "C0"),
              ("wpm", "Speaking rate (words/min)", pace, "C1"),
              ("fillers_per_min", "Fillers per minute", None, "C3"),
              ("mean_length_s", "Answer length (s)", target, "C2"))  # fmt: skip
    spoken = any("wpm" in r for r in ordered)
    for ax, (key, title, band, colour) in zip(axes, panels, strict=True):
        points = [(i, float(r[key])) for i, r in enumerate(ordered) if r.get(key) is not None]  # type: ignore[arg-type]
        if key != "score" and band is not None:
            ax.axhspan(*band, color=colour, alpha=0.12, lw=0)
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=colour)
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
        top = max([p[1] for p in points] + ([band[1]] if band else []) + [1.0])
        ax.set_ylim(0, top * 1.15)  # the band and every point in view
        if key == "score":
            ax.set_ylim(0, 5.2)
        elif not spoken:
            ax.text(0.5, 0.5, "Answer by voice to see this", ha="center", va="center",
                    transform=ax.transAxes, fontsize=9, color="0.4")  # fmt: skip
    if whens:
        for ax in axes[2:]:
            _session_ticks(ax, whens)
    else:
        axes[0].text(0.5, 0.5, "No answers yet", ha="center", va="center",
                     transform=axes[0].transAxes)  # fmt: skip
    return fig
