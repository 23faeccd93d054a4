from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interviewer.config import Settings
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.retrieval.store import StoreError

from .fakes import HashingEmbedder


def _kb(settings: Settings, embedder: Any = None) -> KnowledgeBase:
    return KnowledgeBase.open(settings, embedder or HashingEmbedder())


def test_build_then_search_by_text_and_by_id(tiny_settings: Settings) -> None:
    kb = _kb(tiny_settings)
    report = kb.ensure_index()
    assert report.rebuilt
    assert report.counts["question"] == 3 and report.counts["key_point"] == 9
    hits = kb.search("What does the GIL do?", k=3)
    assert hits[0].question_id == "core-ideas-02"
    assert hits[0].kind == "question"
    assert hits[0].metadata["similarity"] == pytest.approx(1.0, abs=1e-4)
    assert hits[0].score == max(h.score for h in hits)
    ref = kb.store.reference("web-things-01")
    assert ref == kb.knowledge.answers["web-things-01"]  # round-trips through Chroma exactly
    kinds = {p.kind for p in kb.store.by_question("core-ideas-01")}
    assert kinds == {"question", "answer", "key_point", "probe"}


def test_index_rebuilds_only_when_knowledge_changes(tiny_settings: Settings) -> None:
    assert _kb(tiny_settings).ensure_index().rebuilt
    assert not _kb(tiny_settings).ensure_index().rebuilt  # same files: reused
    f = tiny_settings.answers_dir / "web-things.yaml"
    f.write_text(f.read_text("utf-8").replace("first point", "first changed point"), "utf-8")
    kb = _kb(tiny_settings)
    assert kb.ensure_index().rebuilt
    assert "first changed point about web-things-01" in [
        p.text for p in kb.store.by_question("web-things-01")
    ]
    # Old generations are dropped: one set of knowledge collections remains.
    names = [c.name for c in kb.store.client.list_collections()]
    assert sum(n.startswith("kb_") for n in names) == 5


def test_store_from_an_older_schema_is_rebuilt(tiny_settings: Settings) -> None:
    kb = _kb(tiny_settings)
    kb.ensure_index()
    manifest = kb.store.client.get_collection(
        "interviewer_manifest", embedding_function=kb.store.ef
    )
    manifest.modify(metadata={**(manifest.metadata or {}), "schema": 0})
    assert _kb(tiny_settings).ensure_index().rebuilt


class ExplodingEmbedder(HashingEmbedder):
    def __init__(self, after: int) -> None:
        self.calls = 0
        self.after = after

    def embed(self, texts: Any) -> np.ndarray:
        self.calls += 1
        if self.calls > self.after:
            raise RuntimeError("boom")
        return super().embed(texts)


def test_a_failed_rebuild_leaves_the_previous_index_in_use(tiny_settings: Settings) -> None:
    _kb(tiny_settings).ensure_index()
    f = tiny_settings.answers_dir / "web-things.yaml"
    f.write_text(f.read_text("utf-8").replace("first point", "edited point"), "utf-8")
    with pytest.raises(RuntimeError, match="boom"):
        _kb(tiny_settings, ExplodingEmbedder(after=0)).ensure_index()
    kb = _kb(tiny_settings)
    texts = [p.text for p in kb.store.by_question("web-things-01")]
    assert "first point about web-things-01" in texts  # the old, complete generation
    assert kb.ensure_index().rebuilt  # and the next start finishes the job


def test_unbuilt_store_says_how_to_build_it(tiny_settings: Settings) -> None:
    kb = _kb(tiny_settings)
    with pytest.raises(StoreError, match="interviewer index"):
        kb.search("anything")


def test_ingest_adds_searchable_chunks_and_replaces_on_reingest(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    kb = _kb(tiny_settings)
    kb.ensure_index()
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n\nBlueprints group routes into reusable modules.\n", "utf-8")
    [result] = kb.ingest([notes])
    assert result.error is None and result.chunks == 1
    hits = kb.search("blueprints group routes reusable modules", k=1)
    assert hits[0].kind == "document" and hits[0].source == str(notes.resolve())
    notes.write_text("Application factories create the app inside a function.\n", "utf-8")
    kb.ingest([notes])
    docs = kb.store.documents().get(include=["documents"])["documents"]
    assert docs == ["Application factories create the app inside a function."]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.md", b"   \n", "empty"),
        ("blob.txt", b"\x00\xff\x00binary", "binary"),
        ("latin.txt", "na\xefve caf\xe9".encode("latin-1"), "not valid UTF-8"),
        ("tags.html", b"<html><script>x()</script></html>", "no readable text"),
        ("image.png", b"\x89PNG", "unsupported file type"),
    ],
)
def test_bad_documents_are_named_and_nothing_is_written(
    tiny_settings: Settings, tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    kb = _kb(tiny_settings)
    kb.ensure_index()
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Flask sessions are signed cookies.", "utf-8")
    results = kb.ingest([bad, good])
    assert (
        results[0].error is not None and fragment in results[0].error and name in results[0].error
    )
    assert results[1].error is None
    assert kb.store.documents().count() == 1


def test_huge_document_is_refused(tiny_settings: Settings, tmp_path: Path) -> None:
    kb = _kb(tiny_settings)
    kb.ensure_index()
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (1_200_000))
    [result] = kb.ingest([big])
    assert result.error and "too large" in result.error
    assert kb.store.documents().count() == 0


def test_similar_examples_come_back_with_scores_and_hits(tiny_settings: Settings) -> None:
    kb = _kb(tiny_settings)
    kb.ensure_index()
    [example] = kb.store.similar_examples("core-ideas-01", "a strong example answer", k=3)
    assert example.score == 4.5 and example.hits == (0, 1)
    assert example.answer.startswith("A strong example answer for core-ideas-01")


def test_other_wordings_find_their_question(tiny_settings: Settings) -> None:
    f = tiny_settings.knowledge_dir / "answers" / "web-things.yaml"
    f.write_text(f.read_text("utf-8") + "  asked_as:\n    - zebra giraffe okapi savanna\n",
                 encoding="utf-8")  # fmt: skip
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    top = kb.search("zebra giraffe okapi savanna", k=1)[0]
    assert (top.question_id, top.kind) == ("web-things-01", "question")
    assert kb.reference("web-things-01").asked_as == ("zebra giraffe okapi savanna",)
