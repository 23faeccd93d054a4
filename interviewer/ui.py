"""The browser UI: the only module that imports gradio.

`build_app(deps)` returns a `gr.Blocks` without launching it (tests build it with
fakes; app.py launches it with `launch_options`). Tabs: the interview (setup,
chat, voice in and out, feedback panel, summary with chart and downloads),
history (progress chart, past sessions, resume, downloads), the question bank
and knowledge search. Every handler asks `gr.Request` who the user is, so with
logins each person reaches only their own sessions. Logic lives in practice.py
and views.py; this module only wires components to it.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from . import views
from .auth import LOCAL_USER, Users
from .charts import progress_figure
from .kb import KnowledgeBase
from .practice import Feedback, Practice, PracticeState
from .speech import SpeechError, Transcriber, Voice

LLM_HINT = "Offline examiner · set INTERVIEWER_MODEL (and OPENAI_BASE_URL / OPENAI_API_KEY) to grade with an LLM"  # noqa: E501
SPEAK_JS = """(text, on) => { if (on && text && window.speechSynthesis) {
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text); u.rate = 1.0; window.speechSynthesis.speak(u);
} }"""


@dataclass
class UIDeps:
    kb: KnowledgeBase
    practice: Practice | None = None
    transcriber: Transcriber | None = None
    voice: Voice | None = None
    exports_dir: Path = Path("exports")
    concurrency: int = 4
    secret: str | None = None  # INTERVIEWER_SECRET: the same on every app process


def question_markdown(kb: KnowledgeBase, question_id: str) -> str:
    ref = kb.store.reference(question_id)
    lines = [f"### {ref.question}", "", ref.answer, "", "**Rubric key points**", ""]
    lines += [f"- {views.md_text(k.text)} _(weight {k.weight})_" for k in ref.key_points]
    lines += ["", "**Follow-up probes**", ""]
    lines += [f"- {views.md_text(p.question)}" for p in ref.probes]
    return "\n".join(lines)


def search_rows(kb: KnowledgeBase, text: str, k: int = 8) -> list[list[Any]]:
    text = (text or "").strip()[:2000]
    if not text:
        return []
    return [
        [round(p.score, 3), p.kind, p.question_id or p.source, p.text[:300]]
        for p in kb.search(text, k=k)
    ]


def user_of(request: gr.Request | None) -> str:
    return (request.username if request is not None else None) or LOCAL_USER


def _summary_frame(practice: Practice, state: PracticeState) -> pd.DataFrame:
    s = practice.summary(state)
    return pd.DataFrame({"section": list(s.sections), "score": list(s.sections.values())})


class _InterviewTab:
    """Components and handlers of the interview tab (kept together for readability)."""

    def __init__(self, deps: UIDeps, practice: Practice) -> None:
        self.deps, self.practice = deps, practice
        kb = deps.kb
        self.slugs = {q.section: q.section_slug for q in kb.knowledge.answerable}
        self.state = gr.State(None)
        # A shared secret lets any app process behind a load balancer read the saved session id.
        self.saved = gr.BrowserState(None, storage_key="interviewer-session", secret=deps.secret)
        with gr.Group(elem_id="setup"):
            with gr.Row():
                self.sections = gr.Dropdown(
                    list(self.slugs), multiselect=True, scale=3, label="Sections (empty = all)",
                    elem_id="sections")  # fmt: skip
                self.weak = gr.Checkbox(label="My weak spots", elem_id="weak", scale=1)
            with gr.Row():
                self.count = gr.Slider(1, 10, value=3, step=1, label="Questions", elem_id="count")
                self.mode = gr.Radio([("Practice: feedback after each answer", "practice"),
                                      ("Mock: feedback at the end", "mock")], value="practice",
                                     label="Mode", elem_id="mode")  # fmt: skip
            with gr.Row():
                self.start = gr.Button("Start interview", variant="primary", elem_id="start")
                self.speak_on = gr.Checkbox(True, label="Read questions aloud", elem_id="speak")
        with gr.Row(visible=False, elem_id="resume-banner") as self.resume_row:
            self.resume_text = gr.Markdown()
            self.resume_btn = gr.Button("Resume", size="sm", elem_id="resume")
        self.resume_id = gr.State(None)
        with gr.Row(equal_height=False, elem_id="interview-row"):
            with gr.Column(scale=3):
                self.chat = gr.Chatbot(label="Interview", height=480, elem_id="chat",
                                       buttons=["copy"])  # fmt: skip
                self.question_audio = gr.Audio(
                    label="Interviewer's voice", autoplay=True, visible=False, interactive=False,
                    elem_id="question-audio", waveform_options=gr.WaveformOptions(
                        show_recording_waveform=False))  # fmt: skip
                self.audio_in = gr.Audio(
                    sources=["microphone", "upload"], type="filepath", elem_id="audio-in",
                    label="Answer by voice (the transcript lands in the box below; edit it, "
                    "then submit)")  # fmt: skip
                self.answer = gr.Textbox(label="Your answer", lines=5, elem_id="answer",
                                         placeholder="Type your answer… (Shift+Enter for a "
                                         "new line)")  # fmt: skip
                with gr.Row():
                    self.submit = gr.Button("Submit answer", variant="primary", elem_id="submit")
                    self.retry = gr.Button("Try again", interactive=False, elem_id="retry")
                self.speak_text = gr.Textbox(visible=False)
            with gr.Column(scale=2, elem_id="feedback-panel"):
                gr.Markdown("### Feedback")
                self.score = gr.HTML(elem_id="score")
                self.checklist = gr.Markdown(elem_id="checklist")
                self.feedback = gr.Markdown(elem_id="feedback")
                with gr.Accordion("Model answer", open=False, elem_id="model-answer"):
                    self.model_answer = gr.Markdown()
        with gr.Column(visible=False, elem_id="summary") as self.summary_box:
            self.plot = gr.BarPlot(x="section", y="score", y_lim=[0, 5], title="Score by section",
                                   elem_id="summary-plot", height=280)  # fmt: skip
            with gr.Row():
                self.dl = {fmt: gr.DownloadButton(f"Download {fmt.upper()}", elem_id=f"dl-{fmt}",
                                                  interactive=False)
                           for fmt in ("md", "json", "pdf")}  # fmt: skip
            self.summary = gr.Markdown(elem_id="summary-text")
        self._wire()

    # -- handlers ------------------------------------------------------------------
    def _prompt_out(self, st: PracticeState) -> dict[Any, Any]:
        out: dict[Any, Any] = {self.state: st, self.chat: st.chat, self.saved: st.session_id,
                               self.speak_text: views.speakable(st.last_prompt)}  # fmt: skip
        finished = st.interview.finished
        out[self.summary_box] = gr.update(visible=finished)
        if finished:
            out[self.plot] = _summary_frame(self.practice, st)
            out[self.summary] = self.practice.summary_markdown(st)
        return out

    def on_exports(self, st: PracticeState | None) -> list[Any]:
        """Downloads for a finished interview, in their own event (a PDF takes ~1 s)."""
        if st is None or not st.interview.finished:
            return [gr.update(value=None, interactive=False) for _ in self.dl]
        folder = self.deps.exports_dir / st.user
        return [gr.update(value=self.practice.export_file(st.user, st.session_id, fmt, folder),
                          interactive=True) for fmt in self.dl]  # fmt: skip

    def on_speak(self, text: str, on: bool) -> Any:
        """Piper reads the question in its own event, so feedback never waits for audio."""
        if self.deps.voice is None or not on or not text:
            return gr.update(visible=bool(on) and self.deps.voice is not None)
        name = hashlib.sha256(text.encode()).hexdigest()[:20]
        return gr.update(visible=True, value=str(self.deps.voice.say(text, name)))

    def _feedback_out(self, fb: Feedback | None, mock: bool) -> dict[Any, Any]:
        if fb is None:
            note = "_Mock interview: your scores and feedback come at the end._" if mock else ""
            return {self.score: "", self.checklist: note, self.feedback: "",
                    self.model_answer: "", self.retry: gr.update(interactive=False)}  # fmt: skip
        return {self.score: fb.score_html, self.checklist: fb.checklist,
                self.feedback: fb.feedback, self.model_answer: fb.model_answer,
                self.retry: gr.update(interactive=True)}  # fmt: skip

    def on_start(self, chosen: list[str], weak: bool, n: float, mode: str,
                 request: gr.Request) -> dict[Any, Any]:  # fmt: skip
        try:
            st = self.practice.start(user_of(request), [self.slugs[c] for c in chosen or []],
                                     int(n), mode, weak)  # fmt: skip
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        return {**self._prompt_out(st), **self._feedback_out(None, False), self.answer: "",
                self.resume_row: gr.update(visible=False)}  # fmt: skip

    def on_answer(self, st: PracticeState | None, text: str, saved: str | None,
                  request: gr.Request) -> Iterator[dict[Any, Any]]:  # fmt: skip
        if st is None and saved:  # the server lost this tab's state: carry on from the database
            with contextlib.suppress(KeyError):
                st = self.practice.resume(user_of(request), saved)
        if st is None or st.user != user_of(request):
            gr.Warning("Start an interview first.")
            yield {self.answer: text}
            return
        if st.interview.finished:
            gr.Warning("This interview is over: start a new one.")
            yield {self.answer: text}
            return
        if not (text or "").strip():
            gr.Warning("Type or record an answer first (or say “I don't know”).")
            yield {self.answer: text}
            return
        mock = st.interview.plan.mode == "mock"
        if self.practice.examiner_name.startswith("llm:") and not mock:
            yield from self._streamed(st, text)
            return
        st, fb = self.practice.answer(st, text)
        yield {**self._prompt_out(st), **self._feedback_out(fb, mock), self.answer: ""}

    def on_answer_api(self, st: PracticeState | None, text: str,
                      request: gr.Request) -> Iterator[dict[Any, Any]]:  # fmt: skip
        yield from self.on_answer(st, text, None, request)

    def _streamed(self, st: PracticeState, text: str) -> Iterator[dict[Any, Any]]:
        """Grade in a worker thread and show the LLM's feedback as it is written."""
        updates: queue.Queue[str | None] = queue.Queue()
        result: list[Any] = []

        def work() -> None:
            try:
                result.append(self.practice.answer(st, text, on_text=updates.put))
            except Exception as exc:  # shown to the person below; nothing was saved
                result.append(exc)
            finally:
                updates.put(None)

        threading.Thread(target=work, daemon=True).start()
        yield {self.score: "", self.checklist: "", self.answer: "",
               self.feedback: views.streaming_feedback("")}  # fmt: skip
        while (partial := updates.get()) is not None:
            while not updates.empty():  # skip to the newest text
                newer = updates.get()
                if newer is None:
                    break
                partial = newer
            yield {self.feedback: views.streaming_feedback(partial)}
        if isinstance(result[0], Exception):
            raise gr.Error(f"Grading failed: {result[0]}. Your answer is still in the box.")
        st, fb = result[0]
        yield {**self._prompt_out(st), **self._feedback_out(fb, False), self.answer: ""}

    def on_retry(self, st: PracticeState | None) -> dict[Any, Any]:
        if st is None or not st.interview.turns:
            raise gr.Error("Answer a question first.")
        st = self.practice.retry(st)
        return {**self._prompt_out(st), self.retry: gr.update(interactive=False)}

    def on_audio(self, path: str | None, current: str) -> Any:
        if not path:
            return gr.update()
        if self.deps.transcriber is None:
            gr.Warning("Speech-to-text is not available on this server.")
            return gr.update()
        try:
            text = self.deps.transcriber.transcribe(path).text
        except SpeechError as exc:
            gr.Warning(str(exc))
            return gr.update()
        return f"{current.rstrip()} {text}".strip() if current and current.strip() else text

    def on_load(self, saved: str | None, request: gr.Request) -> dict[Any, Any]:
        user = user_of(request)
        open_sessions = self.practice.open_sessions(user)
        if saved and any(s.id == saved for s in open_sessions):
            st = self.practice.resume(user, saved)  # a reload keeps the session
            return {**self._prompt_out(st), self.resume_row: gr.update(visible=False)}
        if open_sessions:
            s = open_sessions[0]
            when = s.created_at[:16].replace("T", " ")
            return {
                self.resume_row: gr.update(visible=True),
                self.resume_id: s.id,
                self.resume_text: f"You have an unfinished interview from {when} UTC.",
            }
        return {self.resume_row: gr.update(visible=False)}

    def on_resume(self, session_id: str | None, request: gr.Request) -> dict[Any, Any]:
        try:
            st = self.practice.resume(user_of(request), session_id or "")
        except KeyError:
            raise gr.Error("That session cannot be resumed.") from None
        return {**self._prompt_out(st), self.resume_row: gr.update(visible=False)}

    def _wire(self) -> None:
        # Lists, not sets: the API's output order must not change between processes.
        prompt_outputs = [
            self.state,
            self.chat,
            self.saved,
            self.speak_text,
            self.summary_box,
            self.plot,
            self.summary,
            *self.dl.values(),
        ]
        feedback_outputs = [
            self.score,
            self.checklist,
            self.feedback,
            self.model_answer,
            self.retry,
        ]
        everything = [*prompt_outputs, *feedback_outputs, self.answer, self.resume_row]
        self.start.click(self.on_start, [self.sections, self.weak, self.count, self.mode],
                         everything)  # fmt: skip
        downloads = list(self.dl.values())
        for trigger in (self.submit.click, self.answer.submit):
            trigger(self.on_answer, [self.state, self.answer, self.saved], everything,
                    concurrency_limit=self.deps.concurrency, concurrency_id="answer",
                    api_visibility="private",
                    ).then(self.on_exports, self.state, downloads,
                           api_visibility="private")  # fmt: skip
        # The API's /answer: the same handler without the browser-stored session id.
        api_only = gr.Button(visible=False)
        api_only.click(self.on_answer_api, [self.state, self.answer], everything,
                       api_name="answer", concurrency_limit=self.deps.concurrency,
                       concurrency_id="answer")  # fmt: skip
        self.retry.click(self.on_retry, self.state, [*prompt_outputs, self.retry])
        self.audio_in.stop_recording(self.on_audio, [self.audio_in, self.answer], self.answer,
                                     api_name="transcribe")  # fmt: skip
        self.audio_in.upload(self.on_audio, [self.audio_in, self.answer], self.answer,
                             api_visibility="private")  # fmt: skip
        self.resume_btn.click(self.on_resume, self.resume_id, everything).then(
            self.on_exports, self.state, downloads, api_visibility="private"
        )
        if self.deps.voice is not None:
            self.speak_text.change(self.on_speak, [self.speak_text, self.speak_on],
                                   self.question_audio, api_visibility="private",
                                   show_progress="hidden")  # fmt: skip
        else:  # the browser's own speech synthesis
            self.speak_text.change(None, [self.speak_text, self.speak_on], None, js=SPEAK_JS)
        self.load_outputs = [*prompt_outputs, self.resume_row, self.resume_id, self.resume_text]


def _history_tab(deps: UIDeps, practice: Practice, interview: _InterviewTab) -> Any:
    plot = gr.Plot(label="Progress by section", elem_id="progress-plot")
    table = gr.Dataframe(headers=["started (UTC)", "mode", "examiner", "answers", "mean", "done"],
                         interactive=False, elem_id="sessions")  # fmt: skip
    with gr.Row():
        pick = gr.Dropdown(label="Session", choices=[], elem_id="history-session", scale=3)
        resume = gr.Button("Resume", elem_id="history-resume", scale=1)
    with gr.Row():
        dl = {fmt: gr.DownloadButton(f"Download {fmt.upper()}", elem_id=f"history-dl-{fmt}")
              for fmt in ("md", "json", "pdf")}  # fmt: skip

    def refresh(request: gr.Request) -> tuple[Any, ...]:
        user = user_of(request)
        rows, choices = [], []
        for s in reversed(practice.history.sessions(user)):
            turns = practice.history.turns(s.id)
            summary = views.summary_of(turns, deps.kb.questions)
            when = s.created_at[:16].replace("T", " ")
            rows.append([when, s.plan.get("mode", "practice"), s.examiner, summary.answered,
                         summary.overall, "yes" if s.finished_at else "no"])  # fmt: skip
            choices.append((f"{when} · {summary.answered} answers", s.id))
        return (
            progress_figure(practice.progress_rows(user)),
            rows,
            gr.update(choices=choices, value=choices[0][1] if choices else None),
        )

    def files(session_id: str | None, request: gr.Request) -> list[Any]:
        if not session_id:
            return [None] * len(dl)
        user = user_of(request)
        try:
            return [practice.export_file(user, session_id, fmt, deps.exports_dir / user)
                    for fmt in dl]  # fmt: skip
        except KeyError:
            raise gr.Error("That session is not yours.") from None

    pick.change(files, pick, list(dl.values()))
    resume.click(interview.on_resume, pick, [*interview.load_outputs, interview.answer])
    return refresh, [plot, table, pick]


def _bank_tab(kb: KnowledgeBase) -> None:
    questions = kb.knowledge.answerable
    sections = list(dict.fromkeys(q.section for q in questions))
    by_section = {s: [q for q in questions if q.section == s] for s in sections}

    def choices(section: str) -> Any:
        qs = by_section.get(section, [])
        return gr.update(choices=[(q.text, q.id) for q in qs], value=qs[0].id if qs else None)

    section = gr.Dropdown(sections, value=sections[0], label="Section")
    first = by_section[sections[0]]
    question = gr.Dropdown([(q.text, q.id) for q in first], value=first[0].id, label="Question")
    answer = gr.Markdown(question_markdown(kb, first[0].id))
    section.change(choices, section, question)
    question.change(lambda qid: question_markdown(kb, qid) if qid else "", question, answer)


def build_app(deps: UIDeps) -> gr.Blocks:
    kb = deps.kb
    n, s = len(kb.knowledge.answerable), len({q.section for q in kb.knowledge.answerable})
    app = gr.Blocks(title="Interviewer — Python & Flask mock interviews")
    with app:
        examiner = deps.practice.examiner_name if deps.practice else "offline"
        hint = (
            LLM_HINT if examiner == "offline" else f"Examiner: LLM `{examiner}` (offline fallback)"
        )
        gr.Markdown(f"# Interviewer\nPython & Flask mock interviews · {n} questions in {s} "
                    f"sections · {hint}", elem_id="masthead")  # fmt: skip
        if deps.practice is not None:
            with gr.Tab("Interview", elem_id="tab-interview"):
                interview = _InterviewTab(deps, deps.practice)
            with gr.Tab("History", elem_id="tab-history") as history_tab:
                refresh, outputs = _history_tab(deps, deps.practice, interview)
            history_tab.select(refresh, None, outputs)
            app.load(interview.on_load, interview.saved, interview.load_outputs)
        with gr.Tab("Question bank", elem_id="tab-bank"):
            _bank_tab(kb)
        with gr.Tab("Search", elem_id="tab-search"):
            query = gr.Textbox(label="Search the knowledge base", elem_id="search",
                               placeholder="e.g. how does Flask protect against CSRF?")  # fmt: skip
            table = gr.Dataframe(headers=["score", "kind", "question / source", "text"],
                                 datatype=["number", "str", "str", "str"], wrap=True,
                                 column_widths=["8%", "10%", "24%", "58%"])  # fmt: skip
            query.submit(lambda t: search_rows(kb, t), query, table)
    return app


def launch_options(users: Users | None) -> dict[str, Any]:
    """Keyword arguments for `Blocks.launch`: theme, CSS and (with users) the login."""
    css = resources.files("interviewer").joinpath("static/app.css").read_text(encoding="utf-8")
    options: dict[str, Any] = {"css": css, "theme": gr.themes.Soft()}
    if users is not None:
        options["auth"] = users.check
        options["auth_message"] = "Sign in to practise. Your history is visible only to you."
    return options
