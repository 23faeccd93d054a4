"""Your own notes in Chroma: collections beside the knowledge, untouched by rebuilds.

`replace_document` stores a document's chunks with their vectors, then drops that
source's older chunks, so ingesting an edited file again replaces it (the CLI's
`interviewer ingest`: one collection, everyone's). Notes uploaded in the browser go to a
second collection where every chunk carries its owner, written the same way by
`index_note` (in steps, for progress) and searched only with an owner filter
(retrieval/own_notes.py). Reading and chunking files live in knowledge/documents.py;
searching the CLI's collection in store.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..domain import KnowledgeError
from .embeddings import Embedder

if TYPE_CHECKING:  # the type only: chroma_client.py is the module that imports chromadb
    from chromadb.api import ClientAPI

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


# --- notes uploaded from the browser: one collection, every chunk tagged with its owner ---
OWN_NOTES = "interviewer_own_notes"
STEP = 32  # chunks embedded between two progress reports


def own_notes_collection(client: ClientAPI, ef: Any) -> Any:
    return client.get_or_create_collection(OWN_NOTES, embedding_function=ef)


def _owned(owner: str, **more: Any) -> dict[str, Any]:
    return {"$and": [{"owner": owner}, *({k: v} for k, v in more.items())]}


def index_note(col: Any, embedder: Embedder, owner: str, name: str, chunks: Sequence[str],
               digest: str, progress: Callable[[int, int], None] | None = None) -> int:  # fmt: skip
    """Store an owner's notes file's chunks in steps, then drop that file's older chunks."""
    if not chunks:
        raise KnowledgeError(name, None, "no text to index")
    key = hashlib.sha256(f"{owner}\0{name}".encode()).hexdigest()[:24]
    for i in range(0, len(chunks), STEP):
        part = list(chunks[i : i + STEP])
        col.upsert(ids=[f"{key}/{digest}/{j}" for j in range(i, i + len(part))],
                   documents=part, embeddings=list(embedder.embed(part)),
                   metadatas=[{"kind": "document", "source": name, "owner": owner,
                               "digest": digest, "chunk": j}
                              for j in range(i, i + len(part))])  # fmt: skip
        if progress is not None:
            progress(i + len(part), len(chunks))
    col.delete(where=_owned(owner, source=name, digest={"$ne": digest}))
    return len(chunks)


def has_note(col: Any, owner: str, name: str, digest: str) -> bool:
    return bool(col.get(where=_owned(owner, source=name, digest=digest), limit=1)["ids"])


def drop_note(col: Any, owner: str, name: str) -> None:
    col.delete(where=_owned(owner, source=name))
