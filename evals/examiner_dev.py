"""Choose the misconception thresholds on dev data, never on the adversarial set.

    python -m evals.misconception_dev      # writes evals/results/misconception_dev.json

Two dev sources. (1) The knowledge's own graded examples (strong, partial,
wrong-but-plausible per question), each graded with the question's other examples
(as in the app, minus itself): they bound how often a strong answer is wrongly
flagged (at most 2%: docking a correct answer is worse than missing a
misconception). Their wrong examples are a leaky target, since the misconceptions'
authors could read them. (2) When present, evals/data/misconception_dev/: a partial
and a wrong answer per question written by people who saw only the question, model
answer and key points, never the misconception lists; partial > wrong is scored
there. The grid also decides whether good graded examples join the true statements
an answer sentence is contrasted with. The adversarial set plays no part.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.domain import GradedExample
from interviewer.embeddings import CachedEmbedder, MiniLMEmbedder
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.knowledge import load_knowledge

from .threshold_grid import Metrics, choose, write

HERE = Path(__file__).resolve().parent
CLEAN = HERE / "data" / "misconception_dev"
MAX_FLAGGED_STRONG = 0.02
GRID: dict[str, list[Any]] = {
    "misconception_similarity": [0.7, 0.75, 0.8],
    "misconception_margin": [0.08, 0.1, 0.12, 0.14, 0.16],
    "misconception_penalty": [1.5, 2.0, 2.5],
    "misconception_example_truths": [False, True],
}


def clean_set() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for f in sorted(CLEAN.glob("*.yaml")):
        out.update(yaml.safe_load(f.read_text("utf-8")))
    return out


def main() -> dict[str, object]:
    s = Settings(home=Path("/nonexistent"), knowledge_dir=REPO_KNOWLEDGE)
    kn = load_knowledge(s.bank_paths, s.answers_dir, strict=False)
    embedder = CachedEmbedder(MiniLMEmbedder())
    clean = clean_set()

    def others(ex: tuple[GradedExample, ...], answer: str) -> tuple[GradedExample, ...]:
        return tuple(e for e in ex if e.answer != answer)

    def run(t: Thresholds) -> Metrics:
        examiner = OfflineExaminer(embedder, thresholds=t)
        known, fresh = [], []
        for ref in kn.answers.values():
            rubric, ex = Rubric.of(ref), sorted(ref.examples, key=lambda e: -e.score)[:3]
            g = [examiner.grade(rubric, e.answer, others(ref.examples, e.answer)) for e in ex]
            known.append([x.score for x in g] + [float("misconception" in x.flags) for x in g])
            if ref.question_id in clean:
                c = clean[ref.question_id]
                p, w = (examiner.grade(rubric, c[k], ref.examples) for k in ("partial", "wrong"))
                fresh.append([p.score, w.score, float("misconception" in w.flags)])
        a, b = np.array(known), np.array(fresh).reshape(-1, 3)
        return {
            "strong>partial": float((a[:, 0] > a[:, 1]).mean()),
            "partial>wrong": float((a[:, 1] > a[:, 2]).mean()),
            "flagged_strong": float(a[:, 3].mean()),
            "flagged_partial": float(a[:, 4].mean()),
            "flagged_wrong": float(a[:, 5].mean()),
            "clean_n": float(len(b)),
            "clean_partial>wrong": float((b[:, 0] > b[:, 1]).mean()) if len(b) else float("nan"),
            "clean_flagged_wrong": float(b[:, 2].mean()) if len(b) else float("nan"),
        }

    def objective(m: Metrics) -> float:
        target = m["clean_partial>wrong"] if m["clean_n"] else m["partial>wrong"]
        return m["strong>partial"] + target

    results: dict[str, object] = {
        "n_questions": len(kn.answers),
        "n_clean": len(clean),
        "without_misconceptions": run(Thresholds(misconception_similarity=2.0)),
        **choose(GRID, run, lambda m: m["flagged_strong"] <= MAX_FLAGGED_STRONG,
                 lambda m, _: -objective(m)),
    }  # fmt: skip
    return write("misconception_dev", results)


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
