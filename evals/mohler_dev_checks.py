"""The claim check on Mohler dev answers (assignments 1–6): a bound for choosing its thresholds.

    python -m evals.mohler_dev_checks [--limit 200]  # fills evals/results/claims_mohler_dev.json

Mohler's questions are about data structures, with one-line references and terse, informal
student answers that humans graded leniently: unlike the bank's dev sets, a place where the
model can rarely verify a sentence from the reference. evals/factcheck_dev.py reads the
model's verdicts cached here (no model there) to bound how often the check lowers an answer
humans scored 4 or more. `--limit` answers, spread evenly over dev. Never the test split.
"""

from __future__ import annotations

import argparse
import functools
import json
from dataclasses import dataclass

import numpy as np

from interviewer.domain import Grade
from interviewer.examiner.calibration import load_calibration
from interviewer.examiner.datasets import mohler
from interviewer.examiner.factcheck import FactCheck, FactChecker
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.examiner.verdicts import VerdictThresholds, apply_fact_check
from interviewer.llm.chat import LLMError
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

from .cached_scorer import CachedScorer
from .claim_model import claim_model
from .grading import MODEL_PATH, RESULTS
from .grading_factcheck import spread

CACHE = RESULTS / "claims_mohler_dev.json"
LIMIT = 200


@dataclass(frozen=True)
class CheckedRow:
    human: float
    rubric: Rubric
    offline: Grade  # the offline grade as the app gives it when the check runs
    check: FactCheck


class _CacheOnly:
    """A scorer for reading the cache: a prompt it does not hold is an error."""

    name = "cache"

    def first_token_logprobs(self, messages: object, top: int = 10) -> dict[str, float]:
        raise LLMError("not in evals/results/claims_mohler_dev.json")


@functools.cache
def checked_rows(limit: int = LIMIT) -> tuple[CheckedRow, ...]:
    """The dev answers whose every sentence the cache holds, graded offline and checked."""
    offline = OfflineExaminer(_embedder(), load_calibration(MODEL_PATH),
                              thresholds=Thresholds(misconception_check=False))  # fmt: skip
    checker = FactChecker(CachedScorer(_CacheOnly(), CACHE))
    out = []
    for r in spread(mohler(split="dev"), limit):
        rubric = Rubric(r.question, r.reference)
        try:
            check = checker.check(rubric, r.answer)
        except LLMError:
            continue
        out.append(CheckedRow(r.score, rubric, offline.grade(rubric, r.answer), check))
    return tuple(out)


def mohler_dev(t: VerdictThresholds) -> dict[str, float]:
    """How often the check with `t` lowers a cached dev answer that humans scored 4 or more,
    and the agreement of the checked scores with the humans'."""
    rows = checked_rows()
    embedder = _embedder()
    scores = [apply_fact_check(r.offline, r.check, r.rubric, (), embedder, t).score
              for r in rows]  # fmt: skip
    good = [s < r.offline.score for s, r in zip(scores, rows, strict=True) if r.human >= 4]
    human = [r.human for r in rows]
    return {"mohler_dev_4_or_more_docked": sum(good) / max(1, len(good)),
            "mohler_dev_answers": len(rows),
            "mohler_dev_pearson": round(float(np.corrcoef(scores, human)[0, 1]), 3)}  # fmt: skip


@functools.cache
def _embedder() -> CachedEmbedder:
    return CachedEmbedder(MiniLMEmbedder())


def main(limit: int = LIMIT) -> dict[str, object]:
    model, server = claim_model()
    try:
        checker = FactChecker(CachedScorer(model, CACHE))
        rows = spread(mohler(split="dev"), limit)
        for i, r in enumerate(rows):
            checker.check(Rubric(r.question, r.reference), r.answer)
            print(f"{i + 1}/{len(rows)}", end="\r", flush=True)
    finally:
        if server is not None:
            server.close()
    return {"answers": len(rows), "cache": str(CACHE.relative_to(RESULTS.parent.parent))}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=LIMIT, help="answers, spread over dev")
    print(json.dumps(main(parser.parse_args().limit), indent=2))
