"""Test doubles: a deterministic embedder (no model load)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from interviewer.embeddings import DIMENSIONS


class HashingEmbedder:
    """Deterministic bag-of-words vectors: a fast stand-in for tests.

    Texts sharing words get similar vectors, which is enough to test retrieval
    plumbing without loading the model. Not for real use.
    """

    model_id = "hashing-test"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9_]+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
                out[row, h % DIMENSIONS] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out
