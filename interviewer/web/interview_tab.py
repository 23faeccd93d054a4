"""What the interview tab's events change, as plain values in and out. No UI library.

ui.py lays out the tab and wires its events; each of its handlers passes the
signed-in user's name and the components' values to `InterviewTab` and applies
the `Changes` that come back (see ui_updates.py). Here we decide the chat,
prompt and summary after each step, the feedback panel, which answers can be
graded, the resume banner, the downloads, the question's audio and the voice
transcript (a recording's delivery waits in a `SpokenAnswer` until the answer is
submitted: voice_answer.py). Grading and saving live in practice.py, rendering in
views.py and delivery_view.py, the worker thread that streams an LLM's feedback in
streaming.py.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Sequence

import pandas as pd

from ..domain import Delivery
from ..examiner.code_answer import compose, has_code_block
from ..sessions.export import FORMATS
from . import views
from .practice import Feedback, Practice, PracticeState
from .speech import SpeechError, question_prompt
from .streaming import Background
from .ui_deps import UIDeps
from .ui_updates import WARNING, Changes, Notice, Update, update
from .voice_answer import Key, SpokenAnswer, heard, resolve


def feedback_changes(fb: Feedback | None, mock: bool) -> Changes:
    """The feedback panel beside the chat; empty (with a note in mock mode) without feedback."""
    if fb is None:
        note = "_Mock interview: your scores and feedback come at the end._" if mock else ""
        return {"score": "", "checklist": note, "feedback": "", "model_answer": "",
                "delivery": update(value="", visible=False),
                "retry": update(interactive=False)}  # fmt: skip
    return {"score": fb.score_html, "checklist": fb.checklist,
            "feedback": fb.feedback, "model_answer": fb.model_answer,
            "delivery": update(value=fb.delivery, visible=bool(fb.delivery)),
            "retry": update(interactive=True)}  # fmt: skip


def prompt_key(st: PracticeState | None) -> Key | None:
    """Which prompt a recording answers: the session and how many turns it has so far."""
    return None if st is None else (st.session_id, len(st.interview.turns))


def summary_frame(practice: Practice, state: PracticeState) -> pd.DataFrame:
    s = practice.summary(state)
    return pd.DataFrame({"section": list(s.sections), "score": list(s.sections.values())})


class InterviewTab:
    """The interview tab's handlers without the UI: components' values in, `Changes` out."""

    def __init__(self, deps: UIDeps, practice: Practice) -> None:
        self.practice, self.transcriber, self.voice = practice, deps.transcriber, deps.voice
        self.exports_dir = deps.exports_dir
        self.slugs = {q.section: q.section_slug for q in deps.kb.knowledge.answerable}

    def prompt_changes(self, st: PracticeState) -> Changes:
        """The chat, the words to read aloud and, once finished, the summary."""
        out: Changes = {"state": st, "chat": st.chat, "saved": st.session_id,
                        "speak_text": views.speakable(st.last_prompt),
                        "code_box": update(visible=self.code_helps(st))}  # fmt: skip
        finished = st.interview.finished
        out["summary_box"] = update(visible=finished)
        if finished:
            out["plot"] = summary_frame(self.practice, st)
            out["summary"] = self.practice.summary_markdown(st)
        return out

    def code_helps(self, st: PracticeState) -> bool:
        """The code editor is offered when the question's reference answer has Python code."""
        prompt = self.practice.engine.prompt(st.interview)
        if prompt is None:
            return False
        return has_code_block(self.practice.engine.reference(prompt.question_id).answer)

    def start(self, user: str, chosen: list[str], weak: bool, n: float, mode: str,
              planned: Sequence[str] = ()) -> Changes:  # fmt: skip
        """A new interview: of the chosen sections, or exactly a job plan's questions."""
        try:
            st = self.practice.start(user, [self.slugs.get(c, c) for c in chosen or []],
                                     int(n), mode, weak, planned)  # fmt: skip
        except ValueError as exc:
            raise Notice(str(exc)) from exc
        return {**self.prompt_changes(st), **feedback_changes(None, False), "answer": "",
                "spoken": None, "resume_row": update(visible=False),
                **self._code_cleared()}  # fmt: skip

    def _code_cleared(self) -> Changes:
        return {"code": "", "code_check": ""}

    def check_code(self, code: str) -> Changes:
        """The line under the editor, as the code is typed (parsed with ast, never run)."""
        return {"code_check": views.code_check(code or "")}

    def answer(self, st: PracticeState | None, text: str, saved: str | None, user: str,
               spoken: SpokenAnswer | None = None,
               code: str = "") -> Iterator[Changes]:  # fmt: skip
        if st is None and saved:  # the server lost this tab's state: carry on from the database
            with contextlib.suppress(KeyError):
                st = self.practice.resume(user, saved)
        if st is None or st.user != user:
            yield {WARNING: "Start an interview first.", "answer": text}
            return
        if st.interview.finished:
            yield {WARNING: "This interview is over: start a new one.", "answer": text}
            return
        if not (text or "").strip() and not (code or "").strip():
            yield {WARNING: "Type or record an answer first (or say “I don't know”).",
                   "answer": text}  # fmt: skip
            return
        mock = st.interview.plan.mode == "mock"
        graded, delivery = resolve(spoken, text, prompt_key(st))
        graded = compose(graded, code or "")  # the code as a fenced block after the prose
        done = {"answer": "", "spoken": None, "audio_in": None}  # the recorder ready again
        if self.practice.examiner_name.startswith("llm:") and not mock:
            yield from self._streamed(st, graded, delivery, done)
            return
        st, fb = self.practice.answer(st, graded, delivery=delivery)
        yield {**self.prompt_changes(st), **feedback_changes(fb, mock), **done,
               **self._code_cleared(), "timer": update(active=self._pending(st))}  # fmt: skip

    def _pending(self, st: PracticeState) -> bool:
        """Whether the poll should run: a check in flight, or one that landed (maybe while
        this answer's feedback was being shown) and is not on the screen yet."""
        return self.practice.checks is not None and bool(
            self.practice.checks.pending(st.session_id) or st.landed
        )

    def _streamed(self, st: PracticeState, text: str, delivery: Delivery | None,
                  done: Changes) -> Iterator[Changes]:  # fmt: skip
        """Grade in a worker thread and show the LLM's feedback as it is written."""
        job = Background(lambda on_text: self.practice.answer(st, text, on_text, delivery))
        yield {"score": "", "checklist": "", "answer": "",
               "feedback": views.streaming_feedback("")}  # fmt: skip
        for partial in job.texts():
            yield {"feedback": views.streaming_feedback(partial)}
        if isinstance(job.outcome, Exception):
            raise Notice(f"Grading failed: {job.outcome}. Your answer is still in the box.")
        st, fb = job.outcome
        yield {**self.prompt_changes(st), **feedback_changes(fb, False), **done,
               **self._code_cleared()}  # fmt: skip

    def poll(self, st: PracticeState | None) -> Changes:
        """What changed since the last poll: fact checks in progress or landed."""
        checks = self.practice.checks
        if st is None or checks is None:
            return {"timer": update(active=False)}
        pending = checks.pending(st.session_id)
        out: Changes = {"timer": update(active=bool(pending))}
        mock = st.interview.plan.mode == "mock"
        latest = len(st.interview.turns)
        if st.landed:
            landed, st.landed = list(st.landed), []
            out.update(self.prompt_changes(st))
            if latest in landed and not mock:
                fb = self.practice.feedback(st.interview.turns[-1])
                out.update(feedback_changes(fb, False))
        elif latest in pending and not mock:
            turn = st.interview.turns[-1]
            fb = self.practice.feedback(turn)
            out["feedback"] = fb.feedback.replace(
                views.CHECKING, views.checking_note(*pending[latest])
            )
        return out

    def retry(self, st: PracticeState | None) -> Changes:
        if st is None or not st.interview.turns:
            raise Notice("Answer a question first.")
        st = self.practice.retry(st)
        return {**self.prompt_changes(st), "retry": update(interactive=False)}

    def load(self, user: str, saved: str | None) -> Changes:
        """A reload keeps the session; else the newest unfinished one is offered."""
        open_sessions = self.practice.open_sessions(user)
        if saved and any(s.id == saved for s in open_sessions):
            with contextlib.suppress(KeyError):  # KeyError: its own bank was deleted since
                st = self.practice.resume(user, saved)  # a reload keeps the session
                return {**self.prompt_changes(st), "resume_row": update(visible=False)}
            return {"resume_row": update(visible=False)}
        if open_sessions:
            s = open_sessions[0]
            when = s.created_at[:16].replace("T", " ")
            return {
                "resume_row": update(visible=True),
                "resume_id": s.id,
                "resume_text": f"You have an unfinished interview from {when} UTC.",
            }
        return {"resume_row": update(visible=False)}

    def resume(self, user: str, session_id: str | None) -> Changes:
        try:
            st = self.practice.resume(user, session_id or "")
        except KeyError:
            raise Notice("That session cannot be resumed.") from None
        return {**self.prompt_changes(st), "resume_row": update(visible=False)}

    def exports(self, st: PracticeState | None) -> list[Update]:
        """The download buttons (in `FORMATS` order): files once the interview is finished."""
        if st is None or not st.interview.finished:
            return [update(value=None, interactive=False) for _ in FORMATS]
        folder = self.exports_dir / st.user
        return [update(value=self.practice.export_file(st.user, st.session_id, fmt, folder),
                       interactive=True) for fmt in FORMATS]  # fmt: skip

    def question_audio(self, text: str, on: bool) -> Update:
        """The interviewer's voice: piper reads the question (a file named by its hash)."""
        if self.voice is None or not on or not text:
            return update(visible=bool(on) and self.voice is not None)
        name = hashlib.sha256(text.encode()).hexdigest()[:20]
        return update(visible=True, value=str(self.voice.say(text, name)))

    def transcript(self, path: str | None, current: str, st: PracticeState | None = None,
                   pending: SpokenAnswer | None = None) -> Changes:  # fmt: skip
        """The answer box and the waiting `SpokenAnswer` after a recording or upload."""
        if not path:
            return {}
        if self.transcriber is None:
            return {WARNING: "Speech-to-text is not available on this server."}
        asked = None
        with contextlib.suppress(KeyError):  # a question gone from its bank: heard without it
            asked = self.practice.engine.prompt(st.interview) if st is not None else None
        try:
            heard_now = self.transcriber.transcribe(  # the question's words help it hear them
                path, word_timestamps=True,
                initial_prompt=question_prompt(asked.text) if asked else None,
            )  # fmt: skip
        except SpeechError as exc:
            return {WARNING: str(exc)}
        key = prompt_key(st) or ("", 0)
        spoken = heard(pending, heard_now, current or "", key, self.practice.answer_target)
        # What was said is finished text: its sentences can be judged before it is submitted.
        self.practice.draft(st, spoken.box + "\n")
        return {"answer": spoken.box, "spoken": spoken}
