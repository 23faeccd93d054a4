"""Which of a known misconception and its correction a short answer agrees with.

The claim check asks whether each sentence is true, and on one or two sentences the
model cannot tell a short wrong answer from a true sentence that denies a misconception
(both lean FALSE). Asked instead whether the answer agrees with the misconception's
claim, and then whether it agrees with the correction, the same lean is in both
questions, so their difference cancels it: `agreement` is (P(YES | claim) - P(YES |
correction) + 1) / 2, above 0.5 when the answer sides with the misconception. It is
asked about the one misconception whose claim or correction the answer comes nearest
(cosine). It decides nothing itself (examiner/verdicts.py does) and leaves longer
answers to the per-sentence check.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..domain import Misconception
from ..llm.chat import TokenScorer
from ..prompts import load
from ..retrieval.embeddings import Embedder
from .corrections import misconception_similarity
from .factcheck import p_false
from .features import Rubric


def nearest_misconception(embedder: Embedder, rubric: Rubric, claims: Sequence[str]) -> int | None:
    """The index of the misconception whose claim or correction the claims come nearest."""
    if not claims or not rubric.misconceptions:
        return None
    to_claim, to_correction = misconception_similarity(embedder, rubric, claims)
    return int(np.argmax(np.maximum(to_claim.max(axis=0), to_correction.max(axis=0))))


def agrees(model: TokenScorer, rubric: Rubric, answer: str, statement: str) -> float:
    """P(YES) that the answer agrees with the statement; raises LLMError as the model does."""
    said = answer.strip().replace("<<<", "« ").replace(">>>", " »")
    user = load("agree_user.md").format(question=rubric.question.strip(), statement=statement,
                                        answer=said)  # fmt: skip
    messages = [{"role": "system", "content": load("agree_system.md").strip()},
                {"role": "user", "content": user.strip()}]  # fmt: skip
    return p_false(model.first_token_logprobs(messages, top=10), false="YES", true="NO")


def agreement(model: TokenScorer, rubric: Rubric, answer: str, m: Misconception) -> float:
    """(P(YES | m's claim) - P(YES | its correction) + 1) / 2: above 0.5 sides with the claim."""
    return (agrees(model, rubric, answer, m.claim) - agrees(model, rubric, answer, m.correction)
            + 1) / 2  # fmt: skip
