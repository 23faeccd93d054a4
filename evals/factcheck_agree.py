"""Cap a short answer the model finds siding with a known misconception (dev grid, then held out).

    python -m evals.choice_dev --python-only --sets short,counterparts,spoken   # model: dev
    CHOICE_SHORT_ONLY=1 python -m evals.choice_dev --sets short,clean           # model: dev
    python -m evals.factcheck_agree --ask    # model: the held-out adversarial set's short answers
    python -m evals.factcheck_agree          # writes evals/results/factcheck_agree.json

examiner/agreement.py asks, for an answer of one or two sentences, whether it agrees with
the nearest known misconception's claim and whether it agrees with its correction; the
difference cancels the lean toward FALSE that makes true short sentences look like wrong
ones to the claim check. Rule (examiner/verdicts.py, `short_agree`): such an answer with an
agreement of at least `short_agree` and a mean P(FALSE) of at least `short_agree_mean` is
capped like a known misconception. Chosen on dev data (evals/factcheck_dev.py's objective
and docking bounds, every dev set's wins kept; the answers without an agreement score are
scored without the rule), then reported on the held-out adversarial set, which played no part.
Mohler's questions have no known misconceptions, so the rule never reaches them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from dataclasses import replace
from typing import Any

from interviewer.domain import Grade
from interviewer.examiner.agreement import agreement, nearest_misconception
from interviewer.examiner.factcheck import FactCheck
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, half_points
from interviewer.examiner.verdicts import VerdictThresholds, apply_fact_check

from . import factcheck_dev as dev
from .claim_model import claim_model
from .claims_dev import RESULTS, dev_items
from .factcheck_credit import KINDS, adversarial_scores, pass_rates

DEV = RESULTS / "claims_dev-choice-agree.json"
HELD_OUT = RESULTS / "claims_adversarial-agreement.json"
GRID = {
    "short_agree": [0.52, 0.54, 0.56, 0.58, 0.6, 0.65, 0.7, 1.01],
    "short_agree_mean": [0.0, 0.5, 0.6, 0.7],
}


def dev_scorer(agree: dict[str, dict[str, float]]) -> Any:
    def scored(item: dict[str, Any], p: dict[str, float], t: VerdictThresholds) -> float:
        s = dev.score(item, p, t)
        claims = item.get("claims") or dev._claims(item["answer"])
        ps = [p[c] for c in claims if c in p]
        a = agree.get(item["question_id"], {}).get(item["answer"].strip())
        if a is None or not ps or not t.agreed(a, sum(ps) / len(ps), len(ps)):
            return s
        return half_points(min(s, t.cap))

    return scored


def held_out(t: VerdictThresholds, ask: bool = False) -> dict[str, Any]:
    """The adversarial set's pass rates under `t` (its agreement scores cached in HELD_OUT)."""
    embedder = dev._embedder()
    cache: dict[str, dict[str, float]] = (
        json.loads(HELD_OUT.read_text()) if HELD_OUT.exists() else {}
    )
    model, server = claim_model() if ask else (None, None)
    seconds: list[float] = []  # per answer asked: both questions, as the app adds them

    def scored(offline: OfflineExaminer, ref: Any, rubric: Rubric, text: str, g: Grade,
               check: FactCheck) -> float:  # fmt: skip
        said = [v.sentence for v in check.verdicts]
        near = nearest_misconception(embedder, rubric, said)
        if 0 < len(said) < t.min_claims and near is not None:
            done = cache.setdefault(ref.question_id, {})
            if text.strip() not in done and model is not None:
                m = rubric.misconceptions[near]
                t0 = time.monotonic()
                done[text.strip()] = round(agreement(model, rubric, text, m), 4)
                seconds.append(time.monotonic() - t0)
                HELD_OUT.write_text(json.dumps(cache, indent=1, sort_keys=True))
            if text.strip() in done:
                check = replace(check, agreement=(near, done[text.strip()]))
        return apply_fact_check(g, check, rubric, ref.probes, embedder, t).score

    try:
        scores = adversarial_scores(scored)
    finally:
        if server:
            server.close()
    n = max(1, len(scores))
    means = {k: round(sum(s[k] for s in scores) / n, 3) for k in KINDS}
    timing = {}
    if seconds:
        q = statistics.quantiles(seconds, n=20) if len(seconds) > 1 else seconds * 19
        timing = {"agreement_seconds": {"n": len(seconds), "p50": round(q[9], 2),
                                        "p95": round(q[18], 2)}}  # fmt: skip
    return {**pass_rates(scores), "means": means, **timing}


def main(ask: bool) -> dict[str, Any]:
    without = replace(VerdictThresholds(), short_agree=1.01)  # the rest as shipped
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    agree = json.loads(DEV.read_text())["p_claim"]
    items = dev.offline_grades(dev.covered(dev.covered_both_ways(dev_items(), cache), cache))
    scorer = dev_scorer(agree)
    base = dev.metrics(items, cache, without)
    rows = []
    for a, mean in itertools.product(*GRID.values()):
        t = replace(without, short_agree=a, short_agree_mean=mean)
        ok, gain, m = dev.judged(items, cache, t, scorer)
        ok = ok and all(m[w] >= base[w] for w in dev.WINS)
        rows.append((ok, round(gain, 6), a, mean, m))
    best = max(rows, key=lambda r: r[:4])
    chosen = replace(without, short_agree=best[2], short_agree_mean=best[3])
    report: dict[str, Any] = {
        "dev_items": len(items),
        "dev_agreement_scores": sum(len(v) for v in agree.values()),
        "without_agreement": base,
        "chosen": {"short_agree": best[2], "short_agree_mean": best[3]},
        "with_agreement": best[4],
        "within_bounds": best[0],
        "grid": [
            {
                "short_agree": r[2],
                "short_agree_mean": r[3],
                "ok": r[0],
                "wins": r[1],
                **{k: r[4][k] for k in (*dev.WINS, "counterpart_alone_docked", "correct_docked")},
            }
            for r in rows
        ],
        "adversarial": {
            "without_agreement": held_out(without),
            "with_agreement": held_out(chosen, ask),
        },
    }
    out = RESULTS / "factcheck_agree.json"
    if out.exists() and "agreement_seconds" not in report["adversarial"]["with_agreement"]:
        before = json.loads(out.read_text())["adversarial"]["with_agreement"]
        if "agreement_seconds" in before:  # timed when the model was asked (--ask)
            report["adversarial"]["with_agreement"]["agreement_seconds"] = before[
                "agreement_seconds"
            ]
    out.write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ask", action="store_true", help="ask the model what is not cached")
    r = main(ap.parse_args().ask)
    print(json.dumps({k: v for k, v in r.items() if k != "grid"}, indent=2))
