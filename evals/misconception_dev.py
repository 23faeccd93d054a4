"""Choose the misconception thresholds on the knowledge's own graded examples.

    python -m evals.misconception_dev      # writes evals/results/misconception_dev.json

Each bank question has a strong, a partial, a wrong-but-plausible and an off-topic
example answer with scores. Graded without anchoring (an example would otherwise be
pulled toward itself), a grid of (similarity, margin, penalty) is scored by how often
strong > partial > wrong holds per question, with at most 2% of strong answers
flagged. The adversarial set (evals/adversarial.py) plays no part in the choice.
Caveat: the misconceptions' authors could read these examples, so dev numbers are
optimistic; the adversarial set is the honest measure.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.embeddings import CachedEmbedder, MiniLMEmbedder
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.knowledge import load_knowledge

RESULTS = Path(__file__).resolve().parent / "results"
# Docking a strong answer for a misconception it does not hold is worse than missing one.
MAX_FLAGGED_STRONG = 0.02
GRID = {
    "misconception_similarity": [0.5, 0.6, 0.7, 0.75, 0.8],
    "misconception_margin": [0.06, 0.08, 0.1, 0.12, 0.14, 0.16],
    "misconception_penalty": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
}


def main() -> dict[str, object]:
    s = Settings(home=Path("/nonexistent"), knowledge_dir=REPO_KNOWLEDGE)
    kn = load_knowledge(s.bank_paths, s.answers_dir, strict=False)
    embedder = CachedEmbedder(MiniLMEmbedder())
    cases = []
    for ref in kn.answers.values():
        ex = sorted(ref.examples, key=lambda e: -e.score)
        if len(ex) >= 3:
            cases.append((Rubric.of(ref), ex[0].answer, ex[1].answer, ex[2].answer))

    def run(t: Thresholds) -> dict[str, float]:
        examiner = OfflineExaminer(embedder, thresholds=t)
        rows = []
        for rubric, strong, partial, wrong in cases:
            g = [examiner.grade(rubric, a) for a in (strong, partial, wrong)]
            rows.append([x.score for x in g] + [float("misconception" in x.flags) for x in g])
        a = np.array(rows)
        return {
            "strong>partial": float((a[:, 0] > a[:, 1]).mean()),
            "partial>wrong": float((a[:, 1] > a[:, 2]).mean()),
            "flagged_strong": float(a[:, 3].mean()),
            "flagged_partial": float(a[:, 4].mean()),
            "flagged_wrong": float(a[:, 5].mean()),
            "mean_wrong": float(a[:, 2].mean()),
        }

    off = run(Thresholds(misconception_similarity=2.0))
    grid = []
    for values in itertools.product(*GRID.values()):
        t = replace(Thresholds(), **dict(zip(GRID, values, strict=True)))
        m = run(t)
        if m["flagged_strong"] <= MAX_FLAGGED_STRONG:
            grid.append((m["strong>partial"] + m["partial>wrong"], m, t))
    grid.sort(key=lambda g: -g[0])
    chosen = {k: getattr(grid[0][2], k) for k in GRID}
    results: dict[str, object] = {
        "n_questions": len(cases),
        "without_misconceptions": off,
        "chosen": chosen,
        "chosen_metrics": grid[0][1],
        "top5": [{**{k: getattr(g[2], k) for k in GRID}, **g[1]} for g in grid[:5]],
        "shipped": {k: v for k, v in asdict(Thresholds()).items() if k in GRID},
        "shipped_metrics": run(Thresholds()),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "misconception_dev.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return results


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
