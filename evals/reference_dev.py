"""What does the reference answer in the claim prompt add? Dev data only.

    python -m evals.claims_dev --no-reference --python-only        # the model's answers (cached)
    python -m evals.claims_dev --no-reference --sets short,spoken
    python -m evals.reference_dev                                  # results/reference_dev.json

The claim check asks about each sentence with the question's reference answer in the prompt
(interviewer/prompts/claim_user.md); this compares it with the same prompt without the
reference line (FactChecker(reference=False)), on the answers both caches cover. Per dev set (clean:
correct partial vs confidently wrong; examples: strong vs wrong-but-plausible; short and
spoken: right vs wrong) it reports how well an answer's mean P(FALSE) ranks the wrong answer
above the correct one, pooled (AUC) and within each question, and how the review's correct
counterpart sentences fare. It chooses nothing.
"""

from __future__ import annotations

import json
from typing import Any

from .claims_dev import RESULTS, dev_items
from .hints_dev import auc, mean_p_false

SETS = ("clean", "examples", "short", "spoken")


def report(cache: dict[str, dict[str, float]], items: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in SETS:
        by: dict[str, dict[str, list[float]]] = {}
        for item in (i for i in items if i["set"] == kind):
            mean = mean_p_false(cache, item)
            if mean is not None:
                by.setdefault(item["question_id"], {}).setdefault(item["label"], []).append(mean)
        pairs = [q for q in by.values() if "correct" in q and "wrong" in q]
        wrong = [m for q in pairs for m in q["wrong"]]
        right = [m for q in pairs for m in q["correct"]]
        within = [min(q["wrong"]) > max(q["correct"]) for q in pairs]
        out[kind] = {"questions": len(pairs), "auc_wrong_vs_correct": auc(wrong, right),
                     "wrong_above_correct_within_question": round(
                         sum(within) / max(1, len(within)), 3),
                     "mean_p_false_correct": round(sum(right) / max(1, len(right)), 3),
                     "mean_p_false_wrong": round(sum(wrong) / max(1, len(wrong)), 3)}  # fmt: skip
    counterparts = [mean_p_false(cache, i) for i in items if i["set"] == "counterparts"]
    sentences = [p for p in counterparts if p is not None]
    out["counterparts"] = {"sentences": len(sentences),
                           "mean_p_false": round(sum(sentences) / max(1, len(sentences)), 3),
                           "at_least_0.95": sum(p >= 0.95 for p in sentences)}  # fmt: skip
    return out


def main() -> dict[str, Any]:
    plain = json.loads((RESULTS / "claims_dev.json").read_text("utf-8"))["p_false"]
    bare = json.loads((RESULTS / "claims_dev-no-reference.json").read_text("utf-8"))["p_false"]
    shared = [i for i in dev_items()
              if None not in (mean_p_false(plain, i), mean_p_false(bare, i))]  # fmt: skip
    out = {"answers": len(shared), "with_reference": report(plain, shared),
           "without_reference": report(bare, shared)}  # fmt: skip
    (RESULTS / "reference_dev.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
