"""Spotting known misconceptions in an answer, by contrast rather than similarity alone.

A wrong-but-plausible answer uses the right vocabulary, so it lands near the
reference. Each rubric may list common false claims, each with its correction and
the key point it breaks. An answer sentence counts as stating a claim when it is
close to the claim (>= `min_similarity`) and closer to the claim, by `min_margin`,
than to every true statement of the rubric (the corrections, the key points, the
reference's sentences): the margin is what separates a wrong sentence from a right
one in the same words (on the dev set this beat comparing with the claim's own
correction alone: AUC 0.89 vs 0.73). Thresholds were chosen on the
knowledge's own graded examples (evals/misconception_dev.py). It leaves out
negation handling and logic: a claim worded far from the rubric's is missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..domain import Misconception
from ..embeddings import Embedder
from .features import Analysis, Rubric
from .text import sentences

VERBATIM = 0.95  # cosine at which a sentence is the claim itself


@dataclass(frozen=True)
class Found:
    misconception: Misconception
    sentence: str
    similarity: float
    margin: float


def find_misconceptions(embedder: Embedder, rubric: Rubric, analysis: Analysis,
                        min_similarity: float, min_margin: float,
                        extra_truths: Sequence[str] = ()) -> list[Found]:  # fmt: skip
    """The rubric's misconceptions stated by some answer sentence, strongest first.

    `extra_truths`: more correct text to contrast with (e.g. good graded example answers).
    """
    ms = rubric.misconceptions
    s = analysis.sentence_vectors
    if not ms or s is None or not len(s):
        return []
    truths = [*(m.correction for m in ms), *(k.text for k in rubric.key_points),
              *sentences(rubric.reference)]  # fmt: skip
    truths += [x for t in extra_truths for x in sentences(t)]
    vecs = embedder.embed([*(m.claim for m in ms), *truths])
    claims = vecs[: len(ms)] @ s.T  # misconceptions x answer sentences
    rival = (vecs[len(ms) :] @ s.T).max(axis=0)  # per sentence: its closest true statement
    margins = claims - rival
    found: list[Found] = []
    for i, m in enumerate(ms):
        j = int(np.argmax(margins[i]))
        # Near-verbatim, the margin means little (MiniLM barely sees "not"): closer is enough.
        verbatim = claims[i, j] >= VERBATIM and margins[i, j] > 0
        if verbatim or (claims[i, j] >= min_similarity and margins[i, j] >= min_margin):
            found.append(Found(m, analysis.sentences[j], float(claims[i, j]), float(margins[i, j])))
    found.sort(key=lambda f: -f.margin)
    return found
