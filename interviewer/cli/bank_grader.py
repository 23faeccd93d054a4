"""Grading answers to bank questions against the built index, outside an interview.

`BankGrader.open(settings)` checks the index is current (rebuilding it only when the
knowledge changed), reads every reference answer back from it, and builds the
configured examiner with `build_examiner`, handing it vectors made earlier: the
rubric cache (retrieval/vector_cache.py) that `interviewer index` writes with
`ensure_rubric_cache`, or, without one, the vectors the index holds for reference
answers, key points, probes and graded examples. So a call embeds the candidate's
answer and little else, not the whole knowledge base (the check for an answer to
another question compares with every bank question). `grade(question_id, answer)`
grades as an interview turn does: the LLM examiner also gets retrieved passages and
the three most similar graded examples. Reading input and printing output are in
grade.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..domain import Grade, Passage, ReferenceAnswer
from ..examiner.base import Examiner, build_examiner
from ..examiner.features import Rubric
from ..examiner.offline import OfflineExaminer
from ..examiner.topics import TopicIndex
from ..retrieval.embeddings import CachedEmbedder, MiniLMEmbedder, TokenEmbedder
from ..retrieval.kb import KnowledgeBase
from ..retrieval.vector_cache import RecordingEmbedder, StoredEmbedder, read_cache, write_cache

STORED_KINDS = ("answer", "key_point", "probe", "example")


class UnknownQuestion(ValueError):
    def __init__(self, question_id: str) -> None:
        super().__init__(f"no question with id '{question_id}' (see `interviewer bank`)")


@dataclass
class BankGrader:
    kb: KnowledgeBase
    examiner: Examiner
    references: dict[str, ReferenceAnswer]

    @classmethod
    def open(cls, settings: Settings, embedder: TokenEmbedder | None = None,
             stored: bool = True) -> BankGrader:  # fmt: skip
        """`stored=False` embeds everything afresh (the way to check the kept vectors)."""
        model: TokenEmbedder = embedder or MiniLMEmbedder()
        kb = KnowledgeBase.open(settings, model, lazy=True)
        kb.ensure_index()
        references = kb.store.references()
        if stored:
            cache = read_cache(settings.home, kb.fingerprint())
            vectors, tokens = cache or (kb.store.stored_vectors(STORED_KINDS), {})
            model = StoredEmbedder(model, vectors, tokens)
        examiner = build_examiner(settings, model, references, sync=True)
        return cls(kb, examiner, {r.question_id: r for r in references})

    def reference(self, question_id: str) -> ReferenceAnswer:
        ref = self.references.get(question_id)
        if ref is None:
            raise UnknownQuestion(question_id)
        return ref

    def grade(self, question_id: str, answer: str) -> Grade:
        ref = self.reference(question_id)
        examples = ref.examples
        passages: tuple[Passage, ...] = ()
        if self.examiner.name.startswith("llm:") and answer.strip():  # as the engine does
            passages = tuple(self.kb.search(f"{ref.question}\n{answer[:1000]}", k=4))
            examples = tuple(self.kb.store.similar_examples(question_id, answer, k=3))
        return self.examiner.grade(Rubric.of(ref), answer, examples, ref.probes, passages)


def ensure_rubric_cache(settings: Settings, kb: KnowledgeBase, force: bool = False) -> bool:
    """Write the rubric cache for the current (built) index unless it exists; True if written."""
    fingerprint = kb.fingerprint()
    if not force and read_cache(settings.home, fingerprint) is not None:
        return False
    stored = kb.store.stored_vectors(STORED_KINDS)
    recorder = RecordingEmbedder(StoredEmbedder(kb.store.embedder, stored))  # type: ignore[arg-type]
    cached = CachedEmbedder(recorder)
    references = kb.store.references()
    OfflineExaminer(cached, topics=TopicIndex(cached, references)).warm(references)
    write_cache(settings.home, fingerprint, recorder.vectors, recorder.tokens)
    return True
