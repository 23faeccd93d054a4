"""Spotting known misconceptions in an answer, by contrast rather than similarity alone.

A wrong-but-plausible answer uses the right vocabulary, so it lands near the
reference. Each rubric may list common false claims, each with its correction and
the key point it breaks (a false idea may come in several wordings sharing one
correction; it counts once). An answer sentence counts as stating a claim when it is
close to the claim (>= `min_similarity`) and closer to the claim, by `min_margin`,
than to every true statement of the rubric (the corrections, the key points, the
reference's sentences): the margin is what separates a wrong sentence from a right
one in the same words (on the dev set this beat comparing with the claim's own
correction alone: AUC 0.89 vs 0.73). Thresholds were chosen on the
dev sets (evals/examiner_dev.py). MiniLM barely sees "not", so two cheap
rules help it: long sentences are also compared clause by clause ("X, so Y"), and
a claim only matches text of the same polarity (both deny something, or neither).
It leaves out real logic: a claim worded far from the rubric's is missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..domain import Misconception
from ..retrieval.embeddings import Embedder
from .features import Analysis, Rubric
from .text import clauses, negated, sentences

VERBATIM = 0.95  # cosine at which a sentence is the claim itself


@dataclass(frozen=True)
class Found:
    misconception: Misconception
    sentence: str
    similarity: float
    margin: float


def find_misconceptions(embedder: Embedder, rubric: Rubric, analysis: Analysis,
                        min_similarity: float, min_margin: float,
                        extra_truths: Sequence[str] = (), by_clause: bool = True,
                        polarity: bool = True) -> list[Found]:  # fmt: skip
    """The rubric's misconceptions stated by some answer sentence, strongest first.

    `extra_truths`: more correct text to contrast with (e.g. good graded example answers).
    `by_clause`: also compare each clause of a long sentence ("X, so Y") on its own.
    `polarity`: a claim and a text only match when both or neither deny something.
    """
    ms = rubric.misconceptions
    s = analysis.sentence_vectors
    if not ms or s is None or not len(s):
        return []
    units, owner = list(analysis.sentences), list(range(len(analysis.sentences)))
    if by_clause:
        for i, sentence in enumerate(analysis.sentences):
            parts = clauses(sentence)
            units += parts
            owner += [i] * len(parts)
    truths = [*(m.correction for m in ms), *(k.text for k in rubric.key_points),
              *sentences(rubric.reference)]  # fmt: skip
    truths += [x for t in extra_truths for x in sentences(t)]
    vecs = embedder.embed([*(m.claim for m in ms), *truths])
    u = np.vstack([s, embedder.embed(units[len(s) :])]) if len(units) > len(s) else s
    claims = vecs[: len(ms)] @ u.T  # misconceptions x answer units
    true = vecs[len(ms) :] @ u.T
    if polarity:
        denies = np.array([negated(x) for x in units])
        claims_p = np.where(np.array([negated(m.claim) for m in ms])[:, None] == denies,
                            claims, -1.0)  # fmt: skip
        true = np.where(np.array([negated(t) for t in truths])[:, None] == denies, true, -1.0)
    else:
        claims_p = claims
    margins = claims_p - true.max(axis=0)  # per unit: its closest true statement
    found: list[Found] = []
    for i, m in enumerate(ms):
        j = int(np.argmax(margins[i]))
        # Near-verbatim, the margin means little (MiniLM barely sees "not"): closer is enough.
        verbatim = claims[i, j] >= VERBATIM and margins[i, j] > 0
        if verbatim or (claims_p[i, j] >= min_similarity and margins[i, j] >= min_margin):
            found.append(Found(m, analysis.sentences[owner[j]], float(claims[i, j]),
                               float(margins[i, j])))  # fmt: skip
    found.sort(key=lambda f: -f.margin)
    # Two wordings of one false idea share a correction: count it once, by its strongest.
    strongest = {f.misconception.correction: f for f in reversed(found)}
    return sorted(strongest.values(), key=lambda f: -f.margin)
