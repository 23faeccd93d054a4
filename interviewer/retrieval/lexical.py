"""BM25 over short texts: the word-matching half of question matching.

Tokens are lower-cased words minus stop words, cut to their first six letters (a
crude stem: "decorators" and "decorate" meet). Scores follow Robertson's BM25
(k1 1.2, b 0.75). It leaves out phrase matching, synonyms and anything learned:
meaning comes from the embeddings; this catches the rare technical word
(`__new__`, "Alembic", "CSRF") that a small embedding model blurs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[a-z_][a-z0-9_]*")
_STOP = frozenset(
    "a an the of to in on for and or is are be was were what how do does did you your with when "
    "why which that this it its as by from can could would should we i me my about between each "
    "there their they them so if not no than then into out up use used using work works explain "
    "describe tell walk through".split()
)


def terms(text: str) -> list[str]:
    return [w[:6] for w in _WORD.findall(text.lower()) if w not in _STOP]


class BM25:
    """An index of documents (here: one per bank question) scored against a query."""

    def __init__(self, documents: Sequence[Iterable[str]], k1: float = 1.2, b: float = 0.75):
        self.docs = [Counter(terms(" ".join(parts))) for parts in documents]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / max(1, len(self.docs))
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.k1, self.b = k1, b

    def scores(self, query: str) -> list[float]:
        out = [0.0] * len(self.docs)
        for t in set(terms(query)):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for j, d in enumerate(self.docs):
                tf = d.get(t, 0)
                if tf:
                    norm = 1 - self.b + self.b * self.lengths[j] / self.avg
                    out[j] += idf * tf * (self.k1 + 1) / (tf + self.k1 * norm)
        return out
