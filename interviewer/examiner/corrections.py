"""What to show as the truth beside a sentence judged false, and the key point it bears on.

The nearest known misconception's correction when the sentence reads like that
misconception (cosine at least MISCONCEPTION_MATCH), else the nearest key point or
whole sentence of the reference answer's prose. It judges nothing: the claim check
decides what is false (examiner/factcheck.py), this only picks the words to answer it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..retrieval.embeddings import Embedder
from .factcheck import claim_sentences, unwrap
from .features import Rubric

MISCONCEPTION_MATCH = 0.6  # cosine from which a known misconception's correction is used
NEAR_ENOUGH = 0.05  # cosine a second-nearest truth may lag to avoid showing one truth twice
_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.S)
_UNBREAKABLE = re.compile(r"`[^`\n]+`|\b(?:e\.g|i\.e|vs)\.", re.I)


def reference_sentences(reference: str) -> list[str]:
    """The reference's prose as whole sentences, to quote as a correction: code blocks left
    out, and not cut at semicolons (a clause like "and extra behaviour such as…" reads as
    a fragment when shown on its own)."""
    prose = _CODE_BLOCK.sub("\n", unwrap(reference))
    kept: list[str] = []  # inline code and "e.g." hold full stops that end no sentence

    def hide(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    hidden = claim_sentences(_UNBREAKABLE.sub(hide, prose), semicolons=False)
    shown = [re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], x) for x in hidden]
    return shown or [reference.strip()]


def misconception_similarity(embedder: Embedder, rubric: Rubric,
                             claims: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Cosines of each claim to each known misconception's claim, and to each correction
    (claims × misconceptions, both); the caller makes sure there are claims and misconceptions."""
    ms = rubric.misconceptions
    vecs = embedder.embed([*claims, *(m.claim for m in ms), *(m.correction for m in ms)])
    c, wrong, right = vecs[: len(claims)], vecs[len(claims) : -len(ms)], vecs[-len(ms) :]
    return c @ wrong.T, c @ right.T


def corrections(embedder: Embedder, rubric: Rubric, claims: Sequence[str]) -> list[tuple[str, int]]:
    """Per false claim: the truth to show, and the index of the key point it bears on.

    The truth is the nearest known misconception's correction when the claim reads like it,
    else the nearest of the reference's sentences and the key points (a key point is often
    the sharper answer: "201 on create, 204 on delete" against a paragraph on JSON). Two
    claims get two different truths when one nearly as near is left (within NEAR_ENOUGH).
    """
    if not claims:
        return []
    ms = rubric.misconceptions
    points = [k.text for k in rubric.points()]
    truths = list(dict.fromkeys([*reference_sentences(rubric.reference), *points]))
    vecs = embedder.embed([*claims, *(m.claim for m in ms), *truths, *points])
    c, rest = vecs[: len(claims)], vecs[len(claims) :]
    m_vecs, t_vecs = rest[: len(ms)], rest[len(ms) : len(ms) + len(truths)]
    p_vecs = rest[len(ms) + len(truths) :]
    out: list[tuple[str, int]] = []
    for v in c:
        point = int(np.argmax(p_vecs @ v)) if points else 0
        if len(ms):
            sims = m_vecs @ v
            best = int(np.argmax(sims))
            if sims[best] >= MISCONCEPTION_MATCH:
                out.append((ms[best].correction, min(ms[best].key_point, len(points) - 1)))
                continue
        sims = t_vecs @ v
        shown = {text for text, _ in out}
        order = [int(i) for i in np.argsort(-sims, kind="stable")]
        fresh = [i for i in order if truths[i] not in shown]
        pick = order[0]
        if fresh and sims[fresh[0]] >= sims[pick] - NEAR_ENOUGH:
            pick = fresh[0]
        out.append((truths[pick], point))
    return out
