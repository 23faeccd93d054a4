"""Grading a bank question from vectors made earlier gives the grade of embedding afresh."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from interviewer.cli.bank_grader import BankGrader, ensure_rubric_cache
from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.examiner.features import Rubric
from interviewer.examiner.offline import OfflineExaminer
from interviewer.examiner.topics import TopicIndex
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.retrieval.vector_cache import CACHE_DIR, StoredEmbedder, read_cache, write_cache

from .fakes import HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    """Remembers every text the "model" was asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return super().embed(texts)

    def embed_tokens(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[str]]]:
        self.seen.extend(texts)
        return HashingEmbedder().embed_tokens(texts)


def test_stored_embedder_runs_the_model_only_for_missing_texts() -> None:
    inner = CountingEmbedder()
    kept = HashingEmbedder().embed(["kept one", "kept two"])
    stored = StoredEmbedder(inner, {"kept one": kept[0], "kept two": kept[1]})
    out = stored.embed(["kept one", "new", "kept two", "new"])
    assert inner.seen == ["new"]
    assert np.array_equal(out[0], kept[0]) and np.array_equal(out[3], out[1])
    pooled, tokens = stored.embed_with_tokens(["kept one", "other"])
    assert np.array_equal(pooled[1], HashingEmbedder().embed(["other"])[0])
    assert [t[1] for t in tokens] == [["kept", "one"], ["other"]]  # no kept tokens: from inner
    assert stored.embed([]).shape == (0, 384)


def test_a_cache_adopted_after_start_up_serves_what_it_holds() -> None:
    inner = CountingEmbedder()
    stored = StoredEmbedder(inner, {"kept": HashingEmbedder().embed(["kept"])[0]})
    fake = HashingEmbedder()
    later = {"written later": fake.embed(["written later"])[0]}
    stored.adopt(later, {"written later": fake.embed_tokens(["written later"])[0]})
    stored.embed_with_tokens(["kept", "written later"])
    assert set(inner.seen) == {"kept"}  # the index's vector had no word pieces; the cache had both
    stored.embed(["kept", "written later"])
    assert set(inner.seen) == {"kept"}


def test_cache_round_trips_and_belongs_to_one_fingerprint(tmp_path: Path) -> None:
    e = HashingEmbedder()
    vectors = dict(zip(["a b", "c"], e.embed(["a b", "c"]), strict=True))
    tokens = dict(zip(["a b", "c"], e.embed_tokens(["a b", "c"]), strict=True))
    write_cache(tmp_path, "f1" * 20, vectors, tokens)
    got = read_cache(tmp_path, "f1" * 20)
    assert got is not None
    assert np.array_equal(got[0]["c"], vectors["c"])
    assert np.array_equal(got[1]["a b"][0], tokens["a b"][0]) and got[1]["a b"][1] == ["a", "b"]
    assert read_cache(tmp_path, "f2" * 20) is None  # other knowledge or model: not used
    busy, abandoned = tmp_path / CACHE_DIR / ".tmp-1-x", tmp_path / CACHE_DIR / ".tmp-2-y"
    busy.mkdir()
    abandoned.mkdir()
    os.utime(abandoned, (time.time() - 7200, time.time() - 7200))
    write_cache(tmp_path, "f2" * 20, vectors, tokens)
    assert read_cache(tmp_path, "f1" * 20) is None  # the new one replaced it
    assert busy.exists() and not abandoned.exists()  # another writer's; a crashed one's
    busy.rmdir()
    assert len(list((tmp_path / CACHE_DIR).iterdir())) == 1
    folder = next((tmp_path / CACHE_DIR).iterdir())
    (folder / "tokens.npy").write_bytes(b"garbage")
    assert read_cache(tmp_path, "f2" * 20) is None  # a damaged cache is ignored


def test_a_cold_grade_embeds_only_the_answer(tiny_settings: Settings) -> None:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    assert ensure_rubric_cache(tiny_settings, kb)
    assert not ensure_rubric_cache(tiny_settings, kb)  # already there
    model = CountingEmbedder()
    grader = BankGrader.open(tiny_settings, model)
    answer = "A decorator wraps a function. It returns a new function."
    grade = grader.grade("core-ideas-01", answer)
    assert grade.examiner == "offline" and grade.key_points
    assert answer in model.seen
    sentences = {"A decorator wraps a function.", "It returns a new function."}
    assert set(model.seen) <= {answer, *sentences}  # no rubric text, no other question


def test_changed_knowledge_is_not_graded_from_the_old_cache(tiny_settings: Settings) -> None:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    ensure_rubric_cache(tiny_settings, kb)
    f = tiny_settings.answers_dir / "web-things.yaml"
    f.write_text(f.read_text("utf-8").replace("first point", "first changed point"), "utf-8")
    model = CountingEmbedder()
    grader = BankGrader.open(tiny_settings, model)  # rebuilds the index
    assert read_cache(tiny_settings.home, grader.kb.fingerprint()) is None
    grade = grader.grade("web-things-01", "Flask is a small web framework.")
    assert "first changed point about web-things-01" in [k.text for k in grade.key_points]
    assert ensure_rubric_cache(tiny_settings, grader.kb)
    assert len(list((tiny_settings.home / CACHE_DIR).iterdir())) == 1


@pytest.fixture(scope="module")
def two_sections(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real banks with two sections' answers, indexed with the real model."""
    root = tmp_path_factory.mktemp("k") / "knowledge"
    shutil.copytree(REPO_KNOWLEDGE / "banks", root / "banks")
    (root / "answers").mkdir()
    for name in ("python-basics.yaml", "functions-and-oop-concepts.yaml"):
        shutil.copy(REPO_KNOWLEDGE / "answers" / name, root / "answers" / name)
    settings = Settings(home=root.parent / "home", knowledge_dir=root)
    kb = KnowledgeBase.open(settings)
    kb.ensure_index()
    ensure_rubric_cache(settings, kb)
    return settings


@pytest.mark.slow
def test_fast_grades_equal_grades_computed_afresh(two_sections: Settings) -> None:
    kb = KnowledgeBase.open(two_sections)
    answers = list(kb.knowledge.answers.values())
    ref, other = answers[2], answers[15]
    cases = [
        (ref.question_id, ref.examples[0].answer),
        (ref.question_id, ref.examples[-1].answer),
        (ref.question_id, other.answer),  # answers another bank question
        (ref.question_id, ref.misconceptions[0].claim + " " + ref.key_points[0].text),
        (other.question_id, "I don't know."),
        (other.question_id, "Bake the bread at 220 degrees for forty minutes, then let it cool."),
    ]
    # The way `grade --question-id` used to work: every vector computed in this process.
    embedder = CachedEmbedder(MiniLMEmbedder())
    slow = OfflineExaminer(embedder, topics=TopicIndex(embedder, answers))
    cached = BankGrader.open(two_sections)
    folder = next((two_sections.home / CACHE_DIR).iterdir())
    shutil.rmtree(folder)  # the same again from the vectors in Chroma alone
    from_index = BankGrader.open(two_sections)
    flags = set()
    for qid, text in cases:
        r = kb.store.reference(qid)
        want = slow.grade(Rubric.of(r), text, r.examples, r.probes).as_json()
        assert cached.grade(qid, text).as_json() == want, (qid, text)
        assert from_index.grade(qid, text).as_json() == want, (qid, text)
        flags.update(want["flags"])  # type: ignore[arg-type]
    assert {"answers-another-question", "no-answer"} <= flags  # the cases reach those rules
