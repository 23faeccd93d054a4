"""The knowledge base: knowledge files + the vector store, kept in step.

`KnowledgeBase.open(settings)` loads and validates the knowledge files and opens
the store (`lazy=True` defers loading the files until something needs them: the
fingerprint reads them as bytes, and an up-to-date index answers from Chroma);
`ensure_index()` rebuilds only when the files' fingerprint changed (or the store
was built by another schema); `ingest()` adds a person's notes.
It holds no UI and no grading logic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..config import Settings
from ..domain import KnowledgeError, Passage, Question, ReferenceAnswer
from ..knowledge.answers import Knowledge, load_knowledge
from ..knowledge.bank import bank_files
from ..knowledge.documents import SUFFIXES, chunk_text, digest, read_document
from .embeddings import Embedder, MiniLMEmbedder
from .matching import QuestionMatcher
from .records import fingerprint, knowledge_records
from .store import BuildReport, KnowledgeStore, open_store

SEARCH_DEPTH = 20  # nearest passages per kind that feed the fusion


@dataclass
class IngestResult:
    path: Path
    chunks: int = 0
    error: str | None = None


@dataclass
class KnowledgeBase:
    settings: Settings
    store: KnowledgeStore
    _knowledge: Knowledge | None = field(default=None, repr=False)

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None,
             lazy: bool = False) -> KnowledgeBase:  # fmt: skip
        kb = cls(settings, open_store(settings, embedder or MiniLMEmbedder()))
        if not lazy:
            kb.knowledge  # noqa: B018 -- a problem in the files stops here, with file and line
        return kb

    @property
    def knowledge(self) -> Knowledge:
        # Questions without a reference answer are listed but never asked (`knowledge check`
        # reports them); any other problem in the files raises with file and line.
        if self._knowledge is None:
            self._knowledge = load_knowledge(
                self.settings.bank_paths, self.settings.answers_dir, strict=False
            )
        return self._knowledge

    @property
    def questions(self) -> list[Question]:
        return self.knowledge.questions

    def question(self, question_id: str) -> Question:
        for q in self.knowledge.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def reference(self, question_id: str) -> ReferenceAnswer:
        """The reference answer as retrieved from the vector store."""
        return self.store.reference(question_id)

    def fingerprint(self) -> str:
        files = [
            *bank_files(self.settings.bank_paths),
            *sorted(self.settings.answers_dir.glob("*.yaml")),
        ]
        return fingerprint(files, self.store.embedder.model_id)

    def ensure_index(
        self, force: bool = False, progress: Callable[[int, int], None] | None = None
    ) -> BuildReport:
        return self.store.build(
            lambda: knowledge_records(self.knowledge), self.fingerprint(), force, progress
        )

    def search(self, text: str, k: int = 5) -> list[Passage]:
        """Passages for free text, ranked by which bank question it is about (matching.py)."""
        hits = self.store.nearest(text, depth=max(k, SEARCH_DEPTH))
        return self.matcher.rank(text, hits, k)

    @cached_property
    def matcher(self) -> QuestionMatcher:
        return QuestionMatcher(self.knowledge)

    def ingest(self, paths: Iterable[Path]) -> list[IngestResult]:
        results: list[IngestResult] = []
        for path in _expand(paths):
            try:
                text = read_document(path)
                chunks = chunk_text(text)
                n = self.store.replace_document(str(path.resolve()), chunks, digest(text))
                results.append(IngestResult(path, n))
            except KnowledgeError as exc:
                results.append(IngestResult(path, error=str(exc)))
        return results


def _expand(paths: Iterable[Path]) -> Sequence[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            )
        else:
            out.append(p)
    return out
