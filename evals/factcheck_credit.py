"""Two further uses of the claim check, chosen on dev data and reported on the adversarial set.

    python -m evals.factcheck_credit   # writes evals/results/factcheck_credit.json

With the shipped thresholds (examiner/verdicts.py) fixed, two rules are added and
their settings chosen on the dev sets (evals/factcheck_dev.py: same objective, same
bounds on docking correct text, Mohler dev included), from the cached verdicts only:
- `anchor_doubt`: a graded example pulls the offline score toward its own (the
  anchor); an answer whose mean P(FALSE) reaches this keeps its unanchored score when
  the anchor raised it, since a one-word-swapped wrong answer embeds next to the strong
  example it was swapped from.
- `point_doubt`, `point_cost`: a key point earned by a sentence with P(FALSE) from
  `point_doubt` (below the sentence threshold, which takes the point away outright)
  costs `point_cost` × 5 × its share of the rubric's weight.
The chosen settings are then applied to the adversarial set's cached verdicts
(evals/results/claims_adversarial.json; nothing is asked of the model here) and
its pass rates reported beside the shipped rules'.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from interviewer.config import REPO_KNOWLEDGE
from interviewer.domain import Grade
from interviewer.examiner.checked import NOTHING_TO_CHECK
from interviewer.examiner.factcheck import FactCheck, FactChecker, clean_spoken
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds, half_points
from interviewer.examiner.topics import TopicIndex
from interviewer.examiner.verdicts import VerdictThresholds, apply_fact_check
from interviewer.knowledge.answers import load_knowledge

from . import factcheck_dev as dev
from .adversarial import answers
from .cached_scorer import CachedScorer
from .claims_dev import RESULTS, dev_items
from .mohler_dev_checks import _CacheOnly, checked_rows

GRID = {
    "anchor_doubt": [0.5, 0.55, 0.6, 0.65, 0.7, 1.01],
    "point_doubt": [0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.01],
    "point_cost": [0.5, 1.0],
}


@dataclass(frozen=True)
class Extra:
    anchor_doubt: float = 1.01
    point_doubt: float = 1.01
    point_cost: float = 0.0


def graded(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dev items graded offline (as factcheck_dev does), with the unanchored score and
    each key point's weight and evidence added."""
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    examiner = OfflineExaminer(dev._embedder(), thresholds=Thresholds(misconception_check=False))
    out = []
    for item in dev.offline_grades(items):
        ref = knowledge.answers[item["question_id"]]
        bare = examiner.grade(Rubric.of(ref), clean_spoken(item["answer"]), (), ref.probes)
        again = examiner.grade(Rubric.of(ref), clean_spoken(item["answer"]),
                               tuple(e for e in ref.examples if e.answer != item["answer"]),
                               ref.probes)  # fmt: skip
        out.append(
            {
                **item,
                "unanchored": bare.score,
                "points": [(k.weight, k.evidence if k.hit else "") for k in again.key_points],
            }
        )
    return out


def extra_score(item: dict[str, Any], p: dict[str, float], t: VerdictThresholds,
                x: Extra) -> float:  # fmt: skip
    claims = item.get("claims") or dev._claims(item["answer"])
    ps = [p[c] for c in claims if c in p]
    if not ps:
        return dev.score(item, p, t)
    mean = sum(ps) / len(ps)
    base = item
    if mean >= x.anchor_doubt and item.get("unanchored", item["offline"]) < item["offline"]:
        base = {**item, "offline": item["unanchored"]}
    s = dev.score(base, p, t)
    total = sum(w for w, _ in item.get("points", ())) or 1.0
    lost = sum(
        w
        for w, ev in item.get("points", ())
        if ev
        and any(x.point_doubt <= p.get(c, 0.0) < t.claim and (ev in c or c in ev) for c in claims)
    )
    return half_points(max(0.0, min(item["offline"], s - x.point_cost * 5 * lost / total)))


def choose(items: list[dict[str, Any]], cache: dict[str, dict[str, float]],
           t: VerdictThresholds) -> dict[str, Any]:  # fmt: skip
    base = dev.metrics(items, cache, t)
    rows = []
    for a, k, c in itertools.product(*GRID.values()):
        x = Extra(a, k, c if k <= 1 else 0.0)
        ok, gain, m = dev.judged(items, cache, t, functools.partial(extra_score, x=x))
        m.update(mohler(t, x))
        ok = (ok and all(m[w] >= base[w] for w in dev.WINS)
              and m["mohler_dev_4_or_more_docked"] <= dev.MAX_DOCKED)  # fmt: skip
        rows.append((ok, round(gain, 6), x.anchor_doubt, x.point_doubt, -x.point_cost, x, m))
    best = max(rows, key=lambda r: r[:5])
    return {"shipped": base, "chosen": asdict(best[5]), "with_extra": best[6],
            "within_bounds": best[0]}  # fmt: skip


def mohler(t: VerdictThresholds, x: Extra) -> dict[str, float]:
    """As evals/mohler_dev_checks.mohler_dev, with the key-point rule added (no anchors
    there: Mohler questions have no graded examples)."""
    rows = checked_rows()
    scores = []
    for r in rows:
        s = apply_fact_check(r.offline, r.check, r.rubric, (), dev._embedder(), t).score
        total = sum(k.weight for k in r.offline.key_points) or 1.0
        lost = sum(k.weight for k in r.offline.key_points if k.hit and k.evidence and any(
            x.point_doubt <= v.p_false < t.claim and (k.evidence in v.sentence
                                                    or v.sentence in k.evidence)
            for v in r.check.verdicts))  # fmt: skip
        scores.append(half_points(max(0.0, min(s, s - x.point_cost * 5 * lost / total))))
    good = [s < r.offline.score for s, r in zip(scores, rows, strict=True) if r.human >= 4]
    return {"mohler_dev_4_or_more_docked": sum(good) / max(1, len(good)),
            "mohler_dev_pearson": round(float(np.corrcoef(scores, [r.human for r in rows])[0, 1]),
                                        3)}  # fmt: skip


KINDS = ("excellent", "partial", "wrong", "off_topic")
# (offline examiner, reference, rubric, answer without fillers, offline grade, fact check) -> score
AdversarialScorer = Callable[[OfflineExaminer, Any, Rubric, str, Grade, FactCheck], float]


def adversarial_scores(scored: AdversarialScorer) -> list[dict[str, float]]:
    """Per held-out adversarial question, each kind of answer's score: the offline grade when
    there is nothing to check, else `scored(...)` (cached verdicts only, no model)."""
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    refs = list(knowledge.answers.values())
    embedder = dev._embedder()
    offline = OfflineExaminer(embedder, thresholds=Thresholds(misconception_check=False),
                              topics=TopicIndex(embedder, refs))  # fmt: skip
    checker = FactChecker(CachedScorer(_CacheOnly(), RESULTS / "claims_adversarial.json"))
    scores = []
    for qid, written in answers().items():
        ref = knowledge.answers[qid]
        rubric, s = Rubric.of(ref), {}
        for kind in KINDS:
            text = clean_spoken(written[kind])
            g = offline.grade(rubric, text, ref.examples, ref.probes)
            if NOTHING_TO_CHECK & set(g.flags):
                s[kind] = g.score
                continue
            s[kind] = scored(offline, ref, rubric, text, g, checker.check(rubric, written[kind]))
        scores.append(s)
    return scores


def pass_rates(scores: list[dict[str, float]]) -> dict[str, float]:
    n = max(1, len(scores))
    return {
        "partial_gt_wrong": round(sum(s["partial"] > s["wrong"] for s in scores) / n, 4),
        "excellent_gt_partial": round(sum(s["excellent"] > s["partial"] for s in scores) / n, 4),
        "off_topic_at_most_1": round(sum(s["off_topic"] <= 1 for s in scores) / n, 4),
    }


def adversarial(t: VerdictThresholds, x: Extra) -> dict[str, float]:
    """The held-out adversarial set's pass rates with `x` added (cached verdicts only)."""
    embedder = dev._embedder()

    def scored(offline: OfflineExaminer, ref: Any, rubric: Rubric, text: str, g: Grade,
               check: FactCheck) -> float:  # fmt: skip
        bare = offline.grade(rubric, text, (), ref.probes).score
        if check.verdicts and check.mean_p_false >= x.anchor_doubt and bare < g.score:
            g = replace(g, score=bare)
        done = apply_fact_check(g, check, rubric, ref.probes, embedder, t)
        total = sum(k.weight for k in g.key_points) or 1.0
        lost = sum(k.weight for k in g.key_points if k.hit and k.evidence and any(
            x.point_doubt <= v.p_false < t.claim
            and (k.evidence in v.sentence or v.sentence in k.evidence)
            for v in check.verdicts))  # fmt: skip
        return half_points(max(0.0, done.score - x.point_cost * 5 * lost / total))

    return pass_rates(adversarial_scores(scored))


def main() -> dict[str, Any]:
    t = VerdictThresholds()
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    items = graded(dev.covered(dev.covered_both_ways(dev_items(), cache), cache))
    out = choose(items, cache, t)
    held_out = {
        "shipped": adversarial(t, Extra()),
        "with_extra": adversarial(t, Extra(**out["chosen"])),
    }
    report = {"dev_items": len(items), **out, "adversarial": held_out}
    (RESULTS / "factcheck_credit.json").write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
