"""Choose the fact check's thresholds (examiner/verdicts.py) on dev data, without the model.

    python -m evals.claims_dev          # first: P(FALSE) of every dev claim (needs the model)
    python -m evals.mohler_dev_checks   # and of 200 Mohler dev answers (needs the model)
    python -m evals.factcheck_dev       # then: writes evals/results/factcheck_dev.{json,png}
    python -m evals.factcheck_dev --hints   # with claims_dev --hints: factcheck_dev-hints.json
    python -m evals.factcheck_dev --whole-sentences  # claims not cut at semicolons:
                                                     # factcheck_dev-whole-sentences.json

Dev data only (evals/claims_dev.py lists it). Objective: the share of questions where
the correct answer outscores the wrong one (clean set: partial > wrong; graded examples:
strong > wrong-but-plausible; short and spoken answers: right > wrong), summed, subject
to docking correct text rarely: at most 5% of correct answers (clean partials, strong
examples, short and spoken right answers, and of each of the last two alone) may lose
points to the check, at most 5% of the review's correct counterpart sentences may be
judged false, and at most 5% of strong examples may lose points when one counterpart
sentence is added to them. The sentence, cap and misconception thresholds are chosen
first; then, with them fixed, the doubt penalty, which must also lower at most 5% of the
Mohler dev answers humans scored 4 or more (terse answers to one-line references, where
the model can rarely verify a sentence) and may not lower any set's share of wins: it
is meant to break ties toward the right answer, not to trade one kind of answer for
another. Ties are broken toward the gentler setting. The offline
grades here are the shipped offline examiner's with its cosine misconception rule off,
as in the app when the check runs.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable
from dataclasses import asdict, replace
from typing import Any

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.factcheck import claims_of, clean_spoken
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.examiner.verdicts import (
    VerdictThresholds,
    checked_score,
    doubted,
    reads_like_misconception,
)
from interviewer.knowledge.answers import load_knowledge
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

from .claims_dev import RESULTS, dev_items
from .factcheck_plot import plot
from .mohler_dev_checks import mohler_dev

MAX_DOCKED = 0.05
GRID: dict[str, list[float]] = {
    "claim": [0.6, 0.7, 0.8, 0.9, 0.95],
    "mean": [0.5, 0.6, 0.7, 0.8, 0.9, 1.01],
    "penalty": [0.0, 0.5, 1.0, 1.5, 2.0],
    "cap": [1.0],  # a product rule, not tuned: an answer false on the whole scores at most 1
    "min_claims": [1, 2, 3],
    "short_mean": [0.8, 0.85, 0.9, 0.95, 0.98, 1.01],
    "short_misconception": [0.7, 0.8, 0.9, 1.01],
    "long_misconception": [0.5, 0.6, 0.65, 1.01],
}
# Then, with those fixed: the points an answer the model doubts on the whole loses.
DOUBT_GRID: dict[str, list[float]] = {
    "doubt": [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 1.01],
    "doubt_penalty": [0.5, 1.0, 1.5, 2.0],
    "doubt_min_claims": [1, 2, 3],
}
WINS = (
    "clean_partial_gt_wrong",
    "examples_strong_gt_wrong",
    "short_right_gt_wrong",
    "spoken_right_gt_wrong",
)
SETS = ("clean", "examples", "short", "spoken")  # each: does the correct answer outscore the wrong?
SEMICOLONS = True  # as the app cuts claims; --whole-sentences to compare
NO_CHECK = VerdictThresholds(
    claim=1.01, mean=1.01, penalty=0.0, short_mean=1.01, short_misconception=1.01, doubt=1.01
)  # never fires


def offline_grades(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    examiner = OfflineExaminer(_embedder(),
                               thresholds=Thresholds(misconception_check=False))  # fmt: skip
    out = []
    for item in items:
        ref = knowledge.answers[item["question_id"]]
        examples = tuple(e for e in ref.examples if e.answer != item["answer"])
        g = examiner.grade(Rubric.of(ref), clean_spoken(item["answer"]), examples, ref.probes)
        out.append({**item, "offline": g.score, "claims": _claims(item["answer"]),
                    "evidence": [k.evidence for k in g.key_points if k.hit],
                    "n_points": len(g.key_points), "flags": list(g.flags)})  # fmt: skip
    return out


@functools.cache
def _claims(answer: str, semicolons: bool | None = None) -> list[str]:
    return claims_of(answer, SEMICOLONS if semicolons is None else semicolons)[0]


@functools.cache
def _rubrics() -> dict[str, Rubric]:
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    return {q: Rubric.of(ref) for q, ref in knowledge.answers.items()}


@functools.cache
def _reads_like_misconception(question_id: str, claims: tuple[str, ...]) -> bool:
    embedder = _embedder()
    return reads_like_misconception(embedder, _rubrics()[question_id], claims) is not None


@functools.cache
def _doubted(question_id: str, claims: tuple[str, ...]) -> bool:
    # The mean and the count are the caller's to check: here only what the grid does not vary.
    always = VerdictThresholds(doubt=0.0, doubt_min_claims=1)
    return doubted(_embedder(), _rubrics()[question_id], claims, 1.0, always)


@functools.cache
def _embedder() -> CachedEmbedder:
    return CachedEmbedder(MiniLMEmbedder())


Rule = Callable[[float, int, float, bool, VerdictThresholds, int], float]


def score(item: dict[str, Any], p: dict[str, float], t: VerdictThresholds,
          rule: Rule = checked_score) -> float:  # fmt: skip
    claims = item.get("claims") or _claims(item["answer"])
    ps = [p[c] for c in claims if c in p]
    if not ps or {"no-answer", "off-topic", "repeats-question", "scrambled"} & set(item["flags"]):
        return float(item["offline"])
    false = [c for c in claims if p.get(c, 0.0) >= t.claim]
    kept = [e for e in item["evidence"] if not any(e in f or f in e for f in false)]
    no_point = item["n_points"] > 0 and not kept
    mean = sum(ps) / len(ps)
    if rule is checked_score:
        doubt = t.short_misconception if len(ps) < t.min_claims else t.long_misconception
        known = mean >= doubt and _reads_like_misconception(item["question_id"], tuple(claims))
        doubt_ = t.doubted(mean, len(ps)) and _doubted(item["question_id"], tuple(claims))
        return checked_score(item["offline"], len(false), mean, no_point, t, len(ps), known,
                             doubt_)  # fmt: skip
    return rule(item["offline"], len(false), mean, no_point, t, len(ps))


Scorer = Callable[[dict[str, Any], dict[str, float], VerdictThresholds], float]


def metrics(graded: list[dict[str, Any]], cache: dict[str, dict[str, float]],
            t: VerdictThresholds, rule: Rule = checked_score,
            scorer: Scorer | None = None) -> dict[str, float]:  # fmt: skip
    """`scorer(item, verdicts, t)`: another way to score an item (default: `score` by `rule`)."""
    scored = scorer or functools.partial(score, rule=rule)
    by: dict[tuple[str, str, str], list[float]] = {}
    docked = {k: [0, 0] for k in SETS}  # correct answers that lost points, correct answers
    alone = alone_docked = 0
    for item in graded:
        p = cache.get(item["question_id"], {})
        s = scored(item, p, t)
        by.setdefault((item["set"], item["question_id"], item["label"]), []).append(s)
        if item["label"] == "correct" and item["set"] in docked:
            docked[item["set"]][0] += s < item["offline"]
            docked[item["set"]][1] += 1
        elif item["set"] == "counterparts":
            alone += 1
            alone_docked += s < item["offline"]
    wins = {k: [0, 0] for k in SETS}
    for (kind, qid, label), scores in by.items():
        if kind in wins and label == "wrong" and (kind, qid, "correct") in by:
            right = min(by[(kind, qid, "correct")])
            wins[kind][0] += int(right > max(scores))
            wins[kind][1] += 1
    sentences = [(q, s) for i in graded if i["set"] == "counterparts"
                 for q, s in [(i["question_id"], i["answer"])]]  # fmt: skip
    judged = [cache[q][s] for q, s in sentences if s in cache.get(q, {})]
    # The review's case: a strong answer plus one correct counterpart sentence must not lose points.
    strong: dict[str, list[dict[str, Any]]] = {}
    for i in graded:
        if i["set"] == "examples" and i["label"] == "correct":
            strong.setdefault(i["question_id"], []).append(i)
    added = docked_added = 0
    for q, sentence in sentences:
        p = cache.get(q, {})
        for item in strong.get(q, []):
            if sentence not in p:
                continue
            both = {**item, "answer": f"{item['answer']} {sentence}", "claims": None}
            added += 1
            docked_added += scored(both, p, t) < scored(item, p, t)
    n_docked = sum(d for d, _ in docked.values())
    return {
        "clean_partial_gt_wrong": wins["clean"][0] / max(1, wins["clean"][1]),
        "examples_strong_gt_wrong": wins["examples"][0] / max(1, wins["examples"][1]),
        "short_right_gt_wrong": wins["short"][0] / max(1, wins["short"][1]),
        "spoken_right_gt_wrong": wins["spoken"][0] / max(1, wins["spoken"][1]),
        "correct_docked": n_docked / max(1, sum(n for _, n in docked.values())),
        "short_right_docked": docked["short"][0] / max(1, docked["short"][1]),
        "spoken_right_docked": docked["spoken"][0] / max(1, docked["spoken"][1]),
        "counterparts_false": sum(x >= t.claim for x in judged) / max(1, len(judged)),
        # A correct one-sentence answer (each counterpart on its own) must not lose points either.
        "counterpart_alone_docked": alone_docked / max(1, alone),
        "counterparts_judged": len(judged),
        "strong_plus_counterpart_docked": docked_added / max(1, added),
        "strong_plus_counterpart_cases": added,
    }


def choose(graded: list[dict[str, Any]], cache: dict[str, dict[str, float]]) -> dict[str, Any]:
    """The best setting of the grid on these graded items, and its metrics: first the
    sentence, cap and misconception thresholds, then the doubt penalty with those fixed."""
    first = first_stage(graded, cache)
    doubts = []
    for doubt, doubt_penalty, doubt_min in itertools.product(*DOUBT_GRID.values()):
        t = replace(first[9], doubt=doubt, doubt_penalty=doubt_penalty,
                    doubt_min_claims=int(doubt_min))  # fmt: skip
        ok, gain, m = judged(graded, cache, t)
        m.update(mohler_dev(t))
        ok = (ok and m["mohler_dev_4_or_more_docked"] <= MAX_DOCKED
              and all(m[k] >= first[10][k] for k in WINS))  # fmt: skip
        doubts.append((ok, gain, t.doubt, -t.doubt_penalty, t.doubt_min_claims, t, m))
    best = max(doubts, key=lambda r: r[:5])
    return {"without_check": metrics(graded, cache, NO_CHECK), "chosen": asdict(best[5]),
            "with_check": best[6], "without_doubt": {**first[10], **mohler_dev(first[9])},
            "within_bounds": best[0]}  # fmt: skip


def first_stage(
    graded: list[dict[str, Any]], cache: dict[str, dict[str, float]]
) -> tuple[Any, ...]:
    """The grid's best sentence, cap and misconception thresholds (no doubt penalty):
    (within bounds, summed wins, …tie-breaks, the thresholds, their metrics)."""
    rows = []
    for values in itertools.product(*GRID.values()):
        claim, mean, penalty, cap, min_claims, short_mean, short_wrong, long_wrong = values
        t = VerdictThresholds(claim, mean, penalty, cap, int(min_claims), short_mean,
                              short_wrong, long_wrong, doubt=1.01)  # fmt: skip
        ok, gain, m = judged(graded, cache, t)
        rows.append((ok, gain, -t.penalty, t.claim, t.mean, t.short_mean,
                     t.short_misconception, t.long_misconception, t.min_claims, t, m))  # fmt: skip
    return max(rows, key=lambda r: r[:9])


def judged(graded: list[dict[str, Any]], cache: dict[str, dict[str, float]],
           t: VerdictThresholds,
           scorer: Scorer | None = None) -> tuple[bool, float, dict[str, float]]:  # fmt: skip
    """Whether `t` docks correct text rarely enough, its summed wins, and its metrics."""
    m = metrics(graded, cache, t, scorer=scorer)
    ok = (m["correct_docked"] <= MAX_DOCKED and m["counterparts_false"] <= MAX_DOCKED
          and m["short_right_docked"] <= MAX_DOCKED
          and m["spoken_right_docked"] <= MAX_DOCKED
          and m["counterpart_alone_docked"] <= MAX_DOCKED
          and m["strong_plus_counterpart_docked"] <= MAX_DOCKED)  # fmt: skip
    gain = sum(float(m[k]) for k in WINS)
    return ok, gain, m


def covered(
    items: list[dict[str, Any]], cache: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    """The items whose every claim the model has judged."""
    return [i for i in items if i["question_id"] in cache
            and all(c in cache[i["question_id"]] for c in _claims(i["answer"]))]  # fmt: skip


def main() -> dict[str, Any]:
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    items = covered(covered_both_ways(dev_items(), cache), cache)
    best = choose(offline_grades(items), cache)
    del best["within_bounds"]
    report = {"questions": len({i["question_id"] for i in items}), "items": len(items),
              **best, "bounds": {"max_docked": MAX_DOCKED},
              "short_reading_like_a_misconception": reading_like(items)}  # fmt: skip
    name = "factcheck_dev" + ("" if SEMICOLONS else "-whole-sentences")
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2))
    plot(groups(items, cache), best["chosen"]["mean"], RESULTS / f"{name}.png")
    return report


def groups(items: list[dict[str, Any]],
           cache: dict[str, dict[str, float]]) -> dict[str, list[float]]:  # fmt: skip
    """Mean P(FALSE) per answer, by kind of answer (what the plot shows)."""
    out: dict[str, list[float]] = {}
    for i in items:
        ps = [cache[i["question_id"]][c] for c in _claims(i["answer"])]
        if ps:
            out.setdefault(f"{i['set']}: {i['label']}", []).append(sum(ps) / len(ps))
    return out


def reading_like(items: list[dict[str, Any]]) -> dict[str, float]:
    """Per kind of one- or two-sentence answer, the share that reads like a known
    misconception (examiner/verdicts.py), whatever the model says of it."""
    groups: dict[str, list[bool]] = {}
    for i in items:
        claims = tuple(_claims(i["answer"]))
        if 0 < len(claims) < 3 and _rubrics()[i["question_id"]].misconceptions:
            kind = i["set"] if i["set"] == "counterparts" else f"{i['set']}_{i['label']}"
            groups.setdefault(kind, []).append(_reads_like_misconception(i["question_id"], claims))
    return {k: round(sum(v) / len(v), 3) for k, v in sorted(groups.items())}


def covered_both_ways(
    items: list[dict[str, Any]], cache: dict[str, dict[str, float]]
) -> list[dict[str, Any]]:
    """The items judged both with and without cutting at semicolons, so the two compare."""
    return [
        i
        for i in items
        if i["question_id"] in cache
        and all(
            c in cache[i["question_id"]]
            for c in {*_claims(i["answer"], True), *_claims(i["answer"], False)}
        )
    ]


if __name__ == "__main__":
    import sys

    SEMICOLONS = "--whole-sentences" not in sys.argv[1:]
    if "--hints" in sys.argv[1:]:
        from .factcheck_hints import main_hints

        print(json.dumps(main_hints(), indent=2))
    else:
        print(json.dumps(main(), indent=2))
