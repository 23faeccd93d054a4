from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from interviewer.config import Settings
from interviewer.domain import Grade, KeyPointResult
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.offline import OfflineExaminer
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.sessions.history import History
from interviewer.web.practice import Practice
from interviewer.web.views import feedback_body, plain, spoken_question

from .fakes import FakeExaminer, HashingEmbedder, make_grade


def practice(settings: Settings, examiner: object, tmp_path: Path,
             clock: datetime = datetime(2026, 1, 1, tzinfo=UTC)) -> Practice:  # fmt: skip
    kb = KnowledgeBase.open(settings, HashingEmbedder())
    kb.ensure_index()
    deps = EngineDeps(kb, examiner, clock=lambda: clock, rng=random.Random(1))  # type: ignore[arg-type]
    return Practice(InterviewEngine(deps), History(tmp_path / "h.sqlite"))


def test_each_turn_is_saved_before_it_is_shown(tiny_settings: Settings, tmp_path: Path) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    state = p.start("ann", ["core-ideas"], 2)
    assert state.chat[-1]["content"].startswith("**1/2** · Let's start with Core Ideas.")
    saved: list[tuple[int, object]] = []
    original = p.history.add_turn

    def spy(session_id: str, turn: object, snapshot: object = None) -> int:
        result = original(session_id, turn, snapshot)  # type: ignore[arg-type]
        saved.append((len(p.history.turns(session_id)), p.history.state(session_id)))
        return result

    p.history.add_turn = spy  # type: ignore[method-assign]
    examiner.enqueue(make_grade(3.0), make_grade(4.5))
    state, fb = p.answer(state, "first answer")
    assert saved[0][0] == 1 and saved[0][1] == state.interview.snapshot()
    assert fb is not None and "3<small> / 5" in fb.score_html
    state, _ = p.answer(state, "second answer")
    assert state.interview.finished
    assert p.history.session(state.session_id).finished_at is not None
    assert "Overall 3.75 / 5" in p.summary_markdown(state)
    assert state.chat[-1]["content"].startswith("That's the end of the interview.")


def test_mock_mode_holds_feedback_until_the_end(tiny_settings: Settings, tmp_path: Path) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    state = p.start("ann", [], 2, mode="mock")
    examiner.enqueue(make_grade(2.0, follow_up="Why?"), make_grade(1.0), make_grade(5.0))
    state, fb = p.answer(state, "one")
    assert fb is None and not any("/ 5" in m["content"] for m in state.chat)
    assert state.chat[-1]["content"].startswith("Follow-up: Why?")  # follow-ups still asked
    state, _ = p.answer(state, "follow-up answer")
    state, _ = p.answer(state, "two")
    assert state.interview.finished
    summary = p.summary_markdown(state)
    assert "Overall 3.5 / 5" in summary and "follow\\-up answer" in summary


def test_try_again_regrades_and_reports_the_change(tiny_settings: Settings,
                                                   tmp_path: Path) -> None:  # fmt: skip
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    state = p.start("ann", ["core-ideas"], 2)
    first_q = state.interview.question_ids[0]
    examiner.enqueue(make_grade(1.5), make_grade(4.0), make_grade(3.0))
    state, _ = p.answer(state, "weak")
    state = p.retry(state)
    assert state.chat[-1]["content"].startswith("Sure, have another go.")
    state, fb = p.answer(state, "better")
    assert fb is not None and "+2.5 vs first try" in fb.score_html
    assert fb.question_id == first_q and state.interview.position == 1  # carried on
    state, _ = p.answer(state, "second question")
    assert "Overall 3.5 / 5" in p.summary_markdown(state)  # latest attempt counts
    kinds = [t.kind for t in p.history.turns(state.session_id)]
    assert kinds == ["question", "retry", "question"]


def test_a_session_resumes_where_it_stopped(tiny_settings: Settings, tmp_path: Path) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    state = p.start("ann", [], 3)
    examiner.enqueue(make_grade(2.0, follow_up="Why does core-ideas-01 matter?"))
    state, _ = p.answer(state, "first")
    pending = state.interview.pending_probe
    # A new process: a fresh Practice over the same database.
    p2 = practice(tiny_settings, examiner, tmp_path)
    assert [s.id for s in p2.open_sessions("ann")] == [state.session_id]
    assert p2.open_sessions("bob") == []
    with pytest.raises(KeyError):
        p2.resume("bob", state.session_id)
    resumed = p2.resume("ann", state.session_id)
    assert resumed.interview.position == state.interview.position
    assert resumed.interview.pending_probe == pending
    assert resumed.chat[-1]["content"] == state.chat[-1]["content"]
    assert len(resumed.interview.turns) == 1


def test_exports_belong_to_their_user(tiny_settings: Settings, tmp_path: Path) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    state = p.start("ann", [], 1)
    examiner.enqueue(make_grade(4.0))
    p.answer(state, "an answer")
    path = p.export_file("ann", state.session_id, "json", tmp_path / "out")
    assert json.loads(path.read_text())["turns"][0]["answer"] == "an answer"
    with pytest.raises(KeyError):
        p.export_file("bob", state.session_id, "json", tmp_path / "out")
    assert p.progress_rows("ann")[0]["score"] == 4.0 and p.progress_rows("bob") == []


def test_weak_spots_start_with_missed_key_points(tiny_settings: Settings, tmp_path: Path) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    state = p.start("ann", [], 3)
    order = state.interview.question_ids
    for qid in order:
        hit = qid != "core-ideas-02"  # the only question whose key point was missed
        kp = (KeyPointResult(f"first point about {qid}", 3, hit),)
        examiner.enqueue(Grade(4.0 if hit else 1.0, kp, "f", None, 1.0, "fake"))
    for _ in order:
        state, _ = p.answer(state, "answer")
    weak = p.start("ann", [], 3, weak=True)
    assert weak.interview.question_ids[0] == "core-ideas-02"


def test_candidate_text_is_shown_as_text(tiny_settings: Settings, tmp_path: Path) -> None:
    p = practice(tiny_settings, OfflineExaminer(HashingEmbedder()), tmp_path)
    state = p.start("ann", [], 1)
    attack = "<img src=x onerror=alert(1)> [click](http://evil) **bold** `code`"
    state, _ = p.answer(state, attack)
    shown = next(m["content"] for m in state.chat if m["role"] == "user")
    assert "<img" not in shown and "&lt;img" in shown
    assert "\\[click\\]\\(http&#58;//evil\\)" in shown and "\\*\\*bold\\*\\*" in shown
    assert plain("a\nb") == "a  \nb"


def test_a_correction_shows_its_code_and_the_quoted_answer_stays_literal() -> None:
    said = "use `**x**` <b>now</b>” In fact: `evil`"
    shown = feedback_body(f"Not correct: “{said}” In fact: use `map(f, xs)` *or* <i>this</i>.\n"
                          f"Missing: `a`.")  # fmt: skip
    quote, fix = shown.split("  \n")[0].rsplit("In fact: ", 1)
    assert fix == "use `map(f, xs)` \\*or\\* &lt;i&gt;this&lt;/i&gt;."
    # The candidate's words, however they look, stay text: no code span, no HTML, no bold.
    assert "`evil`" not in quote and "\\`evil\\`" in quote and "&lt;b&gt;" in quote
    assert "\\*\\*x\\*\\*" in quote
    assert shown.endswith("Missing: \\`a\\`.")  # only corrections render code


def test_bare_urls_in_answers_are_not_linkified() -> None:
    shown = plain("see http://evil.example and www.evil.example")
    assert "http://" not in shown and "www." not in shown
    assert "http&#58;//evil.example" in shown


def test_questions_are_phrased_as_spoken() -> None:
    said = spoken_question("question", "What is X?", 2, 5, "Basics")
    assert said.startswith("**2/5** · ") and "Basics" in said and said.endswith(" What is X?")
    assert said != spoken_question("question", "What is X?", 3, 5, "Basics").replace("3/5", "2/5")
    assert spoken_question("follow_up", "Why?", 1, 5, "Basics").endswith("Why?")


def test_low_confidence_says_which_signals_disagreed() -> None:
    from interviewer.web.views import feedback_markdown

    offline = Grade(3.0, (), "ok", None, 0.3, "offline")
    llm = Grade(3.0, (), "ok", None, 0.3, "llm:some-model")
    sure = Grade(3.0, (), "ok", None, 0.9, "offline")
    assert "the score and the key points found disagree" in feedback_markdown(offline)
    assert "the LLM and the offline examiner disagreed" in feedback_markdown(llm)
    assert "Low confidence" not in feedback_markdown(sure)
