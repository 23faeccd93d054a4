"""Worked examples in the claim prompt or not: the fact check's first-stage choice both ways.

    python -m evals.claims_dev --shots [--sets ...] [--limit N]   # the verdicts with examples
    python -m evals.factcheck_shots      # writes evals/results/factcheck_dev-shots.json

The claim prompt can start with six worked examples (interviewer/prompts/claim_shots.md,
on zip, f-strings and str.join, outside the bank): true denials, a true spoken sentence
and true details the reference leaves out answered TRUE, false sentences in the topic's
words answered FALSE. On the dev answers both caches cover, the sentence, cap and
misconception thresholds are chosen by evals/factcheck_dev.py's grid and bounds from each
cache, and the two choices compared. The doubt penalty is left out: its Mohler bound has
verdicts only without examples. It ships nothing by itself.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .claims_dev import RESULTS, dev_items
from .factcheck_dev import MAX_DOCKED, covered, first_stage, offline_grades


def main() -> dict[str, Any]:
    plain = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    shots = json.loads((RESULTS / "claims_dev-shots.json").read_text())["p_false"]
    items = covered(covered(dev_items(), plain), shots)
    graded = offline_grades(items)
    questions = len({i["question_id"] for i in items})
    report: dict[str, Any] = {"questions": questions, "items": len(items),
                              "bounds": {"max_docked": MAX_DOCKED}}  # fmt: skip
    for name, cache in (("without_examples", plain), ("with_examples", shots)):
        ok, gain, *_, t, m = first_stage(graded, cache)
        report[name] = {"within_bounds": ok, "summed_wins": round(gain, 3),
                        "chosen": asdict(t), "metrics": m}  # fmt: skip
    (RESULTS / "factcheck_dev-shots.json").write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
