"""Does an answer's word order read as sentences? A word-salad check.

Shuffling an answer keeps its words, so embeddings and key-point coverage barely move (a
strong graded example shuffled into nonsense kept most of its points). Order in English
is carried by the small words: here each word becomes itself when it is a function word
("the", "of", "is" ...) and a placeholder otherwise, and a bigram model of those classes,
counted from the knowledge's reference answers (interviewer/data/word_order.json, made by
evals/word_order.py), scores the answer's order against the same tokens shuffled. Real
sentences beat their own shuffles clearly; a salad does not. It reads only the prose
(code blocks are left out) and only answers long enough to judge; it knows nothing of
meaning or grammar beyond adjacent pairs.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .code_answer import split
from .text import STOPWORDS, sentences, words

MODEL_FILE = "word_order.json"
MIN_WORDS = 40  # fewer words are too few pairs to tell a salad from terse prose (dev data)
SHUFFLES = 32
START, OTHER = "<s>", "·"
_EDGES = "\"'`.,;:!?()[]{}<>«»“”‘’*_-"
_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "able", "ous", "ive", "al", "er", "es", "s")


def classes(text: str) -> list[str]:
    """The answer as word classes: function words kept, the rest one placeholder."""
    out: list[str] = []
    for s in sentences(text):
        out.append(START)
        out += [_class(t) for t in s.split()]
    return out


def _class(token: str) -> str:
    """A written token's class: a function word itself; code, numbers and the like one
    placeholder (`app.config["X"]` is one thing, not three words); other words by ending."""
    word = token.strip(_EDGES).lower()
    if word in STOPWORDS:
        return word
    if not word.isalpha():
        return OTHER + "x"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return OTHER + suffix
    return OTHER


@dataclass(frozen=True)
class WordOrderModel:
    bigrams: dict[str, dict[str, int]]
    smoothing: float = 0.1
    threshold: float = 0.0  # excess log-likelihood per pair below which text is a salad

    @classmethod
    def count(cls, texts: Iterable[str], smoothing: float = 0.1) -> WordOrderModel:
        pairs: dict[str, Counter[str]] = {}
        for text in texts:
            c = classes(text)
            for a, b in itertools.pairwise(c):
                pairs.setdefault(a, Counter())[b] += 1
        return cls({a: dict(n) for a, n in pairs.items()}, smoothing)

    def log_likelihood(self, c: list[str]) -> float:
        """Mean log P(class | previous class) over the pairs of `c`."""
        vocab = len(STOPWORDS) + len(_SUFFIXES) + 3
        total = 0.0
        for a, b in itertools.pairwise(c):
            row = self.bigrams.get(a, {})
            p = (row.get(b, 0) + self.smoothing) / (sum(row.values()) + self.smoothing * vocab)
            total += math.log(p)
        return total / max(1, len(c) - 1)

    def excess(self, text: str) -> float | None:
        """How much better the prose's order scores than its shuffles (None: too short)."""
        prose = " ".join(p.text for p in split(text) if not p.code)
        tokens = prose.split()
        if len(words(prose)) < MIN_WORDS:
            return None
        rng = random.Random(len(tokens))  # seeded: the same answer always gets the same verdict
        shuffled = [
            self.log_likelihood(classes(" ".join(rng.sample(tokens, len(tokens)))))
            for _ in range(SHUFFLES)
        ]
        mean = sum(shuffled) / SHUFFLES
        sd = math.sqrt(sum((x - mean) ** 2 for x in shuffled) / (SHUFFLES - 1))
        return (self.log_likelihood(classes(prose)) - mean) / max(sd, 1e-3)

    def is_salad(self, text: str) -> bool:
        e = self.excess(text)
        return e is not None and e < self.threshold

    def to_json(self) -> str:
        d = {"smoothing": self.smoothing, "threshold": self.threshold, "bigrams": self.bigrams}
        return json.dumps(d, sort_keys=True)


@lru_cache(maxsize=1)
def shipped_model() -> WordOrderModel | None:
    """The model evals/word_order.py counted and calibrated, if shipped."""
    path = resources.files("interviewer.data").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    d = json.loads(path.read_text("utf-8"))
    return WordOrderModel(d["bigrams"], float(d["smoothing"]), float(d["threshold"]))
