"""Does listing the question's known misconceptions in the claim prompt help? Dev data only.

    python -m evals.claims_dev --hints --sets clean,counterparts   # the model's answers (cached)
    python -m evals.hints_dev                                       # writes results/hints_dev.json

Compares P(FALSE) with and without the hints on the questions both caches cover: how
well an answer's mean P(FALSE) ranks the confidently wrong answer of the clean dev set
above the correct partial one (AUC), how many answers of three or more sentences the
shipped cap (mean ≥ 0.70) would catch, and how the review's correct counterpart
sentences fare. It chooses nothing: thresholds are factcheck_dev.py's, on its own cache.
"""

from __future__ import annotations

import json
from typing import Any

from interviewer.examiner.factcheck import claims_of

from .claims_dev import RESULTS, dev_items

CAP = 0.70  # the shipped mean-P(FALSE) cap (evals/results/factcheck_dev.json)


def mean_p_false(cache: dict[str, dict[str, float]], item: dict[str, Any]) -> float | None:
    claims = claims_of(item["answer"])[0]
    known = cache.get(item["question_id"], {})
    if not claims or any(c not in known for c in claims):
        return None
    return sum(known[c] for c in claims) / len(claims)


def auc(positives: list[float], negatives: list[float]) -> float:
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return round(wins / max(1, len(positives) * len(negatives)), 3)


def report(cache: dict[str, dict[str, float]], items: list[dict[str, Any]]) -> dict[str, Any]:
    pairs: dict[str, dict[str, float]] = {}
    capped = {"wrong": [0, 0], "correct": [0, 0]}  # [capped, answers of >= 3 sentences]
    for item in (i for i in items if i["set"] == "clean"):
        mean = mean_p_false(cache, item)
        if mean is None:
            continue
        pairs.setdefault(item["question_id"], {})[item["label"]] = mean
        if len(claims_of(item["answer"])[0]) >= 3:
            capped[item["label"]][0] += mean >= CAP
            capped[item["label"]][1] += 1
    both = [p for p in pairs.values() if len(p) == 2]
    sentences = []
    for item in (i for i in items if i["set"] == "counterparts"):
        known = cache.get(item["question_id"], {})
        sentences += [known[c] for c in claims_of(item["answer"])[0] if c in known]
    return {
        "clean_pairs": len(both),
        "wrong_above_partial": sum(p["wrong"] > p["correct"] for p in both),
        "auc_wrong_vs_partial": auc([p["wrong"] for p in both], [p["correct"] for p in both]),
        "capped_wrong": capped["wrong"], "capped_partial": capped["correct"],
        "counterpart_sentences": len(sentences),
        "counterparts_p_false_at_least_0.95": sum(p >= 0.95 for p in sentences),
        f"counterparts_p_false_at_least_{CAP}": sum(p >= CAP for p in sentences),
        "counterparts_mean_p_false": round(sum(sentences) / max(1, len(sentences)), 3),
    }  # fmt: skip


def main() -> dict[str, Any]:
    plain = json.loads((RESULTS / "claims_dev.json").read_text("utf-8"))["p_false"]
    hinted = json.loads((RESULTS / "claims_dev-hints.json").read_text("utf-8"))["p_false"]
    items = [i for i in dev_items() if i["set"] in ("clean", "counterparts")]
    shared = [i for i in items if mean_p_false(plain, i) is not None
              and mean_p_false(hinted, i) is not None]  # fmt: skip
    same = {"without_hints": report(plain, shared), "with_hints": report(hinted, shared)}
    out = {"same_items": same, "with_hints_all_items": report(hinted, items)}
    (RESULTS / "hints_dev.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
