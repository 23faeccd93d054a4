"""Choose the fact check's thresholds (examiner/verdicts.py) on dev data, without the model.

    python -m evals.claims_dev          # first: P(FALSE) of every dev claim (needs the model)
    python -m evals.factcheck_dev       # then: writes evals/results/factcheck_dev.{json,png}

Dev data only (evals/claims_dev.py lists it). Objective: the share of questions
where the correct answer outscores the wrong one (clean set: partial > wrong;
graded examples: strong > wrong-but-plausible), subject to docking correct text
rarely: at most 5% of correct answers (clean partials, strong examples) may lose
points to the check, and at most 5% of the review's correct counterpart sentences
may be judged false. Ties are broken toward the gentler setting. The offline grades
here are the shipped offline examiner's with its cosine misconception rule off,
as in the app when the check runs.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict
from typing import Any

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.factcheck import claims_of, clean_spoken
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.examiner.verdicts import VerdictThresholds, checked_score
from interviewer.knowledge.answers import load_knowledge
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

from .claims_dev import RESULTS, dev_items

MAX_DOCKED = 0.05
GRID = {
    "claim": [0.6, 0.7, 0.8, 0.9, 0.95],
    "mean": [0.5, 0.6, 0.7, 0.8, 0.9, 1.01],
    "penalty": [0.0, 0.5, 1.0, 1.5, 2.0],
    "cap": [1.0, 1.5, 2.0],
}


def offline_grades(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    examiner = OfflineExaminer(CachedEmbedder(MiniLMEmbedder()),
                               thresholds=Thresholds(misconception_check=False))  # fmt: skip
    out = []
    for item in items:
        ref = knowledge.answers[item["question_id"]]
        examples = tuple(e for e in ref.examples if e.answer != item["answer"])
        g = examiner.grade(Rubric.of(ref), clean_spoken(item["answer"]), examples, ref.probes)
        out.append({**item, "offline": g.score,
                    "evidence": [k.evidence for k in g.key_points if k.hit],
                    "n_points": len(g.key_points), "flags": list(g.flags)})  # fmt: skip
    return out


def score(item: dict[str, Any], p: dict[str, float], t: VerdictThresholds) -> float:
    ps = [p[c] for c in claims_of(item["answer"])[0] if c in p]
    if not ps or {"no-answer", "off-topic", "repeats-question", "scrambled"} & set(item["flags"]):
        return float(item["offline"])
    false = [c for c in claims_of(item["answer"])[0] if p.get(c, 0.0) >= t.claim]
    kept = [e for e in item["evidence"] if not any(e in f or f in e for f in false)]
    no_point = item["n_points"] > 0 and not kept
    return checked_score(item["offline"], len(false), sum(ps) / len(ps), no_point, t)


def metrics(graded: list[dict[str, Any]], cache: dict[str, dict[str, float]],
            t: VerdictThresholds) -> dict[str, float]:  # fmt: skip
    by: dict[tuple[str, str, str], list[float]] = {}
    docked = correct = 0
    for item in graded:
        p = cache.get(item["question_id"], {})
        s = score(item, p, t)
        by.setdefault((item["set"], item["question_id"], item["label"]), []).append(s)
        if item["label"] == "correct" and item["set"] != "counterparts":
            correct += 1
            docked += s < item["offline"]
    wins = {"clean": [0, 0], "examples": [0, 0]}
    for (kind, qid, label), scores in by.items():
        if kind in wins and label == "wrong" and (kind, qid, "correct") in by:
            right = min(by[(kind, qid, "correct")])
            wins[kind][0] += int(right > max(scores))
            wins[kind][1] += 1
    sentences = [(q, s) for i in graded if i["set"] == "counterparts"
                 for q, s in [(i["question_id"], i["answer"])]]  # fmt: skip
    judged = [cache[q][s] for q, s in sentences if s in cache.get(q, {})]
    return {
        "clean_partial_gt_wrong": wins["clean"][0] / max(1, wins["clean"][1]),
        "examples_strong_gt_wrong": wins["examples"][0] / max(1, wins["examples"][1]),
        "correct_docked": docked / max(1, correct),
        "counterparts_false": sum(x >= t.claim for x in judged) / max(1, len(judged)),
        "counterparts_judged": len(judged),
    }


def main() -> dict[str, Any]:
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    items = [i for i in dev_items() if i["question_id"] in cache]
    graded = offline_grades(items)
    off = VerdictThresholds(claim=1.01, mean=1.01, penalty=0.0)
    rows = []
    for values in itertools.product(*GRID.values()):
        t = VerdictThresholds(**dict(zip(GRID, values, strict=True)))
        m = metrics(graded, cache, t)
        ok = m["correct_docked"] <= MAX_DOCKED and m["counterparts_false"] <= MAX_DOCKED
        gain = m["clean_partial_gt_wrong"] + m["examples_strong_gt_wrong"]
        rows.append((ok, gain, -t.penalty, t.claim, t.mean, asdict(t), m))
    best = max(rows, key=lambda r: r[:5])
    report = {"questions": len({i["question_id"] for i in items}), "items": len(items),
              "without_check": metrics(graded, cache, off), "chosen": best[5],
              "with_check": best[6], "bounds": {"max_docked": MAX_DOCKED}}  # fmt: skip
    (RESULTS / "factcheck_dev.json").write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
