"""The app's default examiner (offline grade + local claim check) on the human-graded sets.

    python -m evals.grading_factcheck [--limit 200]   # writes evals/results/grading-factcheck.*

Mohler test (assignments 7–12) and SemEval Beetle unseen questions, the same answers
graded twice: by the offline examiner alone and with the claim check applied, so the
difference is the check's. Nothing is fitted or chosen here: the offline model and the
verdict thresholds are the shipped ones, and Beetle's correct/incorrect cut is the one
evals/grading.py takes from Mohler dev. `--limit` answers of each set, spread evenly
over it (a claim costs the local model 1–3 s). The model's answers are cached in
evals/results/claims_grading.json, so a re-run reproduces the numbers at no cost.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence

import numpy as np

from interviewer.examiner.calibration import load_calibration
from interviewer.examiner.checked import CheckedExaminer
from interviewer.examiner.datasets import GradedRow, beetle_unseen_questions, mohler
from interviewer.examiner.factcheck import FactChecker
from interviewer.examiner.metrics import agreement
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

from .cached_scorer import CachedScorer
from .claim_model import claim_model
from .grading import MODEL_PATH, RESULTS, best_threshold, grade_all, scatter


def spread(rows: Sequence[GradedRow], limit: int | None) -> list[GradedRow]:
    """`limit` rows taken at even steps, so every question of the set is represented."""
    if not limit or limit >= len(rows):
        return list(rows)
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def main(limit: int | None = 200) -> dict[str, object]:
    embedder = CachedEmbedder(MiniLMEmbedder())
    offline = OfflineExaminer(embedder, load_calibration(MODEL_PATH))
    dev = mohler(split="dev")
    dev_pred, _ = grade_all(offline, dev)
    cut = best_threshold(dev_pred, np.array([r.score for r in dev]))
    model, server = claim_model()
    try:
        scorer = CachedScorer(model, RESULTS / "claims_grading.json")
        # As the app builds it: the cosine misconception rule gives way to the claim check.
        unchecked = OfflineExaminer(embedder, load_calibration(MODEL_PATH),
                                    thresholds=Thresholds(misconception_check=False))  # fmt: skip
        checked = CheckedExaminer(unchecked, FactChecker(scorer), embedder, sync=True)
        out: dict[str, object] = {"examiner": checked.name, "beetle_cut_from_mohler_dev": cut}
        sets = {
            "mohler_test": mohler(split="test"),
            "beetle_unseen_questions": beetle_unseen_questions(),
        }
        for name, all_rows in sets.items():
            rows = spread(all_rows, limit)
            human = np.array([r.score for r in rows])
            base, _ = grade_all(offline, rows)
            graded_by: Counter[str] = Counter()
            pred, _ = grade_all(checked, rows, graded_by)
            report: dict[str, object] = {
                "n": len(rows),
                "answers_changed_by_the_check": int((np.abs(pred - base) > 1e-9).sum()),
                "answers_lowered": int((pred < base - 1e-9).sum()),
                "graded_by": dict(graded_by),
            }
            if name == "mohler_test":
                report["offline"] = agreement(base, human)
                report["with_check"] = agreement(pred, human)
                scatter(pred, human, {"mohler_test": report["with_check"]},
                        RESULTS / "grading-factcheck.png", "offline + claim check")  # fmt: skip
            else:
                truth = human > 0
                for who, scores in (("offline", base), ("with_check", pred)):
                    report[f"{who}_2way_accuracy"] = round(
                        float(((scores >= cut) == truth).mean()), 4
                    )
                report["majority_baseline"] = round(float(max(truth.mean(), 1 - truth.mean())), 4)
            out[name] = report
        out["model_calls"] = scorer.asked
    finally:
        if server is not None:
            server.close()
    (RESULTS / "grading-factcheck.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=200, help="answers per set; 0: all")
    args = parser.parse_args()
    print(json.dumps(main(args.limit or None), indent=2))
