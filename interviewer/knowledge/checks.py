"""Consistency checks inside one reference answer, cheap and deterministic (no model).

Two checks that `interviewer knowledge check` runs on every graded example:

- **Score vs hit key points.** An example hitting key points worth a share `s` of the
  rubric's weight "should" score about `5·s`. Its score must lie within
  `5·s − SCORE_BELOW ≤ score ≤ 5·s + SCORE_ABOVE` (−2 / +1.5). The band is asymmetric on
  purpose: an answer that hits points but also says something wrong scores well below its
  coverage, while one that hits few points can only earn a little credit for clarity.
- **Examples stating a misconception.** A sentence of the example that contains at least
  `CLAIM_OVERLAP` (80%) of a claim's content words (lower-cased word tokens minus a short
  stop list) states that claim near-verbatim. Examples scoring above 2.5, the top of the
  "a real misconception" band of the grading rubric, must not; wrong-but-plausible
  examples (≤ 2.5) are meant to. Paraphrases are not caught: this is a tripwire for
  copied claims, not a fact checker.

It leaves out anything that needs embeddings or a model, and parsing (answers.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SCORE_ABOVE = 1.5
SCORE_BELOW = 2.0
CLAIM_OVERLAP = 0.8
MISCONCEPTION_BAND_TOP = 2.5

_STOP = frozenset("""
a an the and or but if then else so as of to in on at by for with from into onto over under is
are was were be been being am do does did have has had it its this that these those there here
you your i me my we our they them their he she his her one can could would should will shall
may might must just also only even still very too not no when while where which who what how
why all any each every some such than like more most other same own about after before again
""".split())  # fmt: skip
_WORD = re.compile(r"[a-z0-9_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def content_words(text: str) -> set[str]:
    """Lower-cased word tokens of two or more characters, without stop words."""
    tokens = _WORD.findall(text.lower().replace("’", "'"))
    return {t for t in tokens if len(t) > 1 and t not in _STOP}


def expected_score(hits: Sequence[int], weights: Sequence[int]) -> float:
    """5 × the share of the rubric's weight that the hit key points (0-based) carry."""
    total = sum(weights)
    return 5 * sum(weights[h] for h in set(hits)) / total if total else 0.0


def score_problem(score: float, hits: Sequence[int], weights: Sequence[int]) -> str | None:
    """Why `score` does not fit the key points it hits, or None when it does."""
    expected = expected_score(hits, weights)
    if expected - SCORE_BELOW <= score <= expected + SCORE_ABOVE:
        return None
    return (
        f"example score {score:g} does not fit its hit key points (weight share gives "
        f"{expected:.1f}; allowed {max(0.0, expected - SCORE_BELOW):.1f} to "
        f"{min(5.0, expected + SCORE_ABOVE):.1f})"
    )


def states_claim(text: str, claim: str) -> bool:
    """Whether one sentence of `text` holds ≥ CLAIM_OVERLAP of the claim's content words."""
    wanted = content_words(claim)
    if not wanted:
        return False
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    best = max((len(wanted & content_words(s)) for s in sentences), default=0)
    return best / len(wanted) >= CLAIM_OVERLAP


def claim_problem(score: float, text: str, claims: Sequence[str]) -> str | None:
    """Why an example scored above the misconception band may not keep this text, or None."""
    if score <= MISCONCEPTION_BAND_TOP:
        return None
    for claim in claims:
        if states_claim(text, claim):
            return f"example scored {score:g} states the misconception '{claim}'"
    return None
