"""The browser UI: the only module that imports gradio.

`build_app(deps)` returns a `gr.Blocks` without launching it (tests build it with
fakes; app.py launches it with `launch_options`). Tabs: the interview (setup,
a job description's plan, chat, a code editor for questions whose model answer has
code, voice in and out, feedback panel with the delivery of a spoken answer,
summary with chart and downloads), history (progress and delivery charts, past
sessions, resume, downloads), my banks (upload, list and delete a person's own
banks and notes files: my_banks.py, my_notes.py), the question bank and knowledge
search. Every handler asks `gr.Request` who the user is, so with logins each person
reaches only their own sessions. This module only lays out components and wires them:
what the events do lives in interview_tab.py, browse_tabs.py, my_banks.py and
my_notes.py (plain values in and out), the interview flow in practice.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import gradio as gr

from ..retrieval.kb import KnowledgeBase
from ..sessions.export import FORMATS
from . import browse_tabs as browse
from . import handsfree, views
from .auth import LOCAL_USER, Users
from .browse_tabs import question_markdown, search_rows
from .interview_tab import InterviewTab
from .job_plan import JobPanel
from .my_banks import MyBanks
from .my_notes import MyNotes
from .practice import Practice, PracticeState
from .speech import SPEAK_JS
from .ui_deps import UIDeps
from .ui_updates import WARNING, Changes, Notice, Update

__all__ = ["UIDeps", "build_app", "launch_options", "question_markdown", "search_rows", "user_of"]


_PROGRESS = gr.Progress()  # a default value tells gradio to track the handler's progress
DRAFT_SECONDS = 3.0  # how often a typed draft is sent to have its finished sentences judged


def user_of(request: gr.Request | None) -> str:
    return (request.username if request is not None else None) or LOCAL_USER


def _gr(value: Any) -> Any:
    return gr.update(**value.props) if isinstance(value, Update) else value


@contextlib.contextmanager
def _notices_as_errors() -> Iterator[None]:
    try:
        yield
    except Notice as exc:
        raise gr.Error(str(exc)) from exc


class _InterviewTab:
    """Components of the interview tab, and thin handlers around `InterviewTab`."""

    def __init__(self, deps: UIDeps, practice: Practice) -> None:
        self.deps, self.logic = deps, InterviewTab(deps, practice)
        self.state = gr.State(None)
        # A shared secret lets any app process behind a load balancer read the saved session id.
        self.saved = gr.BrowserState(None, storage_key="interviewer-session", secret=deps.secret)
        with gr.Group(elem_id="setup"):
            with gr.Row():
                self.sections = gr.Dropdown(
                    list(self.logic.slugs), multiselect=True, scale=3,
                    label="Sections (empty = all)", elem_id="sections")  # fmt: skip
                self.weak = gr.Checkbox(label="My weak spots", elem_id="weak", scale=1)
            with gr.Row():
                self.count = gr.Slider(1, 10, value=3, step=1, label="Questions", elem_id="count")
                self.mode = gr.Radio([("Practice: feedback after each answer", "practice"),
                                      ("Mock: feedback at the end", "mock")], value="practice",
                                     label="Mode", elem_id="mode")  # fmt: skip
            with gr.Row():
                self.start = gr.Button("Start interview", variant="primary", elem_id="start")
                self.speak_on = gr.Checkbox(True, label="Read questions aloud", elem_id="speak")
            with gr.Accordion("Or plan it from a job description", open=False,
                              elem_id="job") as self.job_box:  # fmt: skip
                self._job_panel()
        with gr.Row(visible=False, elem_id="resume-banner") as self.resume_row:
            self.resume_text = gr.Markdown()
            self.resume_btn = gr.Button("Resume", size="sm", elem_id="resume")
        self.resume_id = gr.State(None)
        self.spoken = gr.State(None)  # a transcribed recording waiting for submit (voice_answer.py)
        with gr.Row(equal_height=False, elem_id="interview-row"):
            with gr.Column(scale=3):
                self.chat = gr.Chatbot(label="Interview", height=480, elem_id="chat",
                                       buttons=["copy"])  # fmt: skip
                self.question_audio = gr.Audio(
                    label="Interviewer's voice", autoplay=True, visible=False, interactive=False,
                    elem_id="question-audio", waveform_options=gr.WaveformOptions(
                        show_recording_waveform=False))  # fmt: skip
                self._hands_free_controls()
                self.audio_in = gr.Audio(
                    sources=["microphone", "upload"], type="filepath", elem_id="audio-in",
                    label="Answer by voice (the transcript lands in the box below; edit it, "
                    "then submit)")  # fmt: skip
                with gr.Row(equal_height=False):
                    self.answer = gr.Textbox(label="Your answer", lines=5, elem_id="answer",
                                             placeholder="Type your answer… (Shift+Enter for "
                                             "a new line)", scale=1)  # fmt: skip
                    # Shown for questions whose reference answer has code (interview_tab.py).
                    with gr.Column(visible=False, scale=1, elem_id="code-box") as self.code_box:
                        self.code = gr.Code(
                            language="python", lines=6, max_lines=24, interactive=True,
                            elem_id="code", label="Code (optional, never run)")  # fmt: skip
                        self.code_check = gr.Markdown(elem_id="code-check")
                with gr.Row():
                    self.submit = gr.Button("Submit answer", variant="primary", elem_id="submit")
                    self.retry = gr.Button("Try again", interactive=False, elem_id="retry")
                self.speak_text = gr.Textbox(visible=False)
            with gr.Column(scale=2, elem_id="feedback-panel"):
                gr.Markdown("### Feedback")
                self.score = gr.HTML(elem_id="score")
                self.checklist = gr.Markdown(elem_id="checklist")
                self.feedback = gr.Markdown(elem_id="feedback")
                self.delivery = gr.HTML(elem_id="delivery", visible=False)
                with gr.Accordion("Model answer", open=False, elem_id="model-answer"):
                    self.model_answer = gr.Markdown()
        self.timer = gr.Timer(1.0, active=False)  # polls fact checks while any is pending
        # Sends the typed draft now and then, so its finished sentences are judged before
        # submit (practice.draft: only new text, only while the checker is idle).
        self.draft_timer = gr.Timer(DRAFT_SECONDS, active=practice.checks is not None)
        with gr.Column(visible=False, elem_id="summary") as self.summary_box:
            self.plot = gr.BarPlot(x="section", y="score", y_lim=[0, 5], title="Score by section",
                                   elem_id="summary-plot", height=280)  # fmt: skip
            with gr.Row():
                self.dl = {fmt: gr.DownloadButton(f"Download {fmt.upper()}", elem_id=f"dl-{fmt}",
                                                  interactive=False)
                           for fmt in FORMATS}  # fmt: skip
            self.summary = gr.Markdown(elem_id="summary-text")
        self._wire()

    def _job_panel(self) -> None:
        self.jobs, self.planned = JobPanel(self.logic.practice), gr.State(None)
        with gr.Row():
            self.job_text = gr.Textbox(label="Job description", lines=5, max_lines=14, scale=3,
                                       elem_id="job-text",
                                       placeholder="Paste the job ad…")  # fmt: skip
            self.job_file = gr.File(label="…or upload .txt, .md or .pdf", type="filepath",
                                    file_types=[".txt", ".md", ".markdown", ".pdf"], scale=1,
                                    elem_id="job-file", height=180)  # fmt: skip
        self.find_skills = gr.Button("Find skills and plan", elem_id="find-skills")
        self.skills = gr.Dropdown([], value=[], multiselect=True, allow_custom_value=True,
                                  label="Skills (remove any, or type one and press Enter)",
                                  elem_id="skills")  # fmt: skip
        self.plan_md = gr.Markdown(elem_id="job-plan")
        self.plan_start = gr.Button("Start with these questions", variant="primary",
                                    interactive=False, elem_id="plan-start")  # fmt: skip

    # -- handlers: plain `Changes` from InterviewTab → component updates --------------
    def _out(self, changes: Changes) -> dict[Any, Any]:
        if WARNING in changes:
            gr.Warning(changes[WARNING])
        return {getattr(self, name): _gr(v) for name, v in changes.items() if name != WARNING}

    def on_exports(self, st: PracticeState | None) -> list[Any]:
        """Downloads for a finished interview, in their own event (a PDF takes ~1 s)."""
        return [_gr(u) for u in self.logic.exports(st)]

    def on_speak(self, text: str, on: bool, hands_free: bool = False,
                 st: PracticeState | None = None) -> Any:  # fmt: skip
        """Piper reads the question in its own event, so feedback never waits for audio."""
        return _gr(self.logic.question_audio(handsfree.spoken(text, st) if hands_free else text,
                                             on))  # fmt: skip

    def on_say(self, text: str, hands_free: bool, st: PracticeState | None) -> str:
        """The words the browser's voice reads: with hands-free, the feedback comes first."""
        return handsfree.spoken(text, st) if hands_free else text

    def on_start(self, chosen: list[str], weak: bool, n: float, mode: str,
                 request: gr.Request) -> dict[Any, Any]:  # fmt: skip
        with _notices_as_errors():
            return self._out(self.logic.start(user_of(request), chosen, weak, n, mode))

    def on_job_text(self, text: str, n: float, request: gr.Request) -> dict[Any, Any]:
        return self._out(self.jobs.from_text(user_of(request), text, n))

    def on_job_file(self, path: str | None, n: float, request: gr.Request) -> dict[Any, Any]:
        return self._out(self.jobs.from_file(user_of(request), path, n))

    def on_skills(self, chips: list[str] | None, n: float, request: gr.Request) -> dict[Any, Any]:
        return self._out(self.jobs.plan(user_of(request), chips, n))

    def on_plan_start(self, planned: list[str] | None, mode: str,
                      request: gr.Request) -> dict[Any, Any]:  # fmt: skip
        with _notices_as_errors():
            if not planned:
                raise Notice("Find the skills first: the plan has no questions.")
            out = self._out(self.logic.start(user_of(request), [], False, len(planned), mode,
                                             planned))  # fmt: skip
        return {**out, self.job_box: gr.update(open=False)}  # the chat needs the room now

    def on_answer(self, st: PracticeState | None, text: str, saved: str | None,
                  spoken: Any, code: str | None, request: gr.Request
                  ) -> Iterator[dict[Any, Any]]:  # fmt: skip
        with _notices_as_errors():
            for changes in self.logic.answer(st, text, saved, user_of(request), spoken,
                                             code or ""):  # fmt: skip
                yield self._out(changes)

    def on_answer_api(self, st: PracticeState | None, text: str,
                      request: gr.Request) -> Iterator[dict[Any, Any]]:  # fmt: skip
        yield from self.on_answer(st, text, None, None, None, request)

    def on_code(self, code: str | None) -> dict[Any, Any]:
        return self._out(self.logic.check_code(code or ""))

    def on_poll(self, st: PracticeState | None) -> dict[Any, Any]:
        return self._out(self.logic.poll(st))

    def on_draft(self, st: PracticeState | None, text: str | None) -> None:
        self.logic.practice.draft(st, text or "")

    def on_retry(self, st: PracticeState | None) -> dict[Any, Any]:
        with _notices_as_errors():
            return self._out(self.logic.retry(st))

    def on_audio(self, path: str | None, current: str, st: PracticeState | None,
                 spoken: Any) -> dict[Any, Any]:  # fmt: skip
        return self._out(self.logic.transcript(path, current, st, spoken))

    def on_load(self, saved: str | None, request: gr.Request) -> dict[Any, Any]:
        return self._out(self.logic.load(user_of(request), saved))

    def on_resume(self, session_id: str | None, request: gr.Request) -> dict[Any, Any]:
        with _notices_as_errors():
            return self._out(self.logic.resume(user_of(request), session_id))

    def _hands_free_controls(self) -> None:
        """The toggle, the silence setting, the status line and the recording's upload."""
        with gr.Row(elem_id="handsfree-row", equal_height=True):
            self.hands_free = gr.Checkbox(
                False, label="Hands-free", elem_id="handsfree", scale=1, min_width=140,
                info="Questions are read, the mic opens, silence ends and submits the answer",
            )  # fmt: skip
            lo, hi = handsfree.SILENCE_RANGE
            self.hf_silence = gr.Slider(lo, hi, value=handsfree.SILENCE_SECONDS, step=0.5,
                                        label="Silence that ends an answer (s)",
                                        elem_id="handsfree-silence", scale=1)  # fmt: skip
        self.hf_status = gr.HTML(handsfree.status_html(), elem_id="handsfree-status",
                                 js_on_load=None)  # fmt: skip
        self.hf_upload = gr.UploadButton("Hands-free recording", visible="hidden",
                                         type="filepath", elem_id="handsfree-upload")  # fmt: skip
        # "Record again" drops the recording it replaces, so the delivery covers only the new one.
        self.hf_discard = gr.Button("Discard recording", visible="hidden",
                                    elem_id="handsfree-discard")  # fmt: skip
        self.say_text = gr.Textbox(visible=False)  # what the browser's voice reads

    def _wire_hands_free(self) -> None:
        """The script's hooks: a new prompt to read, and a transcript to review and submit."""
        voice = "piper" if self.deps.voice is not None else "browser"
        self.speak_text.change(None, [self.speak_text, self.speak_on], None,
                               js=handsfree.prompt_js(voice))  # fmt: skip
        self.hands_free.change(lambda on: handsfree.warm(self.deps.transcriber if on else None),
                               self.hands_free, None, api_visibility="private",
                               show_progress="hidden")  # fmt: skip
        self.hf_upload.upload(self.on_audio, [self.hf_upload, self.answer, self.state, self.spoken],
                              [self.answer, self.spoken],
                              api_visibility="private", show_progress="hidden",
                              ).then(None, self.answer, None,
                                     js=handsfree.TRANSCRIBED_JS)  # fmt: skip
        self.hf_discard.click(lambda: None, None, self.spoken, api_visibility="private",
                              show_progress="hidden")  # fmt: skip

    def _wire(self) -> None:
        # Lists, not sets: the API's output order must not change between processes.
        prompt_outputs = [self.state, self.chat, self.saved, self.speak_text, self.summary_box,
                          self.plot, self.summary, *self.dl.values(), self.code_box]  # fmt: skip
        feedback_outputs = [self.score, self.checklist, self.feedback, self.delivery,
                            self.model_answer, self.retry]  # fmt: skip
        everything = [*prompt_outputs, *feedback_outputs, self.answer, self.resume_row,
                      self.timer, self.spoken, self.audio_in, self.code,
                      self.code_check]  # fmt: skip
        self.timer.tick(self.on_poll, self.state, [*prompt_outputs, *feedback_outputs, self.timer],
                        api_visibility="private", show_progress="hidden")  # fmt: skip
        self.draft_timer.tick(self.on_draft, [self.state, self.answer], None,
                              api_visibility="private", show_progress="hidden")  # fmt: skip
        self.start.click(self.on_start, [self.sections, self.weak, self.count, self.mode],
                         everything)  # fmt: skip
        self.plan_start.click(self.on_plan_start, [self.planned, self.mode],
                              [*everything, self.job_box])  # fmt: skip
        job = [self.skills, self.plan_md, self.planned, self.plan_start]
        self.find_skills.click(self.on_job_text, [self.job_text, self.count], job)
        self.job_file.upload(self.on_job_file, [self.job_file, self.count],
                             [self.job_text, self.job_file, *job])  # fmt: skip
        for edited in (self.skills.input, self.count.change):
            edited(self.on_skills, [self.skills, self.count], job[1:], show_progress="hidden")
        downloads = list(self.dl.values())
        for trigger in (self.submit.click, self.answer.submit):
            trigger(self.on_answer, [self.state, self.answer, self.saved, self.spoken, self.code],
                    everything,
                    concurrency_limit=self.deps.concurrency, concurrency_id="answer",
                    api_visibility="private",
                    ).then(self.on_exports, self.state, downloads,
                           api_visibility="private")  # fmt: skip
        # The API's /answer: the same handler without the browser-stored session id.
        api_only = gr.Button(visible=False)
        api_only.click(self.on_answer_api, [self.state, self.answer], everything,
                       api_name="answer", concurrency_limit=self.deps.concurrency,
                       concurrency_id="answer")  # fmt: skip
        self.code.input(self.on_code, self.code, self.code_check, api_visibility="private",
                        show_progress="hidden", trigger_mode="always_last")  # fmt: skip
        self.retry.click(self.on_retry, self.state, [*prompt_outputs, self.retry])
        heard = [self.audio_in, self.answer, self.state, self.spoken]
        self.audio_in.stop_recording(self.on_audio, heard, [self.answer, self.spoken],
                                     api_name="transcribe")  # fmt: skip
        self.audio_in.upload(self.on_audio, heard, [self.answer, self.spoken],
                             api_visibility="private")  # fmt: skip
        self.resume_btn.click(self.on_resume, self.resume_id, everything).then(
            self.on_exports, self.state, downloads, api_visibility="private"
        )
        if self.deps.voice is not None:
            self.speak_text.change(self.on_speak, [self.speak_text, self.speak_on,
                                                   self.hands_free, self.state],
                                   self.question_audio, api_visibility="private",
                                   show_progress="hidden")  # fmt: skip
        else:  # the browser's own speech synthesis
            self.speak_text.change(self.on_say, [self.speak_text, self.hands_free, self.state],
                                   self.say_text, api_visibility="private",
                                   show_progress="hidden")  # fmt: skip
            self.say_text.change(None, [self.say_text, self.speak_on], None, js=SPEAK_JS)
        self._wire_hands_free()
        self.load_outputs = [*prompt_outputs, self.resume_row, self.resume_id, self.resume_text]


def _history_tab(deps: UIDeps, practice: Practice, interview: _InterviewTab) -> Any:
    # The figures carry their titles; Gradio's label badge would cover their top axis label.
    plot = gr.Plot(label="Progress by section", show_label=False, elem_id="progress-plot")
    delivery_plot = gr.Plot(
        label="Score and delivery over time", show_label=False, elem_id="delivery-plot"
    )
    table = gr.Dataframe(headers=["started (UTC)", "mode", "examiner", "answers", "mean",
                                  "wpm", "done"],
                         interactive=False, elem_id="sessions")  # fmt: skip
    with gr.Row():
        pick = gr.Dropdown(label="Session", choices=[], elem_id="history-session", scale=3)
        resume = gr.Button("Resume", elem_id="history-resume", scale=1)
    with gr.Row():
        dl = {fmt: gr.DownloadButton(f"Download {fmt.upper()}", elem_id=f"history-dl-{fmt}")
              for fmt in FORMATS}  # fmt: skip

    def refresh(request: gr.Request) -> tuple[Any, ...]:
        return tuple(map(_gr, browse.history(practice, deps.kb, user_of(request))))

    def files(session_id: str | None, request: gr.Request) -> list[Any]:
        with _notices_as_errors():
            return browse.session_files(practice, user_of(request), session_id, deps.exports_dir)

    pick.change(files, pick, list(dl.values()))
    resume.click(interview.on_resume, pick, [*interview.load_outputs, interview.answer])
    return refresh, [plot, delivery_plot, table, pick]


def _my_banks_tab(deps: UIDeps, interview: _InterviewTab) -> Any:
    """Upload a bank (.md) and its answers (.yaml), and notes files; list and delete them.
    Returns the refresh."""
    assert deps.practice is not None and deps.practice.engine.deps.own is not None
    engine = deps.practice.engine
    own: Any = engine.deps.own  # retrieval/own_banks.py's OwnBanks, with its notes

    def now() -> str:
        return engine.deps.clock().isoformat()

    logic, notes = MyBanks(own, interview.logic.slugs, now), MyNotes(own.notes, now)
    gr.Markdown("Your own questions, in the question bank's Markdown format, with an optional "
                "answers file (1 MB per file, 300 questions per bank, 20 banks). Questions "
                "without an answer are graded against your notes (below).")  # fmt: skip
    with gr.Row():
        md = gr.File(label="Bank (.md)", file_types=[".md"], type="filepath", elem_id="bank-md")
        yml = gr.File(label="Answers (.yaml, optional)", file_types=[".yaml", ".yml"],
                      type="filepath", elem_id="bank-yaml")  # fmt: skip
    add = gr.Button("Add bank", variant="primary", elem_id="bank-add")
    status = gr.Markdown(elem_id="bank-status")
    listing = gr.Markdown(elem_id="bank-list")
    with gr.Row():
        pick = gr.Dropdown([], label="Bank", elem_id="bank-pick", scale=3)
        delete = gr.Button("Delete bank", variant="stop", elem_id="bank-delete", scale=1)
    gr.Markdown("### Your notes\n\nMarkdown, reStructuredText, text or HTML (1 MB per file, 50 "
                "files). Questions of your banks without an answer are graded against the "
                "nearest passages of your notes; no one else's questions see them.")  # fmt: skip
    files = gr.File(label="Notes (.md, .rst, .txt, .html)", file_count="multiple",
                    file_types=[".md", ".markdown", ".rst", ".txt", ".text", ".html", ".htm"],
                    type="filepath", elem_id="notes-files")  # fmt: skip
    add_notes = gr.Button("Add notes", variant="primary", elem_id="notes-add")
    notes_status = gr.Markdown(elem_id="notes-status")
    notes_list = gr.Markdown(elem_id="notes-list")
    with gr.Row():
        notes_pick = gr.Dropdown([], label="Notes file", elem_id="notes-pick", scale=3)
        delete_notes = gr.Button("Delete notes file", variant="stop", elem_id="notes-delete",
                                 scale=1)  # fmt: skip
    names = {"bank_status": status, "bank_list": listing, "bank_pick": pick,
             "sections": interview.sections, "notes_status": notes_status,
             "notes_list": notes_list, "notes_pick": notes_pick}  # fmt: skip
    outputs = list(names.values())

    def out(changes: dict[str, Any]) -> list[Any]:
        return [_gr(changes[k]) if k in changes else gr.update() for k in names]

    def upload(m: str | None, y: str | None, request: gr.Request,
               progress: gr.Progress = _PROGRESS) -> list[Any]:  # fmt: skip
        return out(logic.upload(user_of(request), m, y, lambda f, d: progress(f, desc=d)))

    def upload_notes(paths: list[str] | None, request: gr.Request,
                     progress: gr.Progress = _PROGRESS) -> list[Any]:  # fmt: skip
        return out(notes.upload(user_of(request), paths, lambda f, d: progress(f, desc=d)))

    # Handlers are functions, not lambdas: Gradio hands gr.Request only to a parameter
    # annotated with it, so a lambda's `request` was None, i.e. the local user's banks.
    def delete_bank(name: str | None, request: gr.Request) -> list[Any]:
        return out(logic.delete(user_of(request), name))

    def delete_notes_file(name: str | None, request: gr.Request) -> list[Any]:
        return out(notes.delete(user_of(request), name))

    def refresh_banks(request: gr.Request) -> list[Any]:
        user = user_of(request)
        return out({**logic.refresh(user), **notes.refresh(user)})

    add.click(upload, [md, yml], outputs, api_visibility="private")
    delete.click(delete_bank, [pick], outputs, api_visibility="private")
    add_notes.click(upload_notes, [files], outputs, api_visibility="private")
    delete_notes.click(delete_notes_file, [notes_pick], outputs, api_visibility="private")
    return refresh_banks, outputs


def _bank_tab(kb: KnowledgeBase) -> None:
    by_section = browse.bank_sections(kb)
    sections = list(by_section)

    def choices(section: str) -> Any:  # its name is the API's endpoint name
        return _gr(browse.question_choices(by_section.get(section, [])))

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
        gr.Markdown(views.masthead(n, s, examiner), elem_id="masthead")
        if deps.practice is not None:
            with gr.Tab("Interview", elem_id="tab-interview"):
                interview = _InterviewTab(deps, deps.practice)
            if deps.practice.engine.deps.own is not None:
                with gr.Tab("My banks", elem_id="tab-my-banks"):
                    banks_refresh, banks_outputs = _my_banks_tab(deps, interview)
                app.load(banks_refresh, None, banks_outputs, api_visibility="private")
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
        gr.Markdown(views.footer(kb.knowledge.version), elem_id="footer")
    return app


def launch_options(users: Users | None) -> dict[str, Any]:
    """Keyword arguments for `Blocks.launch`: theme, CSS and (with users) the login."""
    css = resources.files("interviewer.web").joinpath("static/app.css").read_text(encoding="utf-8")
    options: dict[str, Any] = {"css": css, "theme": gr.themes.Soft(), "head": handsfree.head()}
    if users is not None:
        options["auth"] = users.check
        options["auth_message"] = "Sign in to practise. Your history is visible only to you."
    return options
