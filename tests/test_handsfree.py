"""Hands-free mode's Python side: what is read aloud, and the page's script and settings."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from interviewer.config import Settings
from interviewer.domain import KeyPointResult
from interviewer.web import handsfree
from interviewer.web.speech import SpeechError
from interviewer.web.ui import launch_options

from .fakes import FakeExaminer, make_grade
from .test_practice import practice


def test_feedback_is_read_before_the_next_prompt_only_right_after_a_graded_answer(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    st = p.start("ann", [], 3)
    assert handsfree.spoken("Question one?", st) == "Question one?"  # nothing answered yet
    points = (KeyPointResult("a", 1, True, "x"), KeyPointResult("b", 1, False))
    grade = replace(make_grade(3.5, follow_up="Why?"), key_points=points,
                    feedback="Good start. Now say why it matters.")  # fmt: skip
    examiner.enqueue(grade, make_grade(4.0))
    st, _ = p.answer(st, "an answer")
    said = handsfree.spoken("Follow-up: why?", st)
    assert said == ("You scored 3.5 out of 5, with 1 of 2 key points. Good start. "
                    "Follow-up: why?")  # fmt: skip
    st = p.retry(st)  # the question again: its feedback was read already
    assert handsfree.spoken("Sure, have another go.", st) == "Sure, have another go."
    assert handsfree.spoken_feedback(None) == ""


def test_mock_interviews_keep_their_feedback_for_the_end(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    examiner = FakeExaminer()
    p = practice(tiny_settings, examiner, tmp_path)
    st = p.start("ann", [], 2, mode="mock")
    examiner.enqueue(make_grade(2.0))
    st, _ = p.answer(st, "one")
    assert handsfree.spoken_feedback(st) == ""


def test_long_feedback_is_cut_to_one_short_sentence() -> None:
    long = "word " * 80
    said = handsfree._first_sentence(f"**{long}** and more. Second sentence.")
    assert len(said) <= 221 and said.endswith("…") and "*" not in said


def test_the_page_gets_the_controller_its_settings_and_styles() -> None:
    head = launch_options(None)["head"]
    config = re.search(r"window\.interviewerHandsfreeConfig = (\{.*?\});", head)
    assert config is not None
    assert json.loads(config.group(1)) == {"silence": 2.5, "countdown": 3.0, "maxSeconds": 300.0}
    assert "window.interviewerHandsfree = hf" in head and "#handsfree-status" in head
    script = (Path(handsfree.__file__).parent / "static" / "handsfree.js").read_text()
    assert script in head and "</script" not in script  # inline: it must not close itself
    assert 'hf.prompt(text, on, "piper")' in handsfree.prompt_js("piper")


def test_every_shortcut_is_shown_and_handled() -> None:
    status = handsfree.status_html()
    script = (Path(handsfree.__file__).parent / "static" / "handsfree.js").read_text()
    for keys, _ in handsfree.SHORTCUTS:
        assert f"<kbd>{keys}</kbd>" in status
        key = keys.removeprefix("Alt+")
        code = {"Esc": '"Escape"', "Enter": '"Enter"'}.get(key, f'"Key{key}"')
        assert code in script, keys
    for action in ("stop", "edit", "submit", "again"):
        assert f"data-hf='{action}'" in status and f'what === "{action}"' in script


def test_switching_on_warms_the_speech_model_without_speech() -> None:
    class Recorder:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def load(self) -> None:
            self.calls.append("load")

        def transcribe(self, path: Path) -> None:
            assert path.stat().st_size > 32_000  # one second of 16 kHz silence
            self.calls.append("transcribe")
            raise SpeechError("I couldn't hear any speech in that recording.")

    recorder = Recorder()
    handsfree._warm(recorder)  # type: ignore[arg-type]
    assert recorder.calls == ["load", "transcribe"]
    handsfree.warm(None)  # no speech-to-text on this server: nothing to do
