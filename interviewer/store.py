"""The vector store: the only module that imports chromadb.

Embedded `PersistentClient` under the data dir by default, `HttpClient` when
CHROMA_HOST is set. Knowledge is indexed into one collection per record kind,
named by a generation (the knowledge fingerprint): a rebuild writes a complete
new generation, then flips the manifest to it, then drops the old one, so a
crash mid-build never leaves a half-written index in use. User documents live
in their own collection, untouched by rebuilds. Every collection is opened
with our embedding function; Chroma's default one would try to download a model.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings

from .config import Settings
from .domain import GradedExample, KnowledgeError, Passage, ReferenceAnswer
from .embeddings import Embedder
from .records import KINDS, SCHEMA_VERSION, Record, reference_from_json

MANIFEST = "interviewer_manifest"
DOCUMENTS = "interviewer_documents"
SEARCH_KINDS = ("question", "answer", "key_point", "probe")


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
        records: Sequence[Record],
        fingerprint: str,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> BuildReport:
        start = time.perf_counter()
        counts = {k: sum(r.kind == k for r in records) for k in KINDS}
        if not force and self.is_current(fingerprint):
            return BuildReport(False, counts, time.perf_counter() - start, self.generation())
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
            for doc, meta, dist in zip(
                res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
            ):
                hits.append(
                    Passage(
                        str(meta.get("question_id", "")),
                        kind,
                        doc,
                        1.0 - float(dist),
                        str(meta.get("source", "knowledge")),
                        _public(meta),
                    )
                )
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
        return self.client.get_or_create_collection(DOCUMENTS, embedding_function=self.ef)

    def replace_document(self, source: str, chunks: Sequence[str], digest: str) -> int:
        """Store a document's chunks, then remove that source's older chunks."""
        if not chunks:
            raise KnowledgeError(source, None, "no text to index")
        col = self.documents()
        vectors = self.embedder.embed(list(chunks))
        ids = [f"{digest}/{i}" for i in range(len(chunks))]
        col.upsert(
            ids=ids,
            documents=list(chunks),
            embeddings=list(vectors),
            metadatas=[
                {"kind": "document", "source": source, "digest": digest, "chunk": i}
                for i in range(len(chunks))
            ],
        )
        col.delete(where={"$and": [{"source": source}, {"digest": {"$ne": digest}}]})
        return len(chunks)

    def counts(self) -> dict[str, int]:
        out = {kind: self._collection(kind).count() for kind in KINDS}
        out["document"] = self.documents().count()
        return out


def _public(meta: Any) -> dict[str, object]:
    return {k: v for k, v in dict(meta or {}).items() if k != "payload"}


def open_store(settings: Settings, embedder: Embedder) -> KnowledgeStore:
    return KnowledgeStore(make_client(settings), embedder)
