"""Fact checks in the background: saved first as pending, updated when the check lands."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.checked import CheckedExaminer
from interviewer.examiner.factcheck import FactChecker
from interviewer.examiner.offline import OfflineExaminer, Thresholds
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.sessions.history import History
from interviewer.web import views
from interviewer.web.fact_checks import BUSY, WARM_KEPT, FactChecks
from interviewer.web.practice import Practice, PracticeState

from .fakes import FakeScorer, HashingEmbedder

FALSE = "The GIL lets every thread run Python bytecode on its own core at the same time."
TRUE = "It is a lock so that one thread runs bytecode at a time in CPython."


def setup(settings: Settings, tmp_path: Path, scorer: FakeScorer,
          maxsize: int = 32) -> Practice:  # fmt: skip
    embedder = HashingEmbedder()
    kb = KnowledgeBase.open(settings, embedder)
    kb.ensure_index()
    offline = OfflineExaminer(embedder, thresholds=Thresholds(misconception_check=False))
    examiner = CheckedExaminer(offline, FactChecker(scorer), embedder)
    clock = datetime(2026, 1, 1, tzinfo=UTC)
    engine = InterviewEngine(EngineDeps(kb, examiner, clock=lambda: clock, rng=random.Random(1)))
    history = History(tmp_path / "h.sqlite")
    return Practice(engine, history, FactChecks(engine, history, maxsize))


def wait_landed(p: Practice, state: PracticeState, timeout: float = 10.0) -> None:
    assert p.checks is not None
    deadline = time.monotonic() + timeout
    while p.checks.pending(state.session_id) or not state.landed:
        assert time.monotonic() < deadline, "the fact check never landed"
        time.sleep(0.02)


def test_a_pending_check_lands_in_the_saved_turn_and_challenges_the_claim(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    p = setup(tiny_settings, tmp_path, FakeScorer(lambda c: "own core" in c))
    state = p.start("ann", [], 1)
    qid = state.interview.question_ids[0]
    state, fb = p.answer(state, f"{TRUE} {FALSE}")
    assert fb is not None and "Checking facts" in fb.feedback
    assert p.history.turns(state.session_id)[0].grade.fact_check in ("pending", "checked")
    wait_landed(p, state)
    saved = p.history.turns(state.session_id)[0].grade
    assert saved.fact_check == "checked" and "misconception" in saved.flags
    assert [c.false for c in saved.claims] == [False, True]
    live = state.interview.turns[0].grade
    assert (live.score, live.flags, live.feedback) == (saved.score, saved.flags, saved.feedback)
    assert state.chat[state.grade_rows[1]]["content"].startswith("**")
    challenge = state.interview.pending_probe
    assert challenge is not None and challenge.question.startswith("You said “The GIL lets")
    assert "You said" in state.chat[-1]["content"]
    assert p.engine.deps.kb.reference(qid).probes[0].question in challenge.question


def test_an_answer_doubted_as_a_whole_loses_a_point_and_is_challenged(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    p = setup(tiny_settings, tmp_path, FakeScorer(lambda c: True, p=0.8))
    state = p.start("ann", [], 1)
    ref = p.engine.deps.kb.reference(state.interview.question_ids[0])
    state, _ = p.answer(state, " ".join(f"{k.text.rstrip('.')}." for k in ref.key_points[:2]))
    offline = state.interview.turns[0].grade.score
    assert offline > 0
    wait_landed(p, state)
    saved = p.history.turns(state.session_id)[0].grade
    assert "doubtful" in saved.flags and "misconception" not in saved.flags
    assert saved.score == max(0.0, offline - 1.0) < offline
    assert "Doubtful: “" in saved.feedback and not any(c.false for c in saved.claims)
    assert "doubts the answer as a whole" in views.feedback_markdown(saved)
    challenge = state.interview.pending_probe
    assert challenge is not None and challenge.question.startswith("You said “")
    assert "You said" in state.chat[-1]["content"]


def test_a_full_queue_marks_the_turn_not_checked_instead_of_waiting(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    scorer = FakeScorer()
    p = setup(tiny_settings, tmp_path, scorer, maxsize=1)
    assert p.checks is not None
    release = []
    slow = p.engine.check_facts

    def blocked(turn, on_progress=None):  # type: ignore[no-untyped-def]
        while not release:
            time.sleep(0.01)
        return slow(turn, on_progress)

    p.engine.check_facts = blocked  # type: ignore[method-assign]
    states = [p.start(u, [], 1) for u in ("a", "b", "c")]
    for st in states:
        p.answer(st, f"{TRUE} {FALSE}")
    busy = [p.history.turns(st.session_id)[0].grade.fact_check for st in states]
    assert BUSY in busy  # one runs, one waits, the third is not checked at once
    release.append(True)
    for st in states:
        wait_landed(p, st)
    final = [p.history.turns(st.session_id)[0].grade.fact_check for st in states]
    assert final.count("checked") == 2 and final.count(BUSY) == 1


def test_a_submitted_check_never_waits_behind_warm_ups(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    p = setup(tiny_settings, tmp_path, FakeScorer(lambda c: "own core" in c))
    assert p.checks is not None
    state = p.start("ann", [], 1)
    ran: list[str] = []
    release: list[bool] = []
    slow = p.engine.check_facts

    def recorded(turn, on_progress=None):  # type: ignore[no-untyped-def]
        ran.append("check")
        return slow(turn, on_progress)

    p.engine.check_facts = recorded  # type: ignore[method-assign]
    deadline = time.monotonic() + 10
    while not p.checks.idle():  # the question's own warm-up
        assert time.monotonic() < deadline
        time.sleep(0.02)
    p.checks.warm(lambda: [time.sleep(0.01) for _ in range(500) if not release])  # holds the worker
    time.sleep(0.1)
    for i in range(WARM_KEPT + 2):  # e.g. an interview restarted again and again
        p.checks.warm(lambda i=i: ran.append(f"warm {i}"))
    state, _ = p.answer(state, f"{TRUE} {FALSE}")
    release.append(True)
    wait_landed(p, state)
    while not p.checks.idle() or len(ran) < WARM_KEPT + 1:
        assert time.monotonic() < deadline, ran
        time.sleep(0.02)
    # The check first; then the newest warm-ups, newest first; the oldest two were dropped.
    assert ran == ["check", *(f"warm {i}" for i in range(WARM_KEPT + 1, 1, -1))]


def test_checks_left_pending_by_a_crash_run_on_resume(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    p = setup(tiny_settings, tmp_path, FakeScorer(lambda c: "own core" in c))
    state = p.start("ann", [], 2)
    turn = p.engine.answer(state.interview, f"{TRUE} {FALSE}")
    assert turn.grade.fact_check == "pending"
    p.history.add_turn(state.session_id, turn, state.interview.snapshot())  # then the crash
    again = setup(tiny_settings, tmp_path, FakeScorer(lambda c: "own core" in c))
    resumed = again.resume("ann", state.session_id)
    wait_landed(again, resumed)
    grade = again.history.turns(state.session_id)[0].grade
    assert grade.fact_check == "checked" and grade.score <= turn.grade.score
    assert replace(grade, fact_check="pending") != turn.grade  # the claims were judged


def test_a_draft_is_judged_while_typing_and_never_ahead_of_real_checks(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    scorer = FakeScorer(lambda c: "own core" in c)
    p = setup(tiny_settings, tmp_path, scorer)
    assert p.checks is not None
    state = p.start("ann", [], 1)
    deadline = time.monotonic() + 10
    while not p.draft(state, f"{TRUE} {FALSE} And so"):  # as the timer does, every few s
        assert time.monotonic() < deadline, "the worker never became idle"
        time.sleep(0.02)  # the question's warm-up is still queued
    assert not p.draft(state, f"{TRUE} {FALSE} And so")  # the same draft is not sent again
    deadline = time.monotonic() + 10
    while sum(1 for m in scorer.prompts if FALSE in m[-1]["content"]) == 0:
        assert time.monotonic() < deadline, "the draft was never judged"
        time.sleep(0.02)
    asked = len(scorer.prompts)
    state, _ = p.answer(state, f"{TRUE} {FALSE}")
    wait_landed(p, state)
    assert len(scorer.prompts) == asked  # both sentences were judged while typing
    assert [c.false for c in p.history.turns(state.session_id)[0].grade.claims] == [False, True]
    assert not p.draft(state, "Anything. More.")  # the interview is over: nothing to judge
    p.checks.warm(lambda: time.sleep(0.3))
    p.checks.warm(lambda: None)
    assert not p.checks.speculate(lambda: None)  # work is waiting: speculation stays out


def test_a_long_draft_is_judged_in_batches_until_done(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    scorer = FakeScorer()
    p = setup(tiny_settings, tmp_path, scorer)
    state = p.start("ann", [], 1)
    said = [f"Point number {n} is about the lock and its threads." for n in range(8)]
    deadline = time.monotonic() + 10
    while not p.draft(state, " ".join(said) + " And"):
        assert time.monotonic() < deadline, "the worker never became idle"
        time.sleep(0.02)
    while not all(any(s in m[-1]["content"] for m in scorer.prompts) for s in said):
        assert time.monotonic() < deadline, "the draft was judged only in part"
        time.sleep(0.02)


def test_a_transcript_is_judged_before_it_is_submitted(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    from interviewer.web.interview_tab import InterviewTab
    from interviewer.web.ui_deps import UIDeps

    from .fakes import FakeTranscriber

    scorer = FakeScorer(lambda c: "own core" in c)
    p = setup(tiny_settings, tmp_path, scorer)
    ears = FakeTranscriber()
    tab = InterviewTab(UIDeps(p.engine.deps.kb, p, transcriber=ears,  # type: ignore[arg-type]
                              exports_dir=tmp_path), p)  # fmt: skip
    state = p.start("ann", [], 1)
    deadline = time.monotonic() + 10
    while not scorer.prompts or (p.checks and not p.checks.idle()):  # the warm-up has run
        assert time.monotonic() < deadline
        time.sleep(0.02)
    ears.enqueue(f"{TRUE} {FALSE}")  # type: ignore[arg-type]
    tab.transcript("answer.wav", "", state, None)
    while not any(FALSE in m[-1]["content"] for m in scorer.prompts):  # the last one too
        assert time.monotonic() < deadline, "the transcript was not judged before submit"
        time.sleep(0.02)


def test_a_check_landing_before_the_feedback_is_shown_is_still_polled_for(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    from interviewer.web.interview_tab import InterviewTab
    from interviewer.web.ui_deps import UIDeps

    p = setup(tiny_settings, tmp_path, FakeScorer(lambda c: "own core" in c))
    tab = InterviewTab(UIDeps(p.engine.deps.kb, p, exports_dir=tmp_path), p)
    state = p.start("ann", [], 1)
    answer = p.answer

    def landing_at_once(st, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        out = answer(st, text, *args, **kwargs)
        wait_landed(p, st)  # the check lands before the handler asks what is pending
        return out

    p.answer = landing_at_once  # type: ignore[method-assign]
    changes = list(tab.answer(state, f"{TRUE} {FALSE}", None, "ann"))[-1]
    assert "Checking facts" in str(changes["feedback"])  # what the submit showed
    assert changes["timer"].props["active"] is True  # so the poll still brings the landed check
    polled = tab.poll(state)
    assert "Facts checked" in str(polled["feedback"]) and "Checking facts" not in str(
        polled["feedback"]
    )
    assert tab.poll(state)["timer"].props["active"] is False  # and then stops
