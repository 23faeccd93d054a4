"""The real bundled MiniLM model (no fakes)."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.retrieval.embeddings import DIMENSIONS, MiniLMEmbedder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_vectors_are_unit_length_and_semantic(embedder: MiniLMEmbedder) -> None:
    v = embedder.embed(
        [
            "What is a Python decorator?",
            "Explain decorators in Python with an example.",
            "How do I bake sourdough bread?",
        ]
    )
    assert v.shape == (3, DIMENSIONS) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.6
    assert v[0] @ v[2] < 0.2


def test_padding_and_batching_do_not_change_vectors(embedder: MiniLMEmbedder) -> None:
    short = "GIL"
    long = "The global interpreter lock lets one thread execute Python bytecode at a time. " * 5
    alone = embedder.embed([short])[0]
    batched = embedder.embed([long, short, "x"])[1]
    assert np.allclose(alone, batched, atol=1e-4)


def test_overlong_and_empty_texts_are_handled(embedder: MiniLMEmbedder) -> None:
    v = embedder.embed(["word " * 5000, "", "   "])
    assert np.isfinite(v).all()
    assert embedder.embed([]).shape == (0, DIMENSIONS)


def test_one_pass_gives_the_same_sentence_vectors(embedder: MiniLMEmbedder) -> None:
    texts = ["Flask is a micro-framework.", "A much longer sentence about the request context " * 4]
    pooled, tokens = embedder.embed_with_tokens(texts)
    assert np.allclose(pooled, embedder.embed(texts), atol=1e-4)
    vectors, pieces = tokens[0]
    assert len(vectors) == len(pieces) and pieces[:2] == ["fl", "##ask"]
