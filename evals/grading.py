"""Grading evals: fit the offline scorer on Mohler dev, report on Mohler test.

    python -m evals.grading            # refit + report; writes evals/results/grading.{json,png}
    python -m evals.grading --no-fit   # report with the shipped parameters
    python -m evals.grading --llm      # the LLM examiner (INTERVIEWER_MODEL, OPENAI_BASE_URL,
                                       # OPENAI_API_KEY) on the test split: grading-llm.*

Fitting uses Mohler assignments 1–6 only; the L2 strength is chosen by
leave-one-assignment-out cross-validation on those six. The test split
(assignments 7–12) is used once, to report. SemEval Beetle (unseen questions,
2-way) is reported with a correct/incorrect threshold chosen on Mohler dev;
nothing is tuned on it.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from interviewer.config import Settings
from interviewer.examiner.base import Examiner, build_examiner
from interviewer.examiner.calibration import MODEL_FILE, fit, load_calibration
from interviewer.examiner.datasets import GradedRow, beetle_unseen_questions, mohler
from interviewer.examiner.features import FEATURE_NAMES, Rubric, analyse
from interviewer.examiner.metrics import agreement
from interviewer.examiner.offline import OfflineExaminer
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
MODEL_PATH = HERE.parent / "interviewer" / "data" / MODEL_FILE
L2_GRID = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1)


def features(embedder: CachedEmbedder, rows: Sequence[GradedRow]) -> np.ndarray:
    return np.array([analyse(embedder, Rubric(r.question, r.reference), r.answer).vector
                     for r in rows])  # fmt: skip


def choose_l2(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[float, dict[str, float]]:
    cv: dict[str, float] = {}
    for l2 in L2_GRID:
        errors = []
        for g in np.unique(groups):
            model = fit(x[groups != g], y[groups != g], FEATURE_NAMES, l2=l2, steps=2000)
            errors.append(((model.predict(x[groups == g]) - y[groups == g]) ** 2).mean())
        cv[str(l2)] = float(np.sqrt(np.mean(errors)))
    best = min(cv, key=lambda k: cv[k])
    return float(best), cv


def grade_all(examiner: Examiner, rows: Sequence[GradedRow],
              graded_by: Counter[str] | None = None) -> tuple[np.ndarray, list[float]]:  # fmt: skip
    preds, ms = [], []
    for r in rows:
        t = time.perf_counter()
        grade = examiner.grade(Rubric(r.question, r.reference), r.answer)
        preds.append(grade.score)
        ms.append((time.perf_counter() - t) * 1000)
        if graded_by is not None:
            graded_by[grade.examiner] += 1
    return np.array(preds), ms


def main_llm(limit: int | None = None, results: Path = RESULTS) -> dict[str, object]:
    """The configured LLM examiner on Mohler test; nothing is fitted, so dev is not needed."""
    settings = Settings.from_env()
    if not settings.openai_model:
        raise SystemExit("--llm: set INTERVIEWER_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY)")
    test = mohler(split="test")[:limit]
    graded_by: Counter[str] = Counter()
    pred, _ = grade_all(build_examiner(settings, MiniLMEmbedder()), test, graded_by)
    human = np.array([r.score for r in test])
    out: dict[str, object] = {"n_test": len(test), "mohler_test": agreement(pred, human),
                              "graded_by": dict(graded_by)}  # fmt: skip
    results.mkdir(parents=True, exist_ok=True)
    (results / "grading-llm.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    scatter(pred, human, out, results / "grading-llm.png", f"LLM ({settings.openai_model})")
    return out


def main(refit: bool = True) -> dict[str, object]:
    RESULTS.mkdir(exist_ok=True)
    embedder = CachedEmbedder(MiniLMEmbedder())
    dev, test = mohler(split="dev"), mohler(split="test")
    out: dict[str, object] = {"n_dev": len(dev), "n_test": len(test)}
    if refit:
        x = features(embedder, dev)
        y = np.array([r.score for r in dev])
        groups = np.array([int(r.question_id.split(".")[0]) for r in dev])
        l2, cv = choose_l2(x, y, groups)
        model = fit(x, y, FEATURE_NAMES, l2=l2)
        model.meta.update({"fitted_on": "mohler assignments 1-6", "cv_rmse_by_l2": cv})
        MODEL_PATH.write_text(model.to_json() + "\n", "utf-8")
        out["chosen_l2"] = l2
    examiner = OfflineExaminer(embedder, load_calibration(MODEL_PATH))
    dev_pred, _ = grade_all(examiner, dev)
    test_pred, _ = grade_all(examiner, test)
    # Latency on a cold cache: a fresh embedder per measurement set, as for a new answer.
    timing = OfflineExaminer(CachedEmbedder(MiniLMEmbedder()), load_calibration(MODEL_PATH))
    _, ms = grade_all(timing, test[::6])
    out["mohler_dev"] = agreement(dev_pred, np.array([r.score for r in dev]))
    out["mohler_test"] = agreement(test_pred, np.array([r.score for r in test]))
    threshold = best_threshold(dev_pred, np.array([r.score for r in dev]))
    beetle = beetle_unseen_questions()
    beetle_pred, _ = grade_all(examiner, beetle)
    truth = np.array([r.score > 0 for r in beetle])
    out["beetle_unseen_questions_2way"] = {
        "n": len(beetle), "threshold_from_mohler_dev": threshold,
        "accuracy": round(float(((beetle_pred >= threshold) == truth).mean()), 4),
        "majority_baseline": round(float(max(truth.mean(), 1 - truth.mean())), 4),
    }  # fmt: skip
    out["latency_ms"] = {"n": len(ms), "p50": round(float(np.percentile(ms, 50)), 1),
                         "p95": round(float(np.percentile(ms, 95)), 1)}  # fmt: skip
    (RESULTS / "grading.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    scatter(test_pred, np.array([r.score for r in test]), out, RESULTS / "grading.png", "offline")
    return out


def best_threshold(pred: np.ndarray, human: np.ndarray) -> float:
    """Score cut that best separates Mohler dev answers humans graded >= 4 from the rest."""
    truth = human >= 4.0
    grid = np.arange(0.5, 5.01, 0.5)
    return float(max(grid, key=lambda t: ((pred >= t) == truth).mean()))


def scatter(pred: np.ndarray, human: np.ndarray, out: dict[str, object], path: Path,
            who: str) -> None:  # fmt: skip
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    jitter = rng.uniform(-0.12, 0.12, (2, len(human)))
    ax.scatter(human + jitter[0], pred + jitter[1], s=6, alpha=0.35)
    ax.plot([0, 5], [0, 5], "k--", lw=1)
    m = out["mohler_test"]
    assert isinstance(m, dict)
    ax.set_title(f"Mohler test (assignments 7–12): r={m['pearson']}, RMSE={m['rmse']}")
    ax.set_xlabel("human score (mean of two graders)")
    ax.set_ylabel(f"{who} examiner score")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-fit", action="store_true")
    parser.add_argument("--llm", action="store_true", help="grade with the configured LLM")
    parser.add_argument("--limit", type=int, help="with --llm: only the first N test answers")
    args = parser.parse_args()
    result = main_llm(args.limit) if args.llm else main(refit=not args.no_fit)
    print(json.dumps(result, indent=2))
