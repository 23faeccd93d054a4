"""A spoken answer from the recording to the saved turn, with fakes (no model, no browser).

The fake transcriber 'hears' words with known timings; the real interview tab logic,
practice flow and SQLite history take it from there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.sessions.history import History
from interviewer.web.interview_tab import InterviewTab
from interviewer.web.practice import Practice, PracticeState
from interviewer.web.ui_deps import UIDeps
from interviewer.web.ui_updates import WARNING
from interviewer.web.voice_answer import SpokenAnswer

from .fakes import FakeExaminer, FakeTranscriber, HashingEmbedder, make_grade

SAID = "Um, a decorator, uh, wraps a function and, you know, returns another function."
CLEAN = "A decorator wraps a function and returns another function."


@pytest.fixture
def setup(tiny_settings: Settings, tmp_path: Path
          ) -> tuple[InterviewTab, FakeExaminer, FakeTranscriber, Practice]:  # fmt: skip
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    examiner, ears = FakeExaminer(), FakeTranscriber()
    practice = Practice(InterviewEngine(EngineDeps(kb, examiner)),  # type: ignore[arg-type]
                        History(tmp_path / "h.sqlite"), answer_target=(30.0, 90.0))  # fmt: skip
    deps = UIDeps(kb, practice, transcriber=ears, exports_dir=tmp_path)  # type: ignore[arg-type]
    return InterviewTab(deps, practice), examiner, ears, practice


def record(tab: InterviewTab, ears: FakeTranscriber, st: PracticeState | None, said: str,
           box: str = "", pending: SpokenAnswer | None = None,
           **timing: float) -> SpokenAnswer:  # fmt: skip
    ears.enqueue(said, **timing)  # type: ignore[arg-type]
    changes = tab.transcript("answer.wav", box, st, pending)
    assert changes["answer"] == changes["spoken"].box
    spoken: SpokenAnswer = changes["spoken"]
    return spoken


def submit(tab: InterviewTab, st: PracticeState, text: str,
           spoken: SpokenAnswer | None) -> dict[str, object]:  # fmt: skip
    *_, last = tab.answer(st, text, None, "local", spoken)
    return last


def test_a_spoken_answer_is_graded_without_fillers_and_keeps_its_delivery(setup: tuple) -> None:
    tab, examiner, ears, practice = setup
    st = practice.start("local", [], 2)
    spoken = record(tab, ears, st, SAID, pause_after=6)
    assert spoken.box == SAID  # the person sees what they said, fillers and all
    assert ears.calls == [("answer.wav", True)]  # word timestamps asked for
    examiner.enqueue(make_grade(4.0))
    out = submit(tab, st, spoken.box, spoken)
    assert examiner.calls[-1][1] == CLEAN  # fillers never reach the examiner
    assert out["spoken"] is None and out["audio_in"] is None and out["answer"] == ""
    [turn] = practice.history.turns(st.session_id)
    assert turn.answer == CLEAN and turn.delivery is not None
    d = turn.delivery
    assert d.transcript_raw == SAID and d.transcript_clean == CLEAN and not d.edited
    assert d.fillers == {"um": 1, "uh": 1, "you know": 1} and len(d.pauses) == 1
    assert d.words == 13 and d.wpm == pytest.approx(13 / (d.speaking_s / 60), abs=0.1)
    assert "wpm" in out["delivery"].props["value"] and out["delivery"].props["visible"]  # type: ignore[attr-defined]
    # Resuming from the database brings the delivery back, and the panel with it.
    again = practice.resume("local", st.session_id)
    assert again.interview.turns[0].delivery == d
    assert "within the 30–90 s target" not in practice.feedback(again.interview.turns[0]).delivery
    assert "shorter than the 30–90 s target" in practice.feedback(again.interview.turns[0]).delivery


def test_an_edited_transcript_is_graded_as_submitted_and_keeps_the_recording(
    setup: tuple,
) -> None:
    tab, examiner, ears, practice = setup
    st = practice.start("local", [], 2)
    spoken = record(tab, ears, st, "Um, a decorate her wraps a function.")
    edited = spoken.box.replace("decorate her", "decorator") + "\n    @wraps(f)\n    def g(): ..."
    examiner.enqueue(make_grade(3.0))
    submit(tab, st, edited, spoken)
    # The person's fix is graded; the filler still in it is not; the code keeps its indent.
    assert examiner.calls[-1][1] == "A decorator wraps a function.\n    @wraps(f)\n    def g(): ..."
    [turn] = practice.history.turns(st.session_id)
    assert turn.delivery is not None and turn.delivery.edited
    assert turn.delivery.transcript_raw == "Um, a decorate her wraps a function."
    assert "You edited the transcript" in practice.feedback(turn).delivery


def test_typed_answers_and_recordings_for_another_prompt_have_no_delivery(setup: tuple) -> None:
    tab, examiner, ears, practice = setup
    st = practice.start("local", [], 2)
    examiner.enqueue(make_grade(3.0), make_grade(3.0))
    out = submit(tab, st, "A typed answer, basically.", None)
    assert examiner.calls[-1][1] == "A typed answer, basically."  # typed text is as typed
    assert out["delivery"].props == {"value": "", "visible": False}  # type: ignore[attr-defined]
    stale = record(tab, ears, None, SAID)  # recorded before any interview was started
    submit(tab, st, stale.box, stale)
    assert examiner.calls[-1][1] == SAID
    assert [t.delivery for t in practice.history.turns(st.session_id)] == [None, None]


def test_typed_text_before_a_recording_and_two_recordings_add_up(setup: tuple) -> None:
    tab, examiner, ears, practice = setup
    st = practice.start("local", [], 1)
    first = record(tab, ears, st, "Um, it wraps a function.", box="Typed start, um.")
    assert first.box == "Typed start, um. Um, it wraps a function."
    # A second recording, 20 s of leading silence in its file: no pause between the two.
    second = record(tab, ears, st, "Uh, and returns one.", box=first.box, pending=first,
                    start=20.0)  # fmt: skip
    assert second.box == first.box + " Uh, and returns one."
    assert second.delivery.fillers == {"um": 1, "uh": 1} and second.delivery.pauses == ()
    assert second.delivery.words == 9
    examiner.enqueue(make_grade(3.0))
    submit(tab, st, second.box, second)
    assert examiner.calls[-1][1] == "Typed start, um. It wraps a function. And returns one."


def test_transcription_problems_are_warnings_and_change_nothing(setup: tuple) -> None:
    tab, _, _, practice = setup
    st = practice.start("local", [], 1)
    assert tab.transcript(None, "kept", st, None) == {}
    tab.transcriber = None
    assert tab.transcript("a.wav", "kept", st, None) == {
        WARNING: "Speech-to-text is not available on this server."}  # fmt: skip


def test_the_recording_is_heard_with_the_question_asked_as_context(setup: tuple) -> None:
    from interviewer.web.speech import question_prompt

    tab, _, ears, practice = setup
    st = practice.start("local", [], 2)
    asked = practice.engine.prompt(st.interview)
    record(tab, ears, st, SAID)
    assert ears.prompts == [question_prompt(asked.text)]
    reference = practice.engine.reference(asked.question_id).answer
    assert ears.prompts[0] and ears.prompts[0] in " ".join(asked.text.split())
    assert " ".join(reference.split())[:60] not in ears.prompts[0]  # never the answer
    record(tab, ears, None, SAID)  # no interview: nothing to hear it against
    assert ears.prompts[-1] is None

    def gone(interview: object) -> None:
        raise KeyError("a question removed from its bank")

    practice.engine.prompt = gone  # the recording is still heard, without the context
    assert record(tab, ears, st, SAID).box == SAID and ears.prompts[-1] is None


def test_the_question_prompt_is_plain_words_and_bounded() -> None:
    from interviewer.web.speech import question_prompt

    assert question_prompt("What does `functools.wraps` do?\n\n**Why**?") == (
        "What does functools.wraps do? Why ?"
    )
    assert len(question_prompt("word " * 500)) == 400
