"""Credit for what the model verifies: lift an answer whose sentences it judges true.

    python -m evals.factcheck_trust    # writes evals/results/factcheck_trust.json

Every rule so far spent the verdicts on docking, and the bounds on docking correct text
stopped each of them: wrong and correct answers overlap in mean P(FALSE) at the top. At
the bottom they overlap less (clean correct partials average 0.42, confidently wrong 0.65),
and lifting docks nothing. Rule: an answer of at least `min_claims` checked sentences, with
no flag, an offline score of at least `floor` (some key point earned) and nothing docked by
the check, whose mean P(FALSE) is at most `trust`, gains `bonus` points, to at most
`ceiling` (a lift must not make a partial answer excellent). Chosen on the dev sets from
the cached verdicts (evals/factcheck_dev.py's wins; the bounds here are that a strong
graded example still beats the clean correct partial answer as often, that Mohler dev's
agreement with humans does not fall and that no more than 5% of its answers humans scored 2
or less are lifted), then reported on the held-out adversarial set.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from interviewer.domain import Grade
from interviewer.examiner.factcheck import FactCheck
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer
from interviewer.examiner.verdicts import VerdictThresholds, apply_fact_check

from . import factcheck_dev as dev
from .claims_dev import RESULTS, dev_items
from .factcheck_credit import KINDS, adversarial_scores, pass_rates
from .mohler_dev_checks import checked_rows

GRID: dict[str, list[float]] = {
    "trust": [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, -1.0],
    "bonus": [0.5, 1.0],
    "min_claims": [1, 2, 3],
    "floor": [0.5, 1.5, 2.5],
    "ceiling": [3.0, 3.5, 4.0, 5.0],
}
FLAGGED = {
    "no-answer",
    "off-topic",
    "repeats-question",
    "scrambled",
    "keyword-list",
    "answers-another-question",
    "no-key-point",
    "ignored-grader-address",
    "misconception",
}


@dataclass(frozen=True)
class Trust:
    trust: float = -1.0
    bonus: float = 0.0
    min_claims: int = 1
    floor: float = 0.5
    ceiling: float = 5.0


def lifted(offline: float, checked: float, ps: list[float], flags: set[str], x: Trust) -> float:
    if (len(ps) < x.min_claims or flags & FLAGGED or offline < x.floor or checked < offline
            or sum(ps) / len(ps) > x.trust):  # fmt: skip
        return checked
    return max(checked, min(x.ceiling, checked + x.bonus))


def dev_scorer(x: Trust) -> Any:
    def scored(item: dict[str, Any], p: dict[str, float], t: VerdictThresholds) -> float:
        s = dev.score(item, p, t)
        claims = item.get("claims") or dev._claims(item["answer"])
        ps = [p[c] for c in claims if c in p]
        return lifted(float(item["offline"]), s, ps, set(item["flags"]), x)

    return scored


def strong_gt_partial(items: list[dict[str, Any]], cache: dict[str, dict[str, float]],
                      t: VerdictThresholds, x: Trust) -> float:  # fmt: skip
    """How often every strong graded example of a question beats its clean correct partial."""
    scored = dev_scorer(x)
    by: dict[str, dict[str, list[float]]] = {}
    for i in items:
        kind = {("examples", "correct"): "strong", ("clean", "correct"): "partial"}.get(
            (i["set"], i["label"])
        )
        if kind:
            s = float(scored(i, cache.get(i["question_id"], {}), t))
            by.setdefault(i["question_id"], {}).setdefault(kind, []).append(s)
    pairs = [min(v["strong"]) > max(v["partial"]) for v in by.values() if len(v) == 2]
    return sum(pairs) / max(1, len(pairs))


def mohler(t: VerdictThresholds, x: Trust) -> dict[str, float]:
    rows = checked_rows()
    scores = []
    for r in rows:
        s = apply_fact_check(r.offline, r.check, r.rubric, (), dev._embedder(), t).score
        ps = [v.p_false for v in r.check.verdicts]
        scores.append(lifted(r.offline.score, s, ps, set(r.offline.flags), x))
    low = [s > r.offline.score for s, r in zip(scores, rows, strict=True) if r.human <= 2]
    return {"mohler_dev_2_or_less_lifted": sum(low) / max(1, len(low)),
            "mohler_dev_pearson": round(float(np.corrcoef(scores, [r.human for r in rows])[0, 1]),
                                        3)}  # fmt: skip


def adversarial(t: VerdictThresholds, x: Trust) -> dict[str, Any]:
    embedder = dev._embedder()

    def scored(offline: OfflineExaminer, ref: Any, rubric: Rubric, text: str, g: Grade,
               check: FactCheck) -> float:  # fmt: skip
        done = apply_fact_check(g, check, rubric, ref.probes, embedder, t)
        return lifted(g.score, done.score, [v.p_false for v in check.verdicts], set(g.flags), x)

    scores = adversarial_scores(scored)
    n = max(1, len(scores))
    means = {k: round(sum(s[k] for s in scores) / n, 3) for k in KINDS}
    return {**pass_rates(scores), "means": means}


def main() -> dict[str, Any]:
    t = VerdictThresholds()
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    items = dev.offline_grades(dev.covered(dev.covered_both_ways(dev_items(), cache), cache))
    base = {
        **dev.metrics(items, cache, t),
        **mohler(t, Trust()),
        "strong_gt_partial": strong_gt_partial(items, cache, t, Trust()),
    }
    rows = []
    for values in itertools.product(*GRID.values()):
        x = Trust(values[0], values[1], int(values[2]), values[3], values[4])
        ok, gain, m = dev.judged(items, cache, t, dev_scorer(x))
        m.update(mohler(t, x), strong_gt_partial=strong_gt_partial(items, cache, t, x))
        ok = (ok and all(m[w] >= base[w] for w in (*dev.WINS, "strong_gt_partial"))
              and m["mohler_dev_pearson"] >= base["mohler_dev_pearson"]
              and m["mohler_dev_2_or_less_lifted"] <= dev.MAX_DOCKED)  # fmt: skip
        rows.append(
            (ok, round(gain, 6), -x.bonus, -x.trust, x.min_claims, x.floor, -x.ceiling, x, m)
        )
    best = max(rows, key=lambda r: r[:7])
    report = {
        "dev_items": len(items), "shipped": base, "chosen": asdict(best[7]),
        "with_trust": best[8], "within_bounds": best[0],
        "grid": [{**asdict(r[7]), "ok": r[0], "wins": r[1]} for r in rows],
        "adversarial": {"shipped": adversarial(t, Trust()), "with_trust": adversarial(t, best[7])},
    }  # fmt: skip
    (RESULTS / "factcheck_trust.json").write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    r = main()
    print(json.dumps({k: v for k, v in r.items() if k != "grid"}, indent=2))
