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
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .code_answer import split
from .text import STOPWORDS, words

MODEL_FILE = "word_order.json"
MIN_WORDS = 40  # fewer words are too few pairs to tell a salad from terse prose (dev data)
SHUFFLES = 32
START, OTHER = "<s>", "·"
_EDGES = "\"'`.,;:!?()[]{}<>«»“”‘’*_-"
_SUFFIXES = ("ing", "ed", "ly", "tion", "ment", "able", "ous", "ive", "al", "er", "es", "s")


def classes(text: str) -> list[str]:
    """The text as word classes, `START` before each sentence or line."""
    return _sequence(_marked(text))


def _marked(text: str) -> list[tuple[str, bool, bool]]:
    """Per written token: its class, whether it ends a sentence, whether it ends its line."""
    out = []
    for line in text.splitlines():
        tokens = [t for t in line.split() if any(ch.isalnum() for ch in t)]
        for i, t in enumerate(tokens):
            out.append((_class(t), t[-1] in ".!?;", i == len(tokens) - 1))
    return out


def _sequence(marked: list[tuple[str, bool, bool]], lines: bool = True) -> list[str]:
    seq = [START]
    for c, stop, end_of_line in marked:
        seq.append(c)
        if stop or (lines and end_of_line):
            seq.append(START)
    return seq[:-1] if len(seq) > 1 and seq[-1] == START else seq


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
    _log_p: dict[str, tuple[dict[str, float], float]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        vocab = len(STOPWORDS) + len(_SUFFIXES) + 3
        for a, row in self.bigrams.items():
            total = sum(row.values()) + self.smoothing * vocab
            logs = {b: math.log((n + self.smoothing) / total) for b, n in row.items()}
            self._log_p[a] = (logs, math.log(self.smoothing / total))

    @classmethod
    def count(cls, texts: Iterable[str], smoothing: float = 0.1) -> WordOrderModel:
        pairs: dict[str, Counter[str]] = {}
        for text in texts:
            for a, b in itertools.pairwise(classes(text)):
                pairs.setdefault(a, Counter())[b] += 1
        return cls({a: dict(n) for a, n in pairs.items()}, smoothing)

    def log_likelihood(self, c: list[str]) -> float:
        """Mean log P(class | previous class) over the pairs of `c`."""
        unseen = math.log(1 / (len(STOPWORDS) + len(_SUFFIXES) + 3))
        total = 0.0
        for a, b in itertools.pairwise(c):
            logs, floor = self._log_p.get(a, ({}, unseen))
            total += logs.get(b, floor)
        return total / max(1, len(c) - 1)

    def excess(self, text: str) -> float | None:
        """How far the prose's order scores above random orders of its own tokens, in
        standard deviations of those (None: too short to judge)."""
        prose = "\n".join(p.text for p in split(text) if not p.code)
        if len(words(prose)) < MIN_WORDS:
            return None
        marked = _marked(prose)
        rng = random.Random(len(marked))  # seeded: the same answer always gets the same verdict
        shuffled = [
            self.log_likelihood(_sequence(rng.sample(marked, len(marked)), lines=False))
            for _ in range(SHUFFLES)
        ]
        mean = sum(shuffled) / SHUFFLES
        sd = math.sqrt(sum((x - mean) ** 2 for x in shuffled) / (SHUFFLES - 1))
        return (self.log_likelihood(_sequence(marked)) - mean) / max(sd, 1e-3)

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
