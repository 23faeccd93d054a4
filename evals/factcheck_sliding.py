"""A sliding fact-check penalty beside the shipped cap, on the same dev data (no model calls).

    python -m evals.factcheck_sliding   # needs evals/results/claims_dev.json (evals.claims_dev)

Instead of capping an answer whose mean P(FALSE) passes one threshold, take points off in
proportion to how far it passes a knee (one knee for answers of three or more sentences, one
for shorter ones), on top of the shipped thresholds. The grid and the docking bounds are
evals/factcheck_dev.py's; the result says whether any sliding setting beats the shipped one
within the bounds, and what the best setting outside them would cost. Writes
evals/results/factcheck_sliding.json. Not used by the app.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import evals.factcheck_dev as dev
from interviewer.examiner.offline import half_points
from interviewer.examiner.verdicts import VerdictThresholds, checked_score

from .claims_dev import RESULTS, dev_items

SLOPES = [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
KNEES = [0.5, 0.55, 0.6, 0.65, 0.7]
SHORT_KNEES = [0.6, 0.7, 0.8, 0.9, 1.01]
BOUNDED = ("correct_docked", "counterparts_false", "short_right_docked", "spoken_right_docked",
           "counterpart_alone_docked", "strong_plus_counterpart_docked")  # fmt: skip
GAINS = ("clean_partial_gt_wrong", "examples_strong_gt_wrong", "short_right_gt_wrong",
         "spoken_right_gt_wrong")  # fmt: skip


def sliding(slope: float, knee: float, short_knee: float) -> dev.Rule:
    def score(s: float, n_false: int, mean: float, no_point: bool, t: VerdictThresholds,
              n_claims: int) -> float:  # fmt: skip
        out = checked_score(s, n_false, mean, no_point, t, n_claims)
        start = knee if n_claims >= t.min_claims else short_knee
        return half_points(max(0.0, out - slope * max(0.0, mean - start)))

    return score


def main() -> dict[str, Any]:
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    graded = dev.offline_grades(dev.covered(dev_items(), cache))
    rows = []
    for slope, knee, short_knee in itertools.product(SLOPES, KNEES, SHORT_KNEES):
        m = dev.metrics(graded, cache, VerdictThresholds(), sliding(slope, knee, short_knee))
        rows.append({"slope": slope, "knee": knee, "short_knee": short_knee,
                     "within_bounds": all(m[b] <= dev.MAX_DOCKED for b in BOUNDED),
                     "gain": round(sum(m[g] for g in GAINS), 4),
                     **{k: round(m[k], 4) for k in (*GAINS, *BOUNDED)}})  # fmt: skip
    base = {**next(r for r in rows if r["slope"] == 0.0), "knee": None, "short_knee": None}
    inside = max((r for r in rows if r["within_bounds"]), key=lambda r: r["gain"])
    report = {"shipped": base, "best_within_bounds": inside,
              "best_outside_bounds": max(rows, key=lambda r: r["gain"]),
              "bounds": {"max_docked": dev.MAX_DOCKED}, "grid": len(rows)}  # fmt: skip
    (RESULTS / "factcheck_sliding.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
