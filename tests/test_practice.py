from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.offline import OfflineExaminer
from interviewer.history import History
from interviewer.kb import KnowledgeBase
from interviewer.practice import Practice, plain

from .fakes import FakeExaminer, HashingEmbedder, make_grade


def practice(settings: Settings, examiner: object, tmp_path: Path) -> Practice:
    kb = KnowledgeBase.open(settings, HashingEmbedder())
    kb.ensure_index()
    deps = EngineDeps(kb, examiner, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC),  # type: ignore[arg-type]
                      rng=random.Random(1))  # fmt: skip
    return Practice(InterviewEngine(deps), History(tmp_path / "h.sqlite"))


def test_each_turn_is_saved_before_it_is_shown(tiny_settings: Settings, tmp_path: Path) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    state = p.start(["core-ideas"], 2)
    assert state.chat[-1]["content"].startswith("**Question 1 of 2.**")
    saved_counts: list[int] = []
    original = p.history.add_turn

    def spy(session_id: str, turn: object) -> int:
        result = original(session_id, turn)  # type: ignore[arg-type]
        saved_counts.append(len(p.history.turns(session_id)))
        return result

    p.history.add_turn = spy  # type: ignore[method-assign]
    examiner.enqueue(make_grade(3.0), make_grade(4.5))
    state, feedback = p.answer(state, "first answer")
    assert saved_counts == [1] and "3 / 5" in feedback
    state, _ = p.answer(state, "second answer")
    assert state.interview.finished
    assert p.history.session(state.session_id).finished_at is not None
    assert "Overall 3.75 / 5" in p.summary_markdown(state)
    assert state.chat[-1]["content"] == "That's the end of the interview."


def test_candidate_text_is_shown_as_text(tiny_settings: Settings, tmp_path: Path) -> None:
    p = practice(tiny_settings, OfflineExaminer(HashingEmbedder()), tmp_path)
    state = p.start([], 1)
    attack = "<img src=x onerror=alert(1)> [click](http://evil) **bold** `code`"
    state, _ = p.answer(state, attack)
    shown = (
        state.chat[-3]["content"] if state.chat[-3]["role"] == "user" else state.chat[-2]["content"]
    )
    assert "<img" not in shown and "&lt;img" in shown
    assert "\\[click\\]\\(http&#58;//evil\\)" in shown and "\\*\\*bold\\*\\*" in shown
    assert plain("a\nb") == "a  \nb"


def test_bare_urls_in_answers_are_not_linkified() -> None:
    shown = plain("see http://evil.example and www.evil.example")
    assert "http://" not in shown and "www." not in shown
    assert "http&#58;//evil.example" in shown
