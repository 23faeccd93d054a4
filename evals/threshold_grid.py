"""Grid search over the offline examiner's Thresholds, shared by the *_dev evals.

Tries every combination of the given values, keeps those `accept` allows, ranks them
by `rank` (lowest first; Python's sort is stable, so ties keep grid order) and reports
the choice, the runners-up and the shipped setting side by side, so a reader sees
whether what ships is what was chosen. It does not change the shipped values.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from interviewer.examiner.offline import Thresholds

Metrics = dict[str, float]
RESULTS = Path(__file__).resolve().parent / "results"


def choose(grid: dict[str, list[Any]], run: Callable[[Thresholds], Metrics],
           accept: Callable[[Metrics], bool],
           rank: Callable[[Metrics, Thresholds], Any],
           base: Thresholds | None = None) -> dict[str, object]:  # fmt: skip
    """`base`: the values of everything outside the grid (the shipped ones by default)."""
    base = base or Thresholds()
    tried = []
    for values in itertools.product(*grid.values()):
        t = replace(base, **dict(zip(grid, values, strict=True)))
        m = run(t)
        if accept(m):
            tried.append((m, t))
    tried.sort(key=lambda mt: rank(*mt))
    best_m, best_t = tried[0]
    return {
        "chosen": {k: getattr(best_t, k) for k in grid},
        "chosen_metrics": best_m,
        "top5": [{**{k: getattr(t, k) for k in grid}, **m} for m, t in tried[:5]],
        "shipped": {k: getattr(Thresholds(), k) for k in grid},
        "shipped_metrics": run(Thresholds()),
    }


def write(name: str, results: dict[str, object]) -> dict[str, object]:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return results
