"""People's own notes files as grading sees them: stored, indexed per owner, searched.

`OwnNotes` joins the stored files (sessions/notes.py) and the owner-tagged notes
collection (notes_store.py). `add` stores a checked file and indexes it with progress;
`delete` removes both. `nearest` returns the passages closest to a text from the
owner's own notes and the notes everyone shares (`interviewer ingest`), never another
person's. A file whose chunks are missing from Chroma (a store wiped or new) is indexed
again from the stored text before it is searched. Reading and checking uploads is
knowledge/own_notes.py's; it holds no UI and grades nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ..domain import OwnNote, Passage
from ..knowledge.own_notes import chunks_of
from ..sessions.history import History
from ..sessions.notes import delete_note, list_notes, note_versions, save_note
from .notes_store import drop_note, has_note, index_note, own_notes_collection
from .store import KnowledgeStore


class OwnNotes:
    def __init__(self, history: History, store: KnowledgeStore) -> None:
        self.history, self.store = history, store
        self._indexed: set[tuple[str, str, str]] = set()  # (owner, name, digest) seen in Chroma
        self._lock = threading.Lock()

    def notes(self, owner: str) -> list[OwnNote]:
        return list_notes(self.history, owner)

    def add(self, note: OwnNote, progress: Callable[[int, int], None] | None = None) -> int:
        """Store the file (replacing one of the same name), then index it; returns chunks."""
        save_note(self.history, note)
        return self._index(note, progress)

    def delete(self, owner: str, name: str) -> bool:
        drop_note(self._collection(), owner, name)
        with self._lock:
            self._indexed = {k for k in self._indexed if k[:2] != (owner, name)}
        return delete_note(self.history, owner, name)

    def nearest(self, owner: str, text: str, depth: int) -> list[Passage]:
        """Up to `depth` passages from the owner's notes and up to `depth` from the shared
        notes, unsorted; each `source` is the notes file's name (or ingested path)."""
        if not text.strip():
            return []
        self._ensure_indexed(owner)
        vector = self.store.embedder.embed([text])[0]
        hits: list[Passage] = []
        for col, where in ((self._collection(), {"owner": owner}), (self.store.documents(), None)):
            n = min(depth, col.count())
            if n == 0:
                continue
            res = col.query(query_embeddings=[vector], n_results=n, where=where,
                            include=["documents", "metadatas", "distances"])  # fmt: skip
            for doc, meta, dist in zip(res["documents"][0], res["metadatas"][0],
                                       res["distances"][0], strict=True):  # fmt: skip
                hits.append(Passage("", "document", doc, 1.0 - float(dist),
                                    str(meta.get("source", "notes")), dict(meta)))  # fmt: skip
        return hits

    def _ensure_indexed(self, owner: str) -> None:
        col = self._collection()
        for name, digest in note_versions(self.history, owner):
            key = (owner, name, digest)
            with self._lock:
                known = key in self._indexed
            if not known and not has_note(col, owner, name, digest):
                note = next((n for n in self.notes(owner) if n.name == name), None)
                if note is not None:  # else deleted meanwhile
                    self._index(note)
            with self._lock:
                self._indexed.add(key)

    def _index(self, note: OwnNote, progress: Callable[[int, int], None] | None = None) -> int:
        n = index_note(self._collection(), self.store.embedder, note.owner, note.name,
                       chunks_of(note.text), note.digest, progress)  # fmt: skip
        with self._lock:
            self._indexed.add((note.owner, note.name, note.digest))
        return n

    def _collection(self) -> Any:
        return own_notes_collection(self.store.client, self.store.ef)
