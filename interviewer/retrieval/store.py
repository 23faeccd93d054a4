"""The knowledge index in Chroma: build it, search it, read back what it holds.

Knowledge is indexed into one collection per record kind, named by a generation
(the knowledge fingerprint): a rebuild writes a complete new generation, then
flips the manifest to it, then drops the old one, so a crash mid-build never
leaves a half-written index in use. Every collection is opened with our embedding
function; Chroma's default one would try to download a model. Besides search it
hands back what it stores (every reference answer, the vectors of chosen kinds),
so a caller need not embed the knowledge again. Opening the client is in
chroma_client.py and your notes' collection, untouched by rebuilds, in
notes_store.py. Only chroma_client.py imports chromadb; the others name its client type
for the type checker alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..config import Settings
from ..domain import GradedExample, Passage, ReferenceAnswer
from .chroma_client import ChromaEmbedding, StoreError, make_client
from .embeddings import Embedder
from .notes_store import documents_collection, replace_document
from .records import KINDS, SCHEMA_VERSION, Record, reference_from_json

if TYPE_CHECKING:  # the type only: chroma_client.py is the module that imports chromadb
    from chromadb.api import ClientAPI

__all__ = ["SEARCH_KINDS", "BuildReport", "KnowledgeStore", "StoreError", "open_store"]

MANIFEST = "interviewer_manifest"
SEARCH_KINDS = ("question", "answer", "key_point", "probe")


@dataclass
class BuildReport:
    rebuilt: bool
    counts: dict[str, int]
    seconds: float
    generation: str


class KnowledgeStore:
    def __init__(self, client: ClientAPI, embedder: Embedder) -> None:
        self.client = client
        self.embedder = embedder
        # Typed Any: Chroma's EmbeddingFunction generics are wider than our text-only one.
        self.ef: Any = ChromaEmbedding(embedder)
        self._generation: str | None = None

    # --- manifest -------------------------------------------------------
    def _manifest(self) -> dict[str, Any]:
        col = self.client.get_or_create_collection(MANIFEST, embedding_function=self.ef)
        meta = col.metadata or {}
        return dict(meta)

    def generation(self) -> str:
        if self._generation is None:
            m = self._manifest()
            if not m.get("generation") or m.get("schema") != SCHEMA_VERSION:
                raise StoreError("the knowledge index is not built: run `interviewer index`")
            self._generation = str(m["generation"])
        return self._generation

    def is_current(self, fingerprint: str) -> bool:
        m = self._manifest()
        return m.get("fingerprint") == fingerprint and m.get("schema") == SCHEMA_VERSION

    def _name(self, generation: str, kind: str) -> str:
        return f"kb_{generation}_{kind}"

    def _collection(self, kind: str, generation: str | None = None) -> Any:
        return self.client.get_collection(
            self._name(generation or self.generation(), kind), embedding_function=self.ef
        )

    # --- build ----------------------------------------------------------
    def build(
        self,
        records: Sequence[Record] | Callable[[], Sequence[Record]],
        fingerprint: str,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> BuildReport:
        """`records` may be a function: it is called only when a build is due."""
        start = time.perf_counter()
        if not force and self.is_current(fingerprint):
            counts = self.kind_counts()
            return BuildReport(False, counts, time.perf_counter() - start, self.generation())
        records = records() if callable(records) else records
        counts = {k: sum(r.kind == k for r in records) for k in KINDS}
        generation = f"{fingerprint[:12]}{int(time.time() * 1000) % 10**8:08d}"
        vectors = self._embed_all([r.text for r in records], progress)
        for kind in KINDS:
            col = self.client.create_collection(
                self._name(generation, kind), embedding_function=self.ef
            )
            rows = [(r, v) for r, v in zip(records, vectors, strict=True) if r.kind == kind]
            step = 1000
            for i in range(0, len(rows), step):
                chunk = rows[i : i + step]
                col.add(
                    ids=[r.id for r, _ in chunk],
                    documents=[r.text for r, _ in chunk],
                    embeddings=[v for _, v in chunk],
                    metadatas=[{"kind": r.kind, **r.metadata} for r, _ in chunk],
                )
        manifest = self.client.get_or_create_collection(MANIFEST, embedding_function=self.ef)
        manifest.modify(
            metadata={
                "generation": generation,
                "fingerprint": fingerprint,
                "schema": SCHEMA_VERSION,
                "model": self.embedder.model_id,
            }
        )
        self._generation = generation
        self._drop_generations(keep=generation)
        return BuildReport(True, counts, time.perf_counter() - start, generation)

    def _embed_all(
        self, texts: list[str], progress: Callable[[int, int], None] | None
    ) -> list[Any]:
        out: list[Any] = []
        step = 64
        for i in range(0, len(texts), step):
            out.extend(self.embedder.embed(texts[i : i + step]))
            if progress:
                progress(min(i + step, len(texts)), len(texts))
        return out

    def _drop_generations(self, keep: str) -> None:
        for col in self.client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith("kb_") and not name.startswith(f"kb_{keep}_"):
                self.client.delete_collection(name)

    # --- retrieval ------------------------------------------------------
    def reference(self, question_id: str) -> ReferenceAnswer:
        got = self._collection("answer").get(ids=[f"{question_id}/answer"], include=["metadatas"])
        if not got["ids"]:
            raise KeyError(question_id)
        meta = got["metadatas"][0]
        return reference_from_json(str(meta["payload"]))

    def references(self) -> list[ReferenceAnswer]:
        """Every indexed reference answer, in knowledge-file order."""
        got = self._collection("answer").get(include=["metadatas"])
        refs = [reference_from_json(str(m["payload"])) for m in got["metadatas"] or []]
        return sorted(refs, key=lambda r: (r.source, r.line))

    def stored_vectors(self, kinds: Sequence[str]) -> dict[str, np.ndarray]:
        """Text -> the vector the index holds for it, for the knowledge passages of `kinds`."""
        out: dict[str, np.ndarray] = {}
        for kind in kinds:
            got = self._collection(kind).get(include=["documents", "embeddings"])
            vectors = np.asarray(got["embeddings"], dtype=np.float32)
            out.update(zip(got["documents"] or [], vectors, strict=True))
        return out

    def by_question(self, question_id: str) -> list[Passage]:
        out: list[Passage] = []
        for kind in SEARCH_KINDS:
            got = self._collection(kind).get(
                where={"question_id": question_id}, include=["documents", "metadatas"]
            )
            for doc, meta in zip(got["documents"] or [], got["metadatas"] or [], strict=True):
                out.append(Passage(question_id, kind, doc, 1.0, "knowledge", _public(meta)))
        return out

    def search(
        self,
        text: str,
        k: int = 5,
        kinds: Sequence[str] = SEARCH_KINDS,
        include_documents: bool = True,
        where: dict[str, Any] | None = None,
    ) -> list[Passage]:
        """The k passages nearest by cosine, across the given kinds (and user documents)."""
        hits = self.nearest(text, k, kinds, include_documents, where)
        hits.sort(key=lambda p: p.score, reverse=True)
        return hits[:k]

    def nearest(
        self,
        text: str,
        depth: int,
        kinds: Sequence[str] = SEARCH_KINDS,
        include_documents: bool = True,
        where: dict[str, Any] | None = None,
    ) -> list[Passage]:
        """Up to `depth` nearest passages of each kind, unsorted (one embedding of the text)."""
        if not text.strip():
            return []
        vector = self.embedder.embed([text])[0]
        hits: list[Passage] = []
        cols = [(kind, self._collection(kind)) for kind in kinds]
        if include_documents:
            cols.append(("document", self.documents()))
        for kind, col in cols:
            n = min(depth, col.count())
            if n == 0:
                continue
            res = col.query(
                query_embeddings=[vector],
                n_results=n,
                where=where if kind != "document" else None,
                include=["documents", "metadatas", "distances"],
            )
            for doc, meta, dist in zip(res["documents"][0], res["metadatas"][0],
                                       res["distances"][0], strict=True):  # fmt: skip
                source = str(meta.get("source", "knowledge"))
                hits.append(Passage(str(meta.get("question_id", "")), kind, doc,
                                    1.0 - float(dist), source, _public(meta)))  # fmt: skip
        return hits

    def similar_examples(self, question_id: str, answer: str, k: int = 3) -> list[GradedExample]:
        """The graded example answers to this question closest to the candidate's answer."""
        hits = self.search(answer, k=k, kinds=("example",), include_documents=False,
                           where={"question_id": question_id})  # fmt: skip
        return [
            GradedExample(h.text, float(str(h.metadata["score"])),
                          tuple(int(x) for x in str(h.metadata.get("hits", "")).split(",") if x))
            for h in hits
        ]  # fmt: skip

    # --- user documents -------------------------------------------------
    def documents(self) -> Any:
        return documents_collection(self.client, self.ef)

    def replace_document(self, source: str, chunks: Sequence[str], digest: str) -> int:
        """Store a document's chunks, then remove that source's older chunks."""
        return replace_document(self.documents(), self.embedder, source, chunks, digest)

    def counts(self) -> dict[str, int]:
        return {**self.kind_counts(), "document": self.documents().count()}

    def kind_counts(self) -> dict[str, int]:
        return {kind: self._collection(kind).count() for kind in KINDS}


def _public(meta: Any) -> dict[str, object]:
    return {k: v for k, v in dict(meta or {}).items() if k != "payload"}


def open_store(settings: Settings, embedder: Embedder) -> KnowledgeStore:
    return KnowledgeStore(make_client(settings), embedder)
