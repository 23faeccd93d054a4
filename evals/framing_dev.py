"""How should a claim be asked: "is it true?" or "does it contradict the reference?" Dev only.

    python -m evals.claims_dev --framing contradiction --sets short,spoken,counterparts --limit 36
    python -m evals.framing_dev                          # results/framing_dev.json

The claim check asks whether each sentence is true (interviewer/prompts/claim_user.md). A
small model leans FALSE on correct sentences it cannot verify from the reference, which is
why one- or two-sentence answers are left uncapped (docs/experiments.md, "Fact check").
The other framing (contradiction_user.md) asks only whether the sentence contradicts the
reference, so that a correct detail the reference does not mention is not a contradiction.
On the answers both caches cover, per framing and for the mean of the two: how well an
answer's mean P(false) ranks the wrong answer above the correct one (reference_dev's
report), and, for answers of one or two sentences, the highest threshold on it that
flags at most 5% of the correct ones (short and spoken right answers, the review's
correct counterpart sentences; each group on its own), and the share of short wrong
answers it then flags. It chooses nothing by itself.
"""

from __future__ import annotations

import json
from typing import Any

from .claims_dev import RESULTS, dev_items
from .hints_dev import auc, mean_p_false
from .reference_dev import report

MAX_FLAGGED = 0.05
SHORT = 2  # sentences: what the mean cap leaves alone today (VerdictThresholds.min_claims)


def both(a: dict[str, dict[str, float]],
         b: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:  # fmt: skip
    """Per claim, the mean of the two framings' P(false)."""
    return {q: {c: (p + b[q][c]) / 2 for c, p in a[q].items() if c in b.get(q, {})}
            for q in a}  # fmt: skip


def short_threshold(cache: dict[str, dict[str, float]],
                    items: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    from interviewer.examiner.factcheck import claims_of

    short = [i for i in items if 0 < len(claims_of(i["answer"])[0]) <= SHORT]
    groups: dict[str, list[float]] = {}
    for item in short:
        mean = mean_p_false(cache, item)
        if mean is None:
            continue
        kind = "counterparts" if item["set"] == "counterparts" else f"{item['set']}_{item['label']}"
        groups.setdefault(kind, []).append(mean)
    right = [k for k in groups if not k.endswith("_wrong")]

    def rate(kind: str, t: float) -> float:
        return sum(p >= t for p in groups[kind]) / len(groups[kind])

    grid = [round(0.5 + 0.01 * i, 2) for i in range(51)]
    ok = [t for t in grid if all(rate(k, t) <= MAX_FLAGGED for k in right)]
    t = min(ok) if ok else 1.01
    return {
        "answers": {k: len(v) for k, v in sorted(groups.items())},
        "threshold": t,
        "flagged_at_threshold": {k: round(rate(k, t), 3) for k in sorted(groups)},
        "median": {k: round(sorted(v)[len(v) // 2], 3) for k, v in sorted(groups.items())},
    }


def wrong_vs_counterparts(cache: dict[str, dict[str, float]],
                          items: list[dict[str, Any]]) -> dict[str, float]:  # fmt: skip
    """AUC of short wrong answers' mean P(false) over the review's true counterpart sentences,
    pooled and within each question (does a per-question level separate them?)."""
    by: dict[str, dict[str, list[float]]] = {}
    for item in items:
        mean = mean_p_false(cache, item)
        if mean is not None and (item["set"] == "counterparts" or item["set"] == "short"):
            kind = "counterparts" if item["set"] == "counterparts" else item["label"]
            by.setdefault(item["question_id"], {}).setdefault(kind, []).append(mean)
    qs = [q for q in by.values() if "counterparts" in q and "wrong" in q]
    pooled = auc([w for q in qs for w in q["wrong"]], [c for q in qs for c in q["counterparts"]])
    pairs = [(w > c) + 0.5 * (w == c) for q in qs for w in q["wrong"] for c in q["counterparts"]]
    return {"questions": len(qs), "pooled": pooled,
            "within_question": round(sum(pairs) / max(1, len(pairs)), 3)}  # fmt: skip


def main(other: str = "contradiction") -> dict[str, Any]:
    truth = json.loads((RESULTS / "claims_dev.json").read_text("utf-8"))["p_false"]
    contra = json.loads((RESULTS / f"claims_dev-{other}.json").read_text("utf-8"))["p_false"]
    mixed = both(truth, contra)
    shared = [i for i in dev_items()
              if None not in (mean_p_false(truth, i), mean_p_false(contra, i))]  # fmt: skip
    out: dict[str, Any] = {"answers": len(shared)}
    for name, cache in (("truth", truth), (other, contra), ("mean_of_both", mixed)):
        out[name] = {
            **report(cache, shared),
            "short_answers": short_threshold(cache, shared),
            "short_wrong_vs_counterparts": wrong_vs_counterparts(cache, dev_items()),
        }
    name = "framing_dev" if other == "contradiction" else f"framing_dev-{other}"
    (RESULTS / f"{name}.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    import sys

    print(json.dumps(main(*sys.argv[1:2]), indent=2))
