"""The fact check's thresholds chosen with the misconceptions listed in the claim prompt.

    python -m evals.claims_dev --hints          # first: the model's verdicts with hints
    python -m evals.factcheck_dev --hints       # writes evals/results/factcheck_dev-hints.json

The same choice as evals/factcheck_dev.py, made with and without hints on the dev answers
both caches cover; it ships nothing (hints stay off, docs/experiments.md says why).
"""

from __future__ import annotations

import json
from typing import Any

from .claims_dev import RESULTS, dev_items
from .factcheck_dev import MAX_DOCKED, choose, covered, offline_grades


def main_hints() -> dict[str, Any]:
    """The same choice with the misconceptions listed in the prompt (claims_dev --hints),
    beside the choice without them, on the items both caches cover."""
    plain = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    hinted = json.loads((RESULTS / "claims_dev-hints.json").read_text())["p_false"]
    items = covered(covered(dev_items(), plain), hinted)
    graded = offline_grades(items)
    report = {"questions": len({i["question_id"] for i in items}), "items": len(items),
              "without_hints": choose(graded, plain), "with_hints": choose(graded, hinted),
              "bounds": {"max_docked": MAX_DOCKED}}  # fmt: skip
    (RESULTS / "factcheck_dev-hints.json").write_text(json.dumps(report, indent=2))
    return report
