"""Ask a longer answer's sentence nearest a known misconception whether it sides with it.

    python -m evals.long_agree --ask-dev   # model: dev answers of 3+ sentences (cached)
    python -m evals.long_agree --ask       # model: the held-out adversarial set's (cached)
    python -m evals.long_agree             # writes evals/results/long_agree.{json,png}

examiner/agreement.py's question (does what the candidate said agree with the nearest
known misconception's claim, and with its correction?) ranks short wrong answers above
true ones where the truth question cannot. A longer answer is many sentences, most of
them beside the point of any misconception: here only its sentence nearest that
misconception (cosine to its claim or correction) is asked, so that the cost stays two
short prompts. Two rules are tried on top of the shipped check (`LongRule`): `nearest`
caps an answer of 3+ sentences whose nearest sentence sides with the misconception;
`cosine` applies again the offline cosine misconception rule (off when the check runs)
where the model confirms the sentence. Each is chosen on dev data with
evals/factcheck_dev.py's objective and docking bounds (the review's strong answer plus one
true counterpart sentence included), no dev set's wins lowered, ties to the gentler
setting; then reported on the held-out adversarial set, which played no part. Neither
ships (docs/experiments.md): neither wins a held-out question.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.agreement import agreement, nearest_misconception
from interviewer.examiner.corrections import misconception_similarity
from interviewer.examiner.factcheck import FactCheck, clean_spoken
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, half_points
from interviewer.examiner.verdicts import VerdictThresholds, apply_fact_check
from interviewer.knowledge.answers import Knowledge, load_knowledge

from . import factcheck_dev as dev
from .adversarial import answers
from .claim_model import claim_model
from .claims_dev import RESULTS, counterparts, dev_items
from .factcheck_agree import HELD_OUT as SHORT_HELD_OUT
from .factcheck_agree import dev_scorer
from .factcheck_credit import KINDS, adversarial_scores, pass_rates
from .factcheck_plot import plot
from .negation_dev import auc

DEV = RESULTS / "claims_dev-agree-long.json"  # {question: {"<misconception>|<sentence>": a}}
HELD_OUT = RESULTS / "claims_adversarial-agree-long.json"
SHORT = RESULTS / "claims_dev-choice-agree.json"
MIN_CLAIMS = VerdictThresholds().min_claims


def nearest_sentence(rubric: Rubric, claims: Sequence[str], index: int) -> str:
    """The claim nearest misconception `index`'s claim or its correction (cosine)."""
    to_claim, to_correction = misconception_similarity(dev._embedder(), rubric, claims)
    return claims[int(np.argmax(np.maximum(to_claim[:, index], to_correction[:, index])))]


@functools.cache
def target(question_id: str, claims: tuple[str, ...]) -> str | None:
    """The cache key of what is asked for these claims: "<misconception>|<sentence>"."""
    rubric = dev._rubrics()[question_id]
    if len(claims) < MIN_CLAIMS:
        return None
    near = nearest_misconception(dev._embedder(), rubric, claims)
    if near is None:
        return None
    return f"{near}|{nearest_sentence(rubric, claims, near)}"


def dev_answers() -> list[tuple[str, str]]:
    """(question, answer) of every dev answer of 3+ sentences, the strong examples with one
    true counterpart sentence added among them, in the order they are asked."""
    items = [i for i in dev_items() if i["set"] in ("clean", "examples", "spoken")]
    out = [(i["question_id"], i["answer"]) for i in items]
    parts = counterparts()
    for i in items:
        if i["set"] == "examples" and i["label"] == "correct":
            out += [
                (i["question_id"], f"{i['answer']} {s}") for s in parts.get(i["question_id"], [])
            ]
    return [(q, a) for q, a in out if len(dev._claims(a)) >= MIN_CLAIMS]


def ask(answers: list[tuple[str, str]], cache_path: Path) -> None:
    cache = _cached(cache_path)
    model, server = claim_model()
    try:
        for n, (qid, answer) in enumerate(answers):
            key = target(qid, tuple(dev._claims(answer)))
            done = cache.setdefault(qid, {})
            if key is None or key in done:
                continue
            near, sentence = key.split("|", 1)
            rubric = dev._rubrics()[qid]
            done[key] = round(
                agreement(model, rubric, sentence, rubric.misconceptions[int(near)]), 4
            )
            if n % 10 == 0:
                print(n, len(answers), flush=True)
                _save(cache, cache_path)
    finally:
        _save(cache, cache_path)
        if server:
            server.close()


def _save(cache: dict[str, dict[str, float]], path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache, indent=1, sort_keys=True))
    os.replace(tmp, path)


@dataclass(frozen=True)
class LongRule:
    """A candidate rule for answers of 3+ sentences whose nearest sentence has agreement `a`:
    `nearest`: capped like a known misconception when a >= `agree` and the mean P(FALSE) >=
    `mean`; `cosine`: the offline examiner's cosine misconception rule (off when the check
    runs) applied again, but only where a >= `agree` (the model confirms the sentence sides
    with the misconception)."""

    kind: str  # "nearest" | "cosine" | "none"
    agree: float = 1.01
    mean: float = 0.0

    def score(self, checked: float, a: float | None, mean: float, n: int,
              ruled: Callable[[], tuple[float, bool]], cap: float) -> float:  # fmt: skip
        if self.kind == "none" or a is None or n < MIN_CLAIMS or a < self.agree:
            return checked
        if self.kind == "nearest":
            return half_points(min(checked, cap)) if mean >= self.mean else checked
        score, flagged = ruled()
        return half_points(min(checked, score)) if flagged else checked


NONE = LongRule("none")
GRID = [LongRule("nearest", a, m) for a in (0.52, 0.54, 0.56, 0.58, 0.6, 0.65, 0.7, 0.8)
        for m in (0.0, 0.4, 0.5, 0.55, 0.6, 0.65)]  # fmt: skip
GRID += [LongRule("cosine", a) for a in (0.0, 0.45, 0.5, 0.52, 0.54, 0.56, 0.6)]


@functools.cache
def _knowledge() -> Knowledge:
    return load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)


@functools.cache
def ruled(question_id: str, answer: str) -> tuple[float, bool]:
    """The offline score with its cosine misconception rule on, and whether that rule fired."""
    ref = _knowledge().answers[question_id]
    examples = tuple(e for e in ref.examples if e.answer != answer)
    g = OfflineExaminer(dev._embedder()).grade(Rubric.of(ref), clean_spoken(answer), examples,
                                               ref.probes)  # fmt: skip
    return g.score, "misconception" in g.flags


def scorer(rule: LongRule, long: dict[str, dict[str, float]]) -> dev.Scorer:
    short = dev_scorer(json.loads(SHORT.read_text())["p_claim"])

    def scored(item: dict[str, Any], p: dict[str, float], t: VerdictThresholds) -> float:
        s: float = short(item, p, t)
        claims = item.get("claims") or dev._claims(item["answer"])
        ps = [p[c] for c in claims if c in p]
        key = target(item["question_id"], tuple(claims))
        a = long.get(item["question_id"], {}).get(key) if key else None
        mean = sum(ps) / max(1, len(ps))
        return rule.score(s, a, mean, len(ps),
                          lambda: ruled(item["question_id"], item["answer"]), t.cap)  # fmt: skip

    return scored


def held_out(rule: LongRule) -> dict[str, Any]:
    """The adversarial set's pass rates with `rule` added to the shipped check (agreement
    scores cached in HELD_OUT; the short answers' in factcheck_agree's cache)."""
    short: dict[str, dict[str, float]] = json.loads(SHORT_HELD_OUT.read_text())
    long = _cached(HELD_OUT)
    embedder, t = dev._embedder(), VerdictThresholds()

    def scored(offline: OfflineExaminer, ref: Any, rubric: Rubric, text: str, g: Any,
               check: FactCheck) -> float:  # fmt: skip
        said = tuple(v.sentence for v in check.verdicts)
        near = nearest_misconception(embedder, rubric, said)
        whole = short.get(ref.question_id, {}).get(text.strip())
        if near is not None and whole is not None and 0 < len(said) < t.min_claims:
            check = replace(check, agreement=(near, whole))
        key = target(ref.question_id, said)
        a = long.get(ref.question_id, {}).get(key) if key else None  # 3+ sentences only
        s = apply_fact_check(g, check, rubric, ref.probes, embedder, t).score
        return rule.score(s, a, check.mean_p_false, len(said),
                          lambda: ruled(ref.question_id, text), t.cap)  # fmt: skip

    scores = adversarial_scores(scored)
    n = max(1, len(scores))
    means = {k: round(sum(s[k] for s in scores) / n, 3) for k in KINDS}
    return {**pass_rates(scores), "means": means}


def held_out_rows() -> list[tuple[str, str, str, str | None]]:
    """(question, kind of answer, its text, what is asked of it) per held-out answer of 3+
    sentences."""
    rows: list[tuple[str, str, str, str | None]] = []
    written = answers()

    def collect(offline: OfflineExaminer, ref: Any, rubric: Rubric, text: str, g: Any,
                check: FactCheck) -> float:  # fmt: skip
        said = tuple(v.sentence for v in check.verdicts)
        if len(said) >= MIN_CLAIMS:
            kind = next(k for k, v in written[ref.question_id].items() if clean_spoken(v) == text)
            rows.append((ref.question_id, kind, text, target(ref.question_id, said)))
        return float(g.score)

    adversarial_scores(collect)
    return rows


def held_out_auc() -> dict[str, float]:
    """AUC of the held-out wrong answers' agreement over the excellent and partial ones'."""
    long, by = _cached(HELD_OUT), dict[str, list[float]]()
    for qid, kind, _, key in held_out_rows():
        if key in long.get(qid, {}):
            by.setdefault(kind, []).append(long[qid][key])
    return {k: auc(by.get("wrong", []), by.get(k, [])) for k in ("excellent", "partial")}


def _cached(path: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = json.loads(path.read_text()) if path.exists() else {}
    return out


def main() -> dict[str, Any]:
    t = VerdictThresholds()
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    long = json.loads(DEV.read_text())
    items = dev.offline_grades(dev.covered(dev.covered_both_ways(dev_items(), cache), cache))
    base = dev.metrics(items, cache, t, scorer=scorer(NONE, long))
    rows = []
    for rule in GRID:
        ok, gain, m = dev.judged(items, cache, t, scorer(rule, long))
        ok = ok and all(m[w] >= base[w] for w in dev.WINS)
        rows.append((ok, round(gain, 6), rule.agree, rule.mean, rule, m))
    report: dict[str, Any] = {"dev_items": len(items),
                              "dev_agreement_scores": sum(len(v) for v in long.values()),
                              "shipped": base, "rules": {}}  # fmt: skip
    for kind in ("nearest", "cosine"):
        best = max((r for r in rows if r[4].kind == kind), key=lambda r: r[:4])
        report["rules"][kind] = {
            "chosen": asdict(best[4]), "within_bounds": best[0], "dev": best[5],
            "adversarial": held_out(best[4]),
            "grid": [{**asdict(r[4]), "ok": r[0], "wins": r[1],
                      **{k: r[5][k] for k in (*dev.WINS, "correct_docked",
                                              "strong_plus_counterpart_docked")}}
                     for r in rows if r[4].kind == kind],
        }  # fmt: skip
    report["adversarial_shipped"] = held_out(NONE)
    groups = spread(items, long)
    report["dev_auc_wrong_over_correct"] = {
        kind: auc(groups[f"{kind}: wrong"], groups[f"{kind}: correct"])
        for kind in ("clean", "examples")
    }
    report["adversarial_auc_wrong_over"] = held_out_auc()
    (RESULTS / "long_agree.json").write_text(json.dumps(report, indent=2))
    plot(groups, report["rules"]["nearest"]["chosen"]["agree"],
         RESULTS / "long_agree.png",
         "agreement of the sentence nearest a known misconception (dev, 3+ sentences)")  # fmt: skip
    return report


def spread(
    items: list[dict[str, Any]], long: dict[str, dict[str, float]]
) -> dict[str, list[float]]:
    """The agreement scores of the dev answers of 3+ sentences, by kind of answer."""
    out: dict[str, list[float]] = {}
    for i in items:
        key = target(i["question_id"], tuple(dev._claims(i["answer"])))
        a = long.get(i["question_id"], {}).get(key) if key else None
        if a is not None:
            out.setdefault(f"{i['set']}: {i['label']}", []).append(a)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ask-dev", action="store_true", help="ask the model about dev answers")
    ap.add_argument("--ask", action="store_true", help="ask it about the held-out answers")
    args = ap.parse_args()
    if args.ask_dev:
        ask(dev_answers(), DEV)
    elif args.ask:
        ask([(qid, text) for qid, _, text, _ in held_out_rows()], HELD_OUT)
    else:
        print(json.dumps(main(), indent=2))
