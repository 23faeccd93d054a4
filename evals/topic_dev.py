"""Choose when an answer counts as answering another bank question (examiner/topics.py).

    python -m evals.topic_dev      # writes evals/results/topic_dev.json

Dev data: the knowledge's graded examples (strong, partial, wrong-but-plausible,
off-topic per question), graded without anchoring; evals/data/topic_dev/ (per
question, an answer to a neighbouring question, `near`, and to an unrelated one,
`far`, by an author who never saw the adversarial set); and the clean partial
answers of evals/data/misconception_dev/ (on topic, so never to be capped). A grid
of (margin, coverage) is scored by how many off-topic answers end at <= 1, with at
most 1% of strong or partial answers capped by this rule; ties go to the most
conservative setting. The adversarial set plays no part.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.examiner.topics import TopicIndex
from interviewer.knowledge.answers import load_knowledge
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

from .threshold_grid import Metrics, choose, write
from .yaml_sets import load_yaml_dir

GRID: dict[str, list[Any]] = {
    "topic_margin": [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12],
    "topic_coverage": [0.25, 0.34, 0.5, 0.67, 1.01],
}
FLAG = "answers-another-question"
FRESH = Path(__file__).resolve().parent / "data" / "topic_dev"
CLEAN = Path(__file__).resolve().parent / "data" / "misconception_dev"


def main() -> dict[str, object]:
    s = Settings(home=Path("/nonexistent"), knowledge_dir=REPO_KNOWLEDGE)
    kn = load_knowledge(s.bank_paths, s.answers_dir, strict=False)
    embedder = CachedEmbedder(MiniLMEmbedder())
    topics = TopicIndex(embedder, list(kn.answers.values()))
    cases = [(Rubric.of(ref), [e.answer for e in sorted(ref.examples, key=lambda e: -e.score)])
             for ref in kn.answers.values() if len(ref.examples) >= 4]  # fmt: skip

    fresh, clean = load_yaml_dir(FRESH), load_yaml_dir(CLEAN)
    fresh_cases = [(Rubric.of(kn.answers[q]), d["near"], d["far"], clean.get(q, {}).get("partial"))
                   for q, d in fresh.items()]  # fmt: skip

    def run(t: Thresholds, with_topics: bool = True) -> Metrics:
        examiner = OfflineExaminer(embedder, thresholds=t, topics=topics if with_topics else None)
        rows, new = [], []
        for rubric, answers in cases:
            g = [examiner.grade(rubric, a) for a in answers[:4]]
            rows.append([x.score for x in g] + [float(FLAG in x.flags) for x in g])
        for rubric, near, far, partial in fresh_cases:
            n, f = examiner.grade(rubric, near), examiner.grade(rubric, far)
            p = examiner.grade(rubric, partial) if partial else None
            new.append([n.score <= 1, f.score <= 1, float(p is not None and FLAG in p.flags)])
        a, b = np.array(rows), np.array(new, dtype=float).reshape(-1, 3)
        return {
            "fresh_n": float(len(b)),
            "fresh_near<=1": float(b[:, 0].mean()) if len(b) else 0.0,
            "fresh_far<=1": float(b[:, 1].mean()) if len(b) else 0.0,
            "clean_partial_capped": float(b[:, 2].mean()) if len(b) else 0.0,
            "off_topic<=1": float((a[:, 3] <= 1).mean()),
            "capped_strong_or_partial": float(a[:, 4:6].mean()),
            "capped_wrong": float(a[:, 6].mean()),
            "capped_off_topic": float(a[:, 7].mean()),
            "strong>partial": float((a[:, 0] > a[:, 1]).mean()),
            "partial>wrong": float((a[:, 1] > a[:, 2]).mean()),
        }

    # Ties go to the most conservative rule: the widest margin, then the lowest coverage.
    results: dict[str, object] = {
        "n_questions": len(cases),
        "without_topics": run(Thresholds(), with_topics=False),
        **choose(GRID, run,
                 lambda m: max(m["capped_strong_or_partial"], m["clean_partial_capped"]) <= 0.01,
                 lambda m, t: (-(m["off_topic<=1"] + m["fresh_near<=1"] + m["fresh_far<=1"]),
                               m["capped_strong_or_partial"], -t.topic_margin,
                               t.topic_coverage)),
    }  # fmt: skip
    return write("topic_dev", results)


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
