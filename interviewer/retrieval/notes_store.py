"""Your own notes in Chroma: one collection beside the knowledge, untouched by rebuilds.

`replace_document` stores a document's chunks with their vectors, then drops that
source's older chunks, so ingesting an edited file again replaces it. Reading and
chunking files live in knowledge/documents.py; searching the collection in store.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chromadb.api import ClientAPI

from ..domain import KnowledgeError
from .embeddings import Embedder

DOCUMENTS = "interviewer_documents"


def documents_collection(client: ClientAPI, ef: Any) -> Any:
    return client.get_or_create_collection(DOCUMENTS, embedding_function=ef)


def replace_document(col: Any, embedder: Embedder, source: str, chunks: Sequence[str],
                     digest: str) -> int:  # fmt: skip
    """Store a document's chunks, then remove that source's older chunks."""
    if not chunks:
        raise KnowledgeError(source, None, "no text to index")
    vectors = embedder.embed(list(chunks))
    col.upsert(
        ids=[f"{digest}/{i}" for i in range(len(chunks))],
        documents=list(chunks),
        embeddings=list(vectors),
        metadatas=[
            {"kind": "document", "source": source, "digest": digest, "chunk": i}
            for i in range(len(chunks))
        ],
    )
    col.delete(where={"$and": [{"source": source}, {"digest": {"$ne": digest}}]})
    return len(chunks)
