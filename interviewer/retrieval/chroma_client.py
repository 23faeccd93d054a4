"""Opening Chroma: the client (embedded or `chroma run`) and our embedding function.

`make_client` returns an embedded `PersistentClient` under the data dir, or an
`HttpClient` when CHROMA_HOST is set, and turns Chroma's many failure types into
one StoreError. `ChromaEmbedding` adapts an `Embedder` to Chroma's protocol so no
collection ever falls back to Chroma's default function (it would download a
model). Collections, records and retrieval live in store.py.
"""

from __future__ import annotations

from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings

from ..config import Settings
from .embeddings import Embedder


class StoreError(RuntimeError):
    """The store cannot be reached or is not built."""


class ChromaEmbedding(EmbeddingFunction[Documents]):
    """Adapts an `Embedder` to Chroma's EmbeddingFunction protocol."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "interviewer-minilm"

    def default_space(self) -> Any:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self.embedder.model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbedding:
        from .embeddings import MiniLMEmbedder

        return ChromaEmbedding(MiniLMEmbedder())


def make_client(settings: Settings) -> ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many types; the message is what matters
        where = (
            f"{settings.chroma_host}:{settings.chroma_port}"
            if settings.chroma_host
            else str(settings.chroma_path)
        )
        raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc
