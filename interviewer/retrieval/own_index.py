"""A person's own bank in Chroma: one collection per person and bank, beside the knowledge.

`index_bank` writes a bank's questions (with their hints) and, for questions that have
one, the authored reference answer as a payload, embedding in steps so the caller can
show progress; uploading the bank again rebuilds its collection. `authored` reads a
reference back, as the built-in knowledge's are read from its index (store.py), and
`drop_bank` removes the collection with the bank. Collections are always opened with
our embedding function. Parsing is knowledge/own_bank.py's; storage sessions/banks.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..domain import Question, ReferenceAnswer
from ..knowledge.own_bank import owner_key
from .embeddings import Embedder
from .records import reference_from_json, reference_to_json

if TYPE_CHECKING:  # the type only: chroma_client.py is the module that imports chromadb
    from chromadb.api import ClientAPI

STEP = 32  # questions embedded between two progress reports


def collection_name(owner: str, bank: str) -> str:
    return f"own_{owner_key(owner)}_{bank}"


def index_bank(client: ClientAPI, ef: Any, embedder: Embedder, name: str,
               questions: Sequence[Question], answers: Mapping[str, ReferenceAnswer],
               progress: Callable[[int, int], None] | None = None) -> int:  # fmt: skip
    """(Re)build the bank's collection; returns how many questions it holds."""
    drop_bank(client, name)
    col = client.create_collection(name, embedding_function=ef)
    total = len(questions)
    for i in range(0, total, STEP):
        chunk = questions[i : i + STEP]
        texts = [" ".join([q.text, *q.hints]) for q in chunk]
        metas: Any = [_metadata(q, answers.get(q.id)) for q in chunk]
        col.add(ids=[q.id for q in chunk], documents=texts,
                embeddings=list(embedder.embed(texts)), metadatas=metas)  # fmt: skip
        if progress:
            progress(min(i + STEP, total), total)
    return total


def _metadata(q: Question, ref: ReferenceAnswer | None) -> dict[str, Any]:
    payload = reference_to_json(ref) if ref is not None else ""
    return {"kind": "question", "question_id": q.id, "section": q.section, "payload": payload}


def authored(client: ClientAPI, ef: Any, name: str, question_id: str) -> ReferenceAnswer | None:
    """The bank's own reference answer for a question; None without one (or no collection)."""
    try:
        col = client.get_collection(name, embedding_function=ef)
        got = col.get(ids=[question_id], include=["metadatas"])
    except Exception:  # chromadb's "does not exist" types differ between versions
        return None
    metas = got["metadatas"] or []
    payload = str(metas[0].get("payload") or "") if metas else ""
    return reference_from_json(payload) if payload else None


def has_bank(client: ClientAPI, name: str) -> bool:
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    return name in names


def drop_bank(client: ClientAPI, name: str) -> None:
    if has_bank(client, name):
        client.delete_collection(name)
