"""Agreement metrics between predicted and human scores (0–5)."""

from __future__ import annotations

import numpy as np


def _rank(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(len(x))
    for value in np.unique(x):  # average ranks for ties
        tie = x == value
        ranks[tie] = ranks[tie].mean()
    return ranks


def qwk(pred: np.ndarray, human: np.ndarray, levels: int = 6) -> float:
    """Quadratic weighted kappa on scores rounded to whole points 0..5."""
    a = np.clip(np.rint(pred), 0, levels - 1).astype(int)
    b = np.clip(np.rint(human), 0, levels - 1).astype(int)
    observed = np.zeros((levels, levels))
    for i, j in zip(a, b, strict=True):
        observed[i, j] += 1
    expected = np.outer(observed.sum(1), observed.sum(0)) / len(a)
    w = np.array([[(i - j) ** 2 for j in range(levels)] for i in range(levels)]) / (levels - 1) ** 2
    return float(1 - (w * observed).sum() / (w * expected).sum())


def agreement(pred: np.ndarray, human: np.ndarray) -> dict[str, float]:
    return {
        "n": len(pred),
        "pearson": round(float(np.corrcoef(pred, human)[0, 1]), 3),
        "spearman": round(float(np.corrcoef(_rank(pred), _rank(human))[0, 1]), 3),
        "rmse": round(float(np.sqrt(((pred - human) ** 2).mean())), 3),
        "qwk": round(qwk(pred, human), 3),
    }
