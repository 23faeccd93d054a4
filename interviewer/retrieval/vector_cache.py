"""Embeddings made earlier, served instead of running the model again.

`StoredEmbedder` answers from maps of sentence vectors and word-piece vectors (read
back from the Chroma index, or from the rubric cache) and runs the model only for
texts they lack; `RecordingEmbedder` keeps whatever a model computes. The rubric
cache is a folder under INTERVIEWER_HOME/rubric-cache/ named by the knowledge
fingerprint (knowledge files, record schema, model id), holding the vectors of
every rubric text the examiner's warm-up asks for: changed knowledge or another
model means another folder, which then is not there until `interviewer index`
writes it (writing one removes the others). It is written whole, then renamed into
place, and read memory-mapped. It leaves out what to embed (the examiner's warm-up
decides, cli/bank_grader.py) and the candidates' answers (never stored).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from .embeddings import DIMENSIONS, TokenEmbedder

CACHE_DIR = "rubric-cache"
Tokens = tuple[np.ndarray, list[str]]


def _one_pass(inner: TokenEmbedder, texts: list[str]) -> tuple[np.ndarray, list[Tokens]]:
    both = getattr(inner, "embed_with_tokens", None)
    if both is not None:
        pooled, tokens = both(texts)
        return pooled, tokens
    return inner.embed(texts), inner.embed_tokens(texts)


class StoredEmbedder:
    """Sentence vectors from `stored` and word-piece vectors from `tokens` when they hold
    the text (made by the same model), else from `inner`. The model gives a text the same
    vectors whatever it is batched with, so a kept vector stands in for a fresh one."""

    def __init__(self, inner: TokenEmbedder, stored: Mapping[str, np.ndarray],
                 tokens: Mapping[str, Tokens] | None = None) -> None:  # fmt: skip
        self.inner = inner
        self.model_id = inner.model_id
        self.stored = stored
        self.tokens = tokens or {}

    def adopt(self, stored: Mapping[str, np.ndarray], tokens: Mapping[str, Tokens]) -> None:
        """Serve from fuller maps from now on (a rubric cache written after start-up)."""
        self.stored, self.tokens = {**self.stored, **stored}, {**self.tokens, **tokens}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.stored))
        fresh = dict(zip(missing, self.inner.embed(missing), strict=True)) if missing else {}
        return _stack([fresh[t] if t in fresh else self.stored[t] for t in texts])

    def embed_tokens(self, texts: Sequence[str]) -> list[Tokens]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.tokens))
        fresh = dict(zip(missing, self.inner.embed_tokens(missing), strict=True)) if missing else {}
        return [fresh[t] if t in fresh else self.tokens[t] for t in texts]

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Tokens]]:
        """Both kinds at once; one model pass for the texts missing either."""
        missing = list(
            dict.fromkeys(t for t in texts if t not in self.stored or t not in self.tokens)
        )
        pooled: dict[str, np.ndarray] = {}
        tokens: dict[str, Tokens] = {}
        if missing:
            p, tk = _one_pass(self.inner, missing)
            pooled, tokens = dict(zip(missing, p, strict=True)), dict(zip(missing, tk, strict=True))
        vectors = _stack([pooled[t] if t in pooled else self.stored[t] for t in texts])
        return vectors, [tokens[t] if t in tokens else self.tokens[t] for t in texts]


def _stack(rows: list[np.ndarray]) -> np.ndarray:
    if not rows:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack(rows).astype(np.float32, copy=False)


class RecordingEmbedder:
    """Passes everything to `inner` and keeps each text's vectors in `vectors` / `tokens`."""

    def __init__(self, inner: TokenEmbedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.vectors: dict[str, np.ndarray] = {}
        self.tokens: dict[str, Tokens] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.inner.embed(texts)
        self.vectors.update(zip(texts, vectors, strict=True))
        return vectors

    def embed_tokens(self, texts: Sequence[str]) -> list[Tokens]:
        return self.embed_with_tokens(texts)[1]

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Tokens]]:
        pooled, tokens = _one_pass(self.inner, list(texts))
        self.vectors.update(zip(texts, pooled, strict=True))
        self.tokens.update(zip(texts, tokens, strict=True))
        return pooled, tokens


def cache_folder(home: Path, fingerprint: str) -> Path:
    return home / CACHE_DIR / fingerprint[:24]


def write_cache(home: Path, fingerprint: str, vectors: Mapping[str, np.ndarray],
                tokens: Mapping[str, Tokens]) -> Path:  # fmt: skip
    """Write the cache for `fingerprint` and remove every other one."""
    final = cache_folder(home, fingerprint)
    tmp = final.parent / f".tmp-{os.getpid()}-{final.name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    texts = list(vectors)
    np.save(tmp / "vectors.npy", _stack([vectors[t] for t in texts]))
    index, start = [], 0
    for text, (vecs, pieces) in tokens.items():
        index.append([text, start, start + len(vecs), pieces])
        start += len(vecs)
    rows = [v for v, _ in tokens.values()]
    np.save(tmp / "tokens.npy", np.concatenate(rows).astype(np.float32) if rows else _stack([]))
    meta = {"fingerprint": fingerprint, "vectors": texts, "tokens": index}
    (tmp / "index.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    shutil.rmtree(final, ignore_errors=True)
    try:
        os.replace(tmp, final)
    except OSError:  # another process put the same cache in place first
        shutil.rmtree(tmp, ignore_errors=True)
    for other in final.parent.iterdir():
        try:  # a .tmp- folder may be another writer's at work; an hour-old one is abandoned
            if other == final or (other.name.startswith(".tmp-")
                                  and time.time() - other.stat().st_mtime < 3600):  # fmt: skip
                continue
        except OSError:
            continue
        shutil.rmtree(other, ignore_errors=True)
    return final


def read_cache(
    home: Path, fingerprint: str
) -> tuple[dict[str, np.ndarray], dict[str, Tokens]] | None:
    """(sentence vectors, word-piece vectors) by text, or None when there is no valid cache."""
    folder = cache_folder(home, fingerprint)
    try:
        meta = json.loads((folder / "index.json").read_text("utf-8"))
        if meta.get("fingerprint") != fingerprint:
            return None
        vecs = np.load(folder / "vectors.npy", mmap_mode="r")
        toks = np.load(folder / "tokens.npy", mmap_mode="r")
        ends = [row[2] for row in meta["tokens"]]
        if len(vecs) != len(meta["vectors"]) or len(toks) != (ends[-1] if ends else 0):
            return None
        vectors = {t: np.asarray(vecs[i]) for i, t in enumerate(meta["vectors"])}
        tokens = {t: (np.asarray(toks[a:b]), list(p)) for t, a, b, p in meta["tokens"]}
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    return vectors, tokens
