"""Does the sentence that earned a key point agree with that key point? Another use of the model.

    python -m evals.keypoint_agreement --ask --limit 15  # fills keypoint_agreement-cache.json
    python -m evals.keypoint_agreement --limit 15        # writes keypoint_agreement.json

The offline examiner credits a key point to the answer sentence nearest to it by cosine, and
a one-word-swapped wrong sentence is as near as the right one. Here the claim prompt is asked
with the *key point alone* as its reference ("Reference answer (correct): <key point>") about
that evidence sentence: a narrower question than the whole reference, about the one fact the
credit is for. A credited key point whose evidence the model then judges false with
P(FALSE) >= `doubt` costs `cost` × 5 × its share of the rubric's weight, on top of the shipped
rules, scored with evals/factcheck_dev.py's metrics and docking bounds on the dev sets of the
first `--limit` questions (dev data only; the held-out sets are not read). With `--ask`, the
model (INTERVIEWER_FACTCHECK_URL or the local one) judges every (key point, evidence) pair of
those answers; without it, only the cache is read.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
from typing import Any

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.factcheck import FactChecker, clean_spoken
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds, half_points
from interviewer.examiner.verdicts import VerdictThresholds
from interviewer.knowledge.answers import load_knowledge
from interviewer.llm.chat import LLMError, TokenScorer

from . import factcheck_dev as dev
from .cached_scorer import CachedScorer
from .claims_dev import RESULTS, dev_items
from .mohler_dev_checks import _CacheOnly

CACHE = RESULTS / "keypoint_agreement-cache.json"
GRID = {"doubt": [0.5, 0.6, 0.7, 0.8, 0.9, 1.01], "cost": [0.5, 1.0]}
Point = tuple[str, float, str]  # (key point, weight, evidence or "" when not credited)


@functools.cache
def _knowledge() -> Any:
    return load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)


def dev_graded(limit: int | None) -> list[dict[str, Any]]:
    """The dev items of the first `limit` questions, graded offline, with their key points."""
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    items = dev.covered(dev.covered_both_ways(dev_items(), cache), cache)
    keep = sorted({i["question_id"] for i in items})[: limit or None]
    items = dev.offline_grades([i for i in items if i["question_id"] in keep])
    examiner = OfflineExaminer(dev._embedder(), thresholds=Thresholds(misconception_check=False))
    for item in items:
        ref = _knowledge().answers[item["question_id"]]
        examples = tuple(e for e in ref.examples if e.answer != item["answer"])
        g = examiner.grade(Rubric.of(ref), clean_spoken(item["answer"]), examples, ref.probes)
        item["points"] = [(k.text, k.weight, k.evidence if k.hit else "") for k in g.key_points]
    return items


def agreement(scorer: TokenScorer, question: str, point: str, evidence: str) -> float:
    """P(FALSE) of the evidence sentence with the key point as the whole reference."""
    return FactChecker(scorer).judge(Rubric(question, point), evidence)


def judged(item: dict[str, Any], scorer: TokenScorer) -> list[float]:
    q = _knowledge().answers[item["question_id"]].question
    return [agreement(scorer, q, k, ev) for k, _, ev in item["points"] if ev]


def lost_share(item: dict[str, Any], scorer: TokenScorer, doubt: float) -> float:
    q = _knowledge().answers[item["question_id"]].question
    total = sum(float(w) for _, w, _ in item["points"]) or 1.0
    return sum(float(w) for k, w, ev in item["points"]
               if ev and agreement(scorer, q, k, ev) >= doubt) / total  # fmt: skip


def auc(pos: list[float], neg: list[float]) -> float:
    pairs = [(a > b) + 0.5 * (a == b) for a in pos for b in neg]
    return float(sum(pairs)) / max(1, len(pairs))


def report(items: list[dict[str, Any]], scorer: TokenScorer) -> dict[str, Any]:
    t = VerdictThresholds()
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    by: dict[str, list[float]] = {}
    whole: dict[str, list[float]] = {}  # the shipped check's mean, for the same answers
    for i in items:
        ps = judged(i, scorer)
        if ps:
            by.setdefault(f"{i['set']}_{i['label']}", []).append(sum(ps) / len(ps))
            full = [cache[i["question_id"]][c] for c in i["claims"]]
            whole.setdefault(f"{i['set']}_{i['label']}", []).append(sum(full) / len(full))
    reference = {s: round(auc(whole[f"{s}_wrong"], whole[f"{s}_correct"]), 3)
                 for s in ("clean", "examples", "short", "spoken")}  # fmt: skip
    ranking = {s: round(auc(by[f"{s}_wrong"], by[f"{s}_correct"]), 3)
               for s in ("clean", "examples", "short", "spoken")}  # fmt: skip
    grid = []
    for doubt, cost in itertools.product(*GRID.values()):

        def scored(item: dict[str, Any], p: dict[str, float], t: VerdictThresholds,
                   doubt: float = doubt, cost: float = cost) -> float:  # fmt: skip
            s = dev.score(item, p, t)
            lost = lost_share(item, scorer, doubt) if item.get("points") else 0.0
            return half_points(max(0.0, min(item["offline"], s - cost * 5 * lost)))

        ok, gain, m = dev.judged(items, cache, t, scored)
        grid.append({"doubt": doubt, "cost": cost, "within_bounds": ok, "summed_wins": gain,
                     **{k: round(float(v), 3) for k, v in m.items()}})  # fmt: skip
    return {
        "questions": len({i["question_id"] for i in items}),
        "items": len(items),
        "mean_p_false_per_answer": {k: round(sum(v) / len(v), 3) for k, v in sorted(by.items())},
        "auc_wrong_over_correct": ranking,
        "auc_whole_reference_same_answers": reference,
        "grid": grid,
    }


def main(asking: bool, limit: int | None) -> dict[str, Any]:
    items = dev_graded(limit)
    if not asking:
        out = report(items, CachedScorer(_CacheOnly(), CACHE))
        (RESULTS / "keypoint_agreement.json").write_text(json.dumps(out, indent=2))
        return out
    from .claim_model import claim_model

    model, server = claim_model()
    try:
        scorer = CachedScorer(model, CACHE)
        for item in items:
            judged(item, scorer)
    finally:
        if server:
            server.close()
    return {"asked": scorer.asked}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ask", action="store_true", help="ask the model for what is not cached")
    ap.add_argument("--limit", type=int, help="only the first N dev questions")
    args = ap.parse_args()
    try:
        print(json.dumps(main(args.ask, args.limit), indent=2))
    except LLMError as e:
        raise SystemExit(f"not cached, run with --ask first: {e}") from e
