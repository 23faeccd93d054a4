"""Does contrasting a claim with its negation separate true from false? (dev data, cached)

    python -m evals.negation_dev [--limit N] [--sets short,counterparts,spoken]
    # --python-only: the 30 questions with counterparts; --no-ask: the analysis alone
    # writes evals/results/negation_dev.json (verdicts in claims_dev-negation.json)

The claim check reads P(FALSE) for one sentence, and the model leans FALSE on true
sentences it cannot verify from the reference (the review's true counterparts average
0.65), as much as on short wrong answers. That lean belongs to the sentence, not to its
truth, so it should also show in the same sentence negated: P(FALSE | S) - P(FALSE | not S)
would cancel it. Two negations are asked: "It is not true that <S>" (`prefix`, every
sentence, the logical negation of the whole), and `not` added after the first auxiliary
or taken away where there is one (`aux`, a minimal edit like the knowledge's one-word
swaps, where a rule finds one). Dev sets only (evals/claims_dev.py); P(FALSE | S) comes
from claims_dev.json. Reported: AUC of wrong over right per set, within each question
and pooled, for P(FALSE | S) alone and for the contrast.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.factcheck import FactChecker, claims_of
from interviewer.examiner.features import Rubric
from interviewer.knowledge.answers import load_knowledge

from .claim_model import claim_model
from .claims_dev import RESULTS, counterparts, dev_items

_NEGATED = re.compile(
    r"\b(is|are|was|were|can|could|will|would|should|must|may|might|has|have|had|does|do|did)"
    r"\s+not\b\s*|\b(is|are|was|were|could|would|should|must|has|have|had|does|do|did)n't\b"
    r"|\bcan't\b|\bcannot\b|\bwon't\b",
    re.I,
)
_AUX = re.compile(
    r"\b(is|are|was|were|can|could|will|would|should|must|may|might|has|have|had|does|do|did)\b",
    re.I,
)


def negate_aux(sentence: str) -> str | None:
    """Take away the first "not" (or n't), else add one after the first auxiliary."""
    m = _NEGATED.search(sentence)
    if m:
        word = m.group(0).lower()
        if word in ("can't", "cannot"):
            kept = "can"
        elif word == "won't":
            kept = "will"
        elif word.endswith("n't"):
            kept = m.group(0)[:-3]
        else:
            kept = m.group(1) + " "
        return sentence[: m.start()] + kept + sentence[m.end() :]
    m = _AUX.search(sentence)
    return sentence[: m.end()] + " not" + sentence[m.end() :] if m else None


def negate_prefix(sentence: str) -> str:
    return "It is not true that " + sentence[:1].lower() + sentence[1:]


NEGATIONS: dict[str, Callable[[str], str | None]] = {"prefix": negate_prefix, "aux": negate_aux}


def ask(items: list[dict[str, Any]], limit: int | None) -> dict[str, dict[str, dict[str, float]]]:
    out = RESULTS / "claims_dev-negation.json"
    cache: dict[str, dict[str, dict[str, float]]] = {v: {} for v in NEGATIONS}
    if out.exists():
        cache.update(json.loads(out.read_text())["p_false"])
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    model, server = claim_model()
    checker = FactChecker(model)
    try:
        for qid in sorted({i["question_id"] for i in items})[: limit or None]:
            rubric = Rubric.of(knowledge.answers[qid])
            for item in (i for i in items if i["question_id"] == qid):
                for claim in claims_of(item["answer"])[0]:
                    for name, negation in NEGATIONS.items():
                        done = cache[name].setdefault(qid, {})
                        negated = negation(claim)
                        if negated is not None and claim not in done:
                            done[claim] = round(checker.judge(rubric, negated), 4)
            print(qid, flush=True)
            tmp = out.with_suffix(".tmp")
            tmp.write_text(json.dumps({"p_false": cache}, indent=1, sort_keys=True))
            os.replace(tmp, out)
    finally:
        if server:
            server.close()
    return cache


def auc(wrong: list[float], right: list[float]) -> float:
    pairs = [(w > r) + 0.5 * (w == r) for w in wrong for r in right]
    return round(sum(pairs) / len(pairs), 3) if pairs else float("nan")


Row = tuple[str, str, str, float]  # (set, question id, label, score)


def ranking(rows: list[Row]) -> dict[str, float | None]:
    """AUC of wrong over correct answers: pooled, and the mean within each question."""
    wrong = [m for _, _, lab, m in rows if lab == "wrong"]
    right = [m for _, _, lab, m in rows if lab == "correct"]
    within = [
        auc([m for _, q2, lab, m in rows if q2 == q and lab == "wrong"],
            [m for _, q2, lab, m in rows if q2 == q and lab == "correct"])
        for q in sorted({r[1] for r in rows})
    ]  # fmt: skip
    within = [w for w in within if w == w]
    mean_within = round(sum(within) / len(within), 3) if within else None
    return {"pooled_auc": auc(wrong, right), "within_question_auc": mean_within}


def dev_subset(sets: tuple[str, ...], limit: int | None,
               python_only: bool) -> tuple[list[dict[str, Any]], set[str]]:  # fmt: skip
    """The dev items of `sets` (only the 30 questions with counterparts if `python_only`),
    of the first `limit` questions, and those questions."""
    items = [i for i in dev_items() if i["set"] in sets]
    if python_only:  # the questions the review wrote correct counterparts for
        items = [i for i in items if i["question_id"] in counterparts()]
    qids = set(sorted({i["question_id"] for i in items})[: limit or None])
    return [i for i in items if i["question_id"] in qids], qids


def analyse(
    items: list[dict[str, Any]], negated: dict[str, dict[str, dict[str, float]]]
) -> dict[str, Any]:
    plain: dict[str, dict[str, float]] = json.loads((RESULTS / "claims_dev.json").read_text())[
        "p_false"
    ]
    scores: dict[str, Callable[[str, str], float | None]] = {
        "plain": lambda q, c: plain.get(q, {}).get(c),
    }
    for name in NEGATIONS:

        def contrast(q: str, c: str, name: str = name) -> float | None:
            s, n = plain.get(q, {}).get(c), negated[name].get(q, {}).get(c)
            if s is None:
                return None
            return (s - n + 1) / 2 if n is not None else s  # no negation: the plain verdict

        scores[name] = contrast
    report: dict[str, Any] = {}
    for label, score in scores.items():
        per_answer: list[Row] = []
        for item in items:
            claims = claims_of(item["answer"])[0]
            values = [score(item["question_id"], c) for c in claims]
            if claims and None not in values:
                mean = sum(v for v in values if v is not None) / len(values)
                per_answer.append((item["set"], item["question_id"], item["label"], mean))
        sets = sorted({s for s, *_ in per_answer})
        result: dict[str, dict[str, float | None]] = {}
        for kind in sets:
            rows = [r for r in per_answer if r[0] == kind]
            if len({r[2] for r in rows}) < 2:  # the counterparts are all true
                result[kind] = {
                    "n": len(rows),
                    "mean": round(sum(r[3] for r in rows) / len(rows), 3),
                }
                continue
            result[kind] = {"n": len(rows), **ranking(rows)}
        short_wrong = [m for s, _, lab, m in per_answer if s == "short" and lab == "wrong"]
        parts = [m for s, _, _, m in per_answer if s == "counterparts"]
        result["short wrong over counterparts"] = {"pooled_auc": auc(short_wrong, parts)}
        report[label] = result
    return report


def main(sets: tuple[str, ...], limit: int | None, asking: bool, python_only: bool) -> Path:
    items, qids = dev_subset(sets, limit, python_only)
    if asking:
        negated = ask(items, limit)
    else:
        negated = json.loads((RESULTS / "claims_dev-negation.json").read_text())["p_false"]
    report = analyse(items, negated)
    out = RESULTS / "negation_dev.json"
    out.write_text(json.dumps({"questions": len(qids), "report": report}, indent=1))
    print(json.dumps(report, indent=1))
    return out


def dev_args(doc: str, sets: str) -> argparse.Namespace:
    """The command line of a dev eval that asks the model about `dev_subset`'s answers."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N questions")
    ap.add_argument("--sets", default=sets, help="comma-separated")
    ap.add_argument("--python-only", action="store_true",
                    help="only the 30 questions with correct counterparts")  # fmt: skip
    ap.add_argument("--no-ask", action="store_true", help="analyse the cached verdicts only")
    return ap.parse_args()


if __name__ == "__main__":
    args = dev_args(__doc__, "short,counterparts,spoken")
    print(main(tuple(args.sets.split(",")), args.limit, not args.no_ask, args.python_only))
