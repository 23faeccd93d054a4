"""Hands-free spoken turns: what the interviewer says, and the browser controller's set-up.

With *Hands-free* ticked, a small script in the page (static/handsfree.js) runs each
turn: it waits while the question is read aloud (piper's audio or the browser's
voice), records from the microphone (getUserMedia + MediaRecorder), ends the answer
after a few seconds of silence (an energy detector in WebAudio) or a Stop key, hands
the recording to a hidden upload that the server transcribes with faster-whisper (its
Silero VAD trims silence), shows the transcript with a cancellable countdown and
submits it. The feedback and the next prompt are read aloud and the loop goes on.
Typed answers keep working alongside. No UI library here: ui.py lays out the controls
and wires them; this module gives it the text to read, the script and the status HTML.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
import threading
import wave
from importlib import resources
from pathlib import Path

from .practice import PracticeState
from .speech import SpeechError, Transcriber

SILENCE_SECONDS = 2.5  # silence after speech that ends an answer (the slider's default)
SILENCE_RANGE = (1.0, 6.0)
COUNTDOWN_SECONDS = 3.0  # the transcript shows this long before it is submitted
MAX_RECORDING_SECONDS = 300.0  # a recording stops by itself after five minutes

# (keys, what they do): shown under the toggle and in README's voice section.
SHORTCUTS = (
    ("Alt+R", "start or stop recording (turns hands-free on)"),
    ("Alt+Enter", "submit the answer now"),
    ("Alt+T", "record the answer again; after feedback, try the question again"),
    ("Esc", "cancel the auto-submit to edit the transcript; discard a recording; skip the voice"),
)


def shortcuts_text() -> str:
    return " · ".join(f"{keys} {what}" for keys, what in SHORTCUTS)


def status_html() -> str:
    """The status line the script fills in: state, level meter and the buttons it shows."""
    keys = "".join(f"<li><kbd>{keys}</kbd> {what}</li>" for keys, what in SHORTCUTS)
    return (
        "<div class='hf' data-state='off' role='status' aria-live='polite'>"
        "<span class='hf-dot' aria-hidden='true'></span>"
        "<span class='hf-text'>Hands-free is off: tick it to answer by voice without clicks."
        "</span><span class='hf-meter' aria-hidden='true'><span></span></span>"
        "<span class='hf-actions'>"
        "<button type='button' data-hf='stop'>Stop</button>"
        "<button type='button' data-hf='edit'>Edit</button>"
        "<button type='button' data-hf='submit'>Submit now</button>"
        "<button type='button' data-hf='again'>Record again</button>"
        "</span></div>"
        f"<details class='hf-keys'><summary>Keyboard shortcuts</summary><ul>{keys}</ul></details>"
    )


def head() -> str:
    """For the page's head: the controller's script, its settings and its stylesheet."""
    static = resources.files("interviewer.web").joinpath("static")
    script = static.joinpath("handsfree.js").read_text(encoding="utf-8")
    css = static.joinpath("handsfree.css").read_text(encoding="utf-8")
    config = {"silence": SILENCE_SECONDS, "countdown": COUNTDOWN_SECONDS,
              "maxSeconds": MAX_RECORDING_SECONDS}  # fmt: skip
    return (
        f"<script>window.interviewerHandsfreeConfig = {json.dumps(config)};</script>\n"
        f"<script>{script}</script>\n<style>{css}</style>"
    )


def prompt_js(voice: str) -> str:
    """The js run when the interviewer's words change: tells the controller who reads them."""
    return (f"(text, on) => {{ const hf = window.interviewerHandsfree; "
            f"if (hf) hf.prompt(text, on, {json.dumps(voice)}); }}")  # fmt: skip


TRANSCRIBED_JS = (
    "(answer) => { const hf = window.interviewerHandsfree; if (hf) hf.transcribed(answer); }"
)


def _first_sentence(text: str, limit: int = 220) -> str:
    plain = re.sub(r"[`*_#>\[\]]", "", text).strip()
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def spoken_feedback(st: PracticeState | None) -> str:
    """The feedback on the answer just given, as words to read aloud ("" when there is none).

    Only right after a graded answer in practice mode: the chat's last two messages are that
    turn's grade and the new prompt, and no question is being re-asked (Try again).
    """
    if st is None or not st.interview.turns or st.interview.plan.mode == "mock":
        return ""
    seq = len(st.interview.turns)
    if st.grade_rows.get(seq) != len(st.chat) - 2 or st.interview.retry_question is not None:
        return ""
    grade = st.interview.turns[-1].grade
    words = f"You scored {grade.score:g} out of {grade.max_score:g}"
    if grade.key_points:
        hit = sum(k.hit for k in grade.key_points)
        words += f", with {hit} of {len(grade.key_points)} key points"
    tip = _first_sentence(grade.feedback)
    return f"{words}. {tip}".strip()


def spoken(text: str, st: PracticeState | None) -> str:
    """What hands-free mode reads: the feedback on the last answer, then the prompt."""
    feedback = spoken_feedback(st)
    return f"{feedback} {text}".strip() if feedback else text


def warm(transcriber: Transcriber | None) -> None:
    """Load the speech model in the background when hands-free is switched on."""
    if transcriber is not None:
        threading.Thread(target=_warm, args=(transcriber,), name="warm-whisper",
                         daemon=True).start()  # fmt: skip


def _warm(transcriber: Transcriber) -> None:
    """The model, then a second of silence through the whole path (the VAD model loads)."""
    transcriber.load()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "silence.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16_000)
            out.writeframes(bytes(32_000))
        with contextlib.suppress(SpeechError):
            transcriber.transcribe(path)
