"""The plot of evals/factcheck_dev.py: how the model's mean P(FALSE) spreads per kind of
dev answer, and where the chosen cap sits (evals/long_agree.py draws its agreement scores
the same way). It draws; it computes nothing."""

from __future__ import annotations

from pathlib import Path


def plot(groups: dict[str, list[float]], chosen: float, path: Path,
         xlabel: str = "mean P(FALSE) over the answer's sentences (dev data)") -> None:  # fmt: skip
    """A score per answer (by default the mean P(FALSE)), by kind of answer, with the chosen
    cap threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4))
    names = sorted(groups)
    ax.boxplot([groups[n] for n in names], orientation="horizontal", tick_labels=names)
    ax.axvline(chosen, color="#c53030", linestyle="--", label=f"cap from {chosen:g}")
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
