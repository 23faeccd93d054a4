"""Delivery of spoken answers: the analysis on made-up word timings, then real audio.

The unit tests feed `analyse` word timestamps directly (no audio, no model). The slow
test speaks two sentences with espeak-ng, puts 3 s of silence between them with sox and
runs `interviewer delivery --json` on the result through the real Whisper model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.examiner.delivery import (
    analyse,
    fillers_in,
    hedges_in,
    pauses_in,
    without_fillers,
)

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = {"duration_s", "words", "wpm", "fillers", "filler_count", "pauses",
            "transcript_raw", "transcript_clean"}  # fmt: skip


def timed(text: str, start: float = 0.5, per_word: float = 0.4) -> list[tuple[str, float, float]]:
    """Words spoken back to back, `per_word` seconds each (150 wpm at 0.4)."""
    return [(w, start + i * per_word, start + (i + 1) * per_word - 0.05)
            for i, w in enumerate(text.split())]  # fmt: skip


def test_pace_is_words_over_the_span_of_speech_not_the_recording() -> None:
    words = timed(" ".join(["word"] * 100), start=3.0, per_word=0.4)  # 100 words in 39.95 s
    d = analyse(words, duration_s=50.0)
    assert d.words == 100 and d.duration_s == 50.0
    assert d.speaking_s == pytest.approx(39.95)
    assert d.wpm == pytest.approx(100 / 39.95 * 60)
    assert d.pauses == ()  # leading and trailing silence are not pauses


def test_fast_speech_gets_a_slow_down_tip() -> None:
    d = analyse(timed(" ".join(["fast"] * 200), per_word=0.3), duration_s=61.0)
    assert 195 < d.wpm < 205
    assert d.tip == "You spoke at 200 words per minute; slow down toward 120–160."


def test_slow_speech_and_short_and_long_answers_get_their_tips() -> None:
    assert "pick up the pace" in analyse(timed(" ".join(["slow"] * 80), per_word=0.75), 61).tip
    short = analyse(timed(" ".join(["ok"] * 50)), 21.0)
    assert short.tip.startswith("Your answer ran 20 s; aim for 60–120 s")
    long = analyse(timed(" ".join(["on"] * 400)), 161.0)
    assert long.tip.startswith("Your answer ran 2 min 40 s; aim for 60–120 s: lead with")
    custom = analyse(timed(" ".join(["ok"] * 50)), 21.0, target_s=(15, 30))
    assert custom.tip.startswith("Good delivery: 150 words per minute, 20 s")


def test_fillers_are_counted_and_removed_from_the_clean_transcript() -> None:
    raw = ("Um, so a decorator, uh, wraps a function. Uh, it is, like, a function that takes "
           "a function, you know, and basically returns another one. Umm, it works like a "
           "wrapper, sort of. I mean, what sort of object is it?")  # fmt: skip
    assert fillers_in(raw) == {"um": 2, "uh": 2, "like": 1, "you know": 1, "basically": 1,
                               "sort of": 1, "I mean": 1}  # fmt: skip
    assert without_fillers(raw) == (
        "So a decorator wraps a function. It is a function that takes a function and "
        "returns another one. It works like a wrapper. What sort of object is it?"
    )


def test_like_and_kind_of_as_content_are_not_fillers() -> None:
    text = "It behaves like a list. What kind of object? I like Flask."
    assert fillers_in(text) == {} and without_fillers(text) == text


def test_hedges_are_counted() -> None:
    assert hedges_in("I think maybe it is a copy. Probably. I'm not sure.") == {
        "I think": 1, "maybe": 1, "probably": 1, "I'm not sure": 1}  # fmt: skip


def test_pauses_of_two_seconds_or_more_between_words() -> None:
    words = [("a", 0.0, 0.3), ("b", 2.3, 2.5), ("c", 4.0, 4.2), ("d", 7.2, 7.5)]
    assert pauses_in(words) == ((0.3, 2.3), (4.2, 7.2))  # 2.0 s counts; 1.5 s does not


def test_delivery_json_has_the_cli_contract() -> None:
    words = [*timed("Um, a generator, uh, yields values."), ("Then", 6, 6.3), ("stops.", 6.3, 7)]
    data = analyse(words, duration_s=7.5).as_json()
    assert set(data) >= CONTRACT
    assert data["fillers"] == {"um": 1, "uh": 1} and data["filler_count"] == 2
    assert data["pauses"] == [{"start_s": 2.85, "end_s": 6.0}]
    assert data["transcript_raw"] == "Um, a generator, uh, yields values. Then stops."
    assert data["transcript_clean"] == "A generator yields values. Then stops."
    assert data["words"] == 8 and isinstance(data["tip"], str)


def test_heavy_fillers_get_the_tip_and_no_words_is_not_a_crash() -> None:
    d = analyse(timed("um so uh the list um is uh mutable and um so on and on " * 3), 30)
    assert d.tip.startswith("15 filler words") and "pause silently" in d.tip
    empty = analyse([], duration_s=4.0)
    assert empty.words == 0 and empty.wpm == 0 and "No words" in empty.tip


# --- real audio through the real model ---------------------------------------------------

FIRST = "Basically, um, a decorator wraps a function and returns another function."
SECOND = "A context manager runs setup and cleanup code around a block of statements."
SILENCE_S = 3.0


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interviewer.cli", "delivery", *args],
                          capture_output=True, text=True, cwd=ROOT, env=os.environ.copy(),
                          timeout=600)  # fmt: skip


def _seconds(path: Path) -> float:
    return float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True,
                                check=True).stdout)  # fmt: skip


@pytest.mark.slow
@pytest.mark.needs("espeak-ng", "sox")
def test_spoken_answer_with_a_pause_through_the_real_model(tmp_path: Path) -> None:
    first, second, answer = tmp_path / "1.wav", tmp_path / "2.wav", tmp_path / "answer.wav"
    for text, path in ((FIRST, first), (SECOND, second)):
        subprocess.run(["espeak-ng", "-s", "140", "-w", str(path), text], check=True)
    subprocess.run(f"sox '{first}' -p pad 0 {SILENCE_S} | sox - '{second}' '{answer}'",
                   shell=True, check=True)  # fmt: skip
    # The span of speech measured independently: sox trims the silence at both ends.
    trimmed = tmp_path / "trimmed.wav"
    subprocess.run(["sox", str(answer), str(trimmed), "silence", "1", "0.02", "1%", "reverse",
                    "silence", "1", "0.02", "1%", "reverse"], check=True)  # fmt: skip
    spoken = len((FIRST + " " + SECOND).split())
    expected_wpm = spoken / _seconds(trimmed) * 60

    result = _run(str(answer), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= CONTRACT
    assert abs(data["words"] - spoken) <= 2
    assert data["wpm"] == pytest.approx(expected_wpm, rel=0.1)
    assert data["duration_s"] == pytest.approx(_seconds(answer), abs=0.1)
    # Whisper keeps espeak's "um" and "basically"; the clean transcript drops them.
    assert data["fillers"] == {"basically": 1, "um": 1} and data["filler_count"] == 2
    clean = data["transcript_clean"]
    assert data["transcript_raw"].startswith("Basically, um, a ")
    assert clean.startswith("A ") and "context manager" in clean and "um" not in clean.split()
    # The one long pause, where the silence was put (after the first clip's own tail).
    end_of_first = _seconds(first)
    [pause] = data["pauses"]
    assert end_of_first - 1.0 < pause["start_s"] < end_of_first
    assert end_of_first + SILENCE_S - 0.5 < pause["end_s"] < end_of_first + SILENCE_S + 0.5

    summary = _run(str(answer))
    assert summary.returncode == 0 and "words per minute" in summary.stdout
    # With the question as context, as the app hears answers: the same words, not the question's.
    asked = _run(str(answer), "--json", "--question", "What do decorators and context managers do?")
    heard = json.loads(asked.stdout)
    assert abs(heard["words"] - spoken) <= 2 and "context manager" in heard["transcript_clean"]
    assert "decorators and context managers do" not in heard["transcript_raw"]


@pytest.mark.slow
@pytest.mark.parametrize(("make", "message"), [
    (lambda p: None, "no such file"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_text("not audio at all"), "not audio"),
    pytest.param(lambda p: subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(p), "trim",
                                           "0", "2"], check=True),
                 "couldn't hear any speech", marks=pytest.mark.needs("sox")),
])  # fmt: skip
def test_bad_audio_is_one_line_and_exit_2(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "bad.wav"
    make(path)  # type: ignore[operator]
    result = _run(str(path), "--json")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()[-1:]
    assert line.startswith(f"error: {path}: ") and message in line
    assert "Traceback" not in result.stderr
