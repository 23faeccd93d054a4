from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine, Plan
from interviewer.retrieval.kb import KnowledgeBase

from .fakes import FakeExaminer, HashingEmbedder, make_grade

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def kb(tiny_settings: Settings) -> KnowledgeBase:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    return kb


def engine(kb: KnowledgeBase, examiner: FakeExaminer) -> InterviewEngine:
    return InterviewEngine(EngineDeps(kb, examiner, clock=lambda: T0, rng=random.Random(7)))


def test_plan_by_section_in_bank_order(kb: KnowledgeBase) -> None:
    interview = engine(kb, FakeExaminer()).start(
        Plan(sections=("core-ideas",), count=5, shuffle=False)
    )
    assert interview.question_ids == ["core-ideas-01", "core-ideas-02"]


def test_unknown_sections_and_ids_are_refused(kb: KnowledgeBase) -> None:
    e = engine(kb, FakeExaminer())
    with pytest.raises(ValueError, match="unknown section"):
        e.start(Plan(sections=("nope",)))
    with pytest.raises(ValueError, match="unknown question"):
        e.start(Plan(question_ids=("nope-01",)))


def test_follow_up_then_next_question_then_done(kb: KnowledgeBase) -> None:
    examiner = FakeExaminer()
    e = engine(kb, examiner)
    interview = e.start(Plan(question_ids=("core-ideas-02", "web-things-01"), max_follow_ups=1))
    first = e.prompt(interview)
    assert first is not None and first.kind == "question" and first.text == "What does the GIL do?"
    examiner.enqueue(make_grade(2.5, follow_up="Why does core-ideas-02 matter?"))
    turn = e.answer(interview, "It is a lock.")
    assert turn.at == T0.isoformat() and turn.grade.score == 2.5
    probe = e.prompt(interview)
    assert probe is not None and probe.kind == "follow_up" and probe.number == 1
    # The follow-up is graded against the probe's own key points.
    examiner.enqueue(make_grade(4, follow_up="Another?"))
    e.answer(interview, "Because of reference counting.")
    rubric, _ = examiner.calls[-1]
    assert [k.text for k in rubric.key_points] == ["it matters because of core-ideas-02"]
    nxt = e.prompt(interview)
    assert nxt is not None and nxt.question_id == "web-things-01" and nxt.kind == "question"
    examiner.enqueue(make_grade(0, follow_up="x", flags=("no-answer",)))
    e.answer(interview, "")
    assert interview.finished and e.prompt(interview) is None
    assert [t.kind for t in interview.turns] == ["question", "follow_up", "question"]
    with pytest.raises(ValueError, match="over"):
        e.answer(interview, "late")


def test_shuffle_is_seeded_and_count_limits(kb: KnowledgeBase) -> None:
    a = engine(kb, FakeExaminer()).start(Plan(count=2))
    b = engine(kb, FakeExaminer()).start(Plan(count=2))
    assert a.question_ids == b.question_ids and len(a.question_ids) == 2


def test_summary_ranks_key_points_and_sections(kb: KnowledgeBase) -> None:
    from interviewer.domain import Grade, KeyPointResult, Turn
    from interviewer.sessions.summary import summarise

    def turn(qid: str, kind: str, score: float, points: list[tuple[str, int, bool]]) -> Turn:
        g = Grade(score, tuple(KeyPointResult(t, w, h) for t, w, h in points), "", None, 1, "fake")
        return Turn(qid, kind, "p", "a", g, T0.isoformat())

    turns = [
        turn(
            "core-ideas-01",
            "question",
            4,
            [("decorators wrap", 3, True), ("wraps keeps name", 1, False), ("args", 1, False)],
        ),
        turn(
            "core-ideas-02",
            "question",
            1,
            [("one thread at a time", 3, False), ("io releases", 2, False)],
        ),
        turn("core-ideas-02", "follow_up", 3, [("io releases", 2, True)]),
        turn("web-things-01", "question", 5, [("micro framework", 3, True)]),
    ]
    s = summarise(turns, kb.questions)
    assert s.sections == {"Core Ideas": 2.5, "Web Things": 5.0}
    assert s.overall == pytest.approx(10 / 3, abs=0.01)
    assert s.weakest == ["one thread at a time", "wraps keeps name", "args"]  # "io" recovered
    assert s.strongest[:2] == ["decorators wrap", "micro framework"]
    assert s.study[0] == "What does the GIL do? — one thread at a time."
    assert len(s.study) == 2 and s.study[1].endswith(" — wraps keeps name; args.")  # together
    assert (s.answered, s.follow_ups) == (3, 1)


def test_llm_examiner_gets_retrieved_examples_and_passages(kb: KnowledgeBase) -> None:
    import json

    from interviewer.examiner.llm import LLMExaminer
    from interviewer.examiner.offline import OfflineExaminer

    from .fakes import FakeChatModel

    chat = FakeChatModel()
    points = [{"index": 1, "hit": True}]
    reply = {"score": 4, "key_points": points, "good": "g", "missing": "m", "tip": "t"}
    chat.enqueue(json.dumps(reply))
    examiner = LLMExaminer(chat, OfflineExaminer(HashingEmbedder()))
    e = InterviewEngine(EngineDeps(kb, examiner, clock=lambda: T0))
    interview = e.start(Plan(question_ids=("core-ideas-01",), max_follow_ups=0))
    turn = e.answer(interview, "A decorator wraps a function: a strong example answer.")
    assert turn.grade.examiner == "llm:fake-model" and turn.grade.score == 4
    user = chat.history[0][1]["content"]
    assert "(4.5/5) A strong example answer for core-ideas-01" in user  # retrieved from Chroma
    assert "Reference material you may ground a follow-up in:\n- " in user
    assert interview.finished


def test_questions_without_reference_answers_are_never_asked(tiny_settings: Settings) -> None:
    (tiny_settings.answers_dir / "web-things.yaml").unlink()
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    e = engine(kb, FakeExaminer())
    assert sorted(e.start(Plan(count=10)).question_ids) == ["core-ideas-01", "core-ideas-02"]
    with pytest.raises(ValueError, match="unknown section"):
        e.start(Plan(sections=("web-things",)))
