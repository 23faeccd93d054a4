"""Fit the bank stage of the offline scorer on our own graded example answers.

    python -m evals.bank_calibration   # writes interviewer/data/bank_calibration.json

The Mohler-calibrated scorer ranks answers to the bank's questions well but
squeezes them into ~3–4.5 (Mohler's answers are mostly on-topic and mostly
right). A linear map fitted on the graded examples in knowledge/answers/*.yaml
(strong, partial, wrong-but-plausible, off-topic, scored by us) stretches it
back. Reported with leave-one-question-out cross-validation. Used only when a
rubric has authored key points; ad-hoc rubrics (e.g. Mohler) skip it.
"""

from __future__ import annotations

import json

import numpy as np

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.calibration import load_calibration
from interviewer.examiner.features import Rubric, analyse
from interviewer.examiner.offline import BANK_STAGE_FILE
from interviewer.knowledge.answers import load_knowledge
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

OUT = REPO_KNOWLEDGE.parent / "interviewer" / "data" / BANK_STAGE_FILE


def main() -> dict[str, object]:
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    embedder = CachedEmbedder(MiniLMEmbedder())
    model = load_calibration()
    raw, human, group = [], [], []
    for n, ref in enumerate(knowledge.answers.values()):
        rubric = Rubric.of(ref)
        for ex in ref.examples:
            raw.append(float(model.predict(analyse(embedder, rubric, ex.answer).vector)[0]))
            human.append(ex.score)
            group.append(n)
    x, y, g = np.array(raw), np.array(human), np.array(group)
    design = np.c_[np.ones(len(x)), x]
    pred = np.zeros(len(y))
    for q in np.unique(g):
        coef = np.linalg.lstsq(design[g != q], y[g != q], rcond=None)[0]
        pred[g == q] = design[g == q] @ coef
    pred = np.clip(pred, 0, 5)
    intercept, slope = np.linalg.lstsq(design, y, rcond=None)[0]
    out: dict[str, object] = {
        "intercept": float(intercept), "slope": float(slope), "n_examples": len(y),
        "n_questions": len(np.unique(g)),
        "loqo_pearson": round(float(np.corrcoef(pred, y)[0, 1]), 3),
        "loqo_rmse": round(float(np.sqrt(((pred - y) ** 2).mean())), 3),
        "raw_rmse": round(float(np.sqrt(((x - y) ** 2).mean())), 3),
    }  # fmt: skip
    OUT.write_text(json.dumps(out, indent=1) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
