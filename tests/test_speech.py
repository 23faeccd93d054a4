"""Speech-to-text through the real whisper model, on audio made by espeak-ng."""

from __future__ import annotations

import difflib
import re
import subprocess
from pathlib import Path

import pytest

from interviewer.web.speech import (
    SpeechError,
    Transcriber,
    Voice,
    piper_available,
    question_prompt,
)

pytestmark = pytest.mark.slow

SENTENCE = "A generator uses yield to produce values lazily, one at a time."
QUESTION = "What does the yield keyword do in Python, and how do generators use it?"


@pytest.fixture(scope="module")
def transcriber(tmp_path_factory: pytest.TempPathFactory) -> Transcriber:
    return Transcriber(tmp_path_factory.mktemp("models"))


def espeak(text: str, path: Path) -> Path:
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(path), text], check=True)
    return path


def sox(path: Path, *effect: str) -> Path:
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(path), *effect], check=True)
    return path


@pytest.mark.needs("espeak-ng")
def test_spoken_answer_is_transcribed(transcriber: Transcriber, tmp_path: Path) -> None:
    result = transcriber.transcribe(espeak(SENTENCE, tmp_path / "a.wav"))
    words = result.text.lower()
    for expected in ("generator", "uses yield", "one at a time"):
        assert expected in words
    assert result.model == "whisper-base" and 2 < result.audio_seconds < 10
    prompted = transcriber.transcribe(tmp_path / "a.wav", initial_prompt=question_prompt(QUESTION))
    assert "uses yield" in prompted.text.lower() and "keyword" not in prompted.text.lower()
    # The joined model lives in the data dir and is reused, not rebuilt.
    model = transcriber.cache / "whisper-base" / "model.bin"
    assert model.stat().st_size > 100_000_000


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_text("not audio at all"), "not audio"),
    pytest.param(lambda p: sox(p, "trim", "0", "2"), "couldn't hear any speech",
                 marks=pytest.mark.needs("sox")),
    pytest.param(lambda p: sox(p, "synth", "2", "whitenoise", "vol", "0.2"),
                 "couldn't hear any speech", marks=pytest.mark.needs("sox")),
])  # fmt: skip
def test_bad_audio_gets_a_message(transcriber: Transcriber, tmp_path: Path, make: object,
                                  message: str) -> None:  # fmt: skip
    path = tmp_path / "bad.wav"
    make(path)  # type: ignore[operator]
    with pytest.raises(SpeechError, match=message):
        transcriber.transcribe(path)
    # As the app asks, with the question as context: silence or noise still gives no words
    # (Whisper can otherwise echo its prompt back).
    with pytest.raises(SpeechError, match=message):
        transcriber.transcribe(path, initial_prompt=question_prompt(QUESTION))


@pytest.mark.needs("sox")
def test_an_hour_long_recording_is_refused_before_decoding(transcriber: Transcriber,
                                                           tmp_path: Path) -> None:  # fmt: skip
    path = tmp_path / "hour.ogg"
    subprocess.run(["sox", "-n", "-r", "8000", "-c", "1", str(path), "trim", "0", "3600"],
                   check=True)  # fmt: skip
    with pytest.raises(SpeechError, match="60 minutes long"):
        transcriber.transcribe(path)


@pytest.mark.skipif(not piper_available(), reason="the optional tts extra is not installed")
def test_piper_reads_a_question_that_whisper_understands(transcriber: Transcriber,
                                                         tmp_path: Path) -> None:  # fmt: skip
    voice = Voice(tmp_path)
    question = "What is the difference between a shallow copy and a deep copy?"
    heard = transcriber.transcribe(voice.say(question, "q1")).text.lower()
    # piper's synthesis is random; one misheard word in twelve still reads the question
    words, heard_words = re.findall(r"[a-z]+", question.lower()), re.findall(r"[a-z]+", heard)
    similar = difflib.SequenceMatcher(None, words, heard_words).ratio()
    assert "deep copy" in heard and similar >= 0.9, heard
