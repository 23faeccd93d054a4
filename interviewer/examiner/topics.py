"""Does an answer answer the question asked, or a neighbouring one from the bank?

An answer about file uploads given to the static-files question shares Flask's
vocabulary, so similarity to its own reference alone calls it on-topic. Here each
bank question is one vector, the normalised mean of its reference answer and of
its key points; an answer that sits closer to another question's vector than to
its own by `margin` (and covers little of its own rubric) reads as an answer to
that other question. Thresholds are chosen on the knowledge's graded examples
(evals/topic_dev.py). Ad-hoc rubrics (not in the bank) are never judged. It leaves
out answers that wander across several questions at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..domain import ReferenceAnswer
from ..retrieval.embeddings import Embedder


class TopicIndex:
    def __init__(self, embedder: Embedder, references: Sequence[ReferenceAnswer]) -> None:
        self.embedder = embedder
        self.references = list(references)
        self._row = {r.answer: i for i, r in enumerate(self.references)}
        self._vectors: np.ndarray | None = None

    def vectors(self) -> np.ndarray:
        if self._vectors is None:  # built on first use, so start-up stays fast
            rows = []
            for r in self.references:
                answer = self.embedder.embed([r.answer])[0]
                points = self.embedder.embed([k.text for k in r.key_points]).mean(axis=0)
                v = answer / 2 + points / max(1e-9, 2 * float(np.linalg.norm(points)))
                rows.append(v / max(1e-9, float(np.linalg.norm(v))))
            self._vectors = np.stack(rows) if rows else np.zeros((0, 1))
        return self._vectors

    def elsewhere(self, reference: str, answer_vector: np.ndarray) -> tuple[str, float] | None:
        """(the other question the answer fits best, by how much), or None if not in the bank."""
        own = self._row.get(reference)
        if own is None or len(self.references) < 2:
            return None
        sims = self.vectors() @ answer_vector
        own_sim = float(sims[own])
        sims[own] = -np.inf
        best = int(np.argmax(sims))
        return self.references[best].question, float(sims[best]) - own_sim
