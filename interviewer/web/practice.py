"""The web interview's flow, without any UI library: start, answer, retry, resume.

The web UI (ui.py's handlers, through interview_tab.py) calls these methods with
the signed-in user's name; they return plain data (chat messages as role/content
dicts, a `Feedback` of strings) so tests drive whole interviews without a
browser. Every turn, together with the interview's new position, is saved in
one transaction before anything is returned for display, with a spoken answer's
delivery. In *mock* mode the feedback is held back until the end.
Rendering lives in views.py; choosing weak spots in sessions/spaced.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..domain import Delivery, Grade, Probe, Question, Turn
from ..engine import Interview, InterviewEngine, Plan
from ..examiner.delivery import TARGET_S
from ..knowledge.own_bank import is_own
from ..sessions.export import export
from ..sessions.history import History, SessionInfo
from ..sessions.spaced import weak_spots
from ..sessions.summary import Summary, summarise
from . import views
from .delivery_view import delivery_html
from .fact_checks import FactChecks

Chat = list[dict[str, str]]
MAX_ANSWER_CHARS = 20_000
MAX_DRAFT_CHARS = 4_000  # judged while typing: a long answer's opening sentences are enough


@dataclass
class PracticeState:
    interview: Interview
    session_id: str
    user: str
    chat: Chat = field(default_factory=list)
    last_prompt: str = ""  # what the interviewer just said (for reading aloud)
    grade_rows: dict[int, int] = field(default_factory=dict)  # turn seq -> its chat message
    landed: list[int] = field(default_factory=list)  # turn seqs whose fact check came back
    drafted: str = ""  # the draft last sent to be judged while typing


@dataclass(frozen=True)
class Feedback:
    score_html: str
    checklist: str
    feedback: str
    model_answer: str
    follow_up: str
    question_id: str
    delivery: str = ""  # the delivery panel (HTML) of a spoken answer; "" when typed


@dataclass
class Practice:
    engine: InterviewEngine
    history: History
    checks: FactChecks | None = None  # background fact checks (examiner/checked.py)
    answer_target: tuple[float, float] = TARGET_S  # seconds a spoken answer should last

    @property
    def examiner_name(self) -> str:
        return self.engine.deps.examiner.name

    def start(self, user: str, sections: list[str], count: int, mode: str = "practice",
              weak: bool = False, question_ids: Sequence[str] = ()) -> PracticeState:  # fmt: skip
        """A new interview; `question_ids` (a job plan's) are asked as given, in order."""
        if mode not in ("practice", "mock"):
            raise ValueError("mode is practice or mock")
        ids, count = tuple(question_ids), len(question_ids) or count
        if weak and not ids:
            turns = [t for _, t in self.history.user_turns(user)]
            picks = weak_spots(turns, self.engine.deps.kb.knowledge.answerable,
                               self.engine.deps.clock(), int(count), sections)  # fmt: skip
            ids = tuple(p.question_id for p in picks)
        plan = Plan(sections=tuple(sections), count=int(count), question_ids=ids, mode=mode)
        interview = self.engine.start(plan, user)
        session_id = self.history.create_session(user, self.examiner_name, plan.__dict__,
                                                 self._now(), interview.snapshot())  # fmt: skip
        state = PracticeState(interview, session_id, user)
        self._ask(state)
        return state

    def answer(
        self,
        state: PracticeState,
        text: str,
        on_text: Callable[[str], None] | None = None,
        delivery: Delivery | None = None,
    ) -> tuple[PracticeState, Feedback | None]:
        """Grade one answer; the feedback is None in mock mode (shown at the end).

        `on_text` receives an LLM examiner's reply as it streams (not called offline);
        a spoken answer's `delivery` is saved with its turn (voice_answer.py decides it)."""
        text = (text or "").strip()[:MAX_ANSWER_CHARS]
        interview = state.interview
        if interview.finished:
            raise ValueError("The interview is over: start a new one.")
        previous = self._previous_score(interview)
        state.chat.append(
            {"role": "user", "content": views.answer_markdown(text) or "_(no answer)_"}
        )
        turn = self.engine.answer(interview, text, on_text)
        if delivery is not None:
            turn = interview.turns[-1] = replace(turn, delivery=delivery)
        seq = self.history.add_turn(state.session_id, turn, interview.snapshot())  # saved first
        if interview.finished:
            self.history.finish(state.session_id, self._now())
        mock = interview.plan.mode == "mock"
        if not mock:
            state.chat.append({"role": "assistant", "content": views.grade_markdown(turn.grade)})
            state.grade_rows[seq] = len(state.chat) - 1
        self._ask(state)
        self._check(state, seq, turn)
        if mock:
            return state, None
        return state, self.feedback(turn, previous if turn.kind == "retry" else None)

    def draft(self, state: PracticeState | None, text: str) -> bool:
        """While a main question is being answered, have its finished sentences judged in
        the background; True when some were queued."""
        if self.checks is None or state is None or not text or text == state.drafted:
            return False
        prompt = self.engine.prompt(state.interview)
        if prompt is None or prompt.kind != "question":
            return False
        if not self.checks.judge_draft(prompt.question_id, text[:MAX_DRAFT_CHARS]):
            return False
        state.drafted = text
        return True

    def _check(self, state: PracticeState, seq: int, turn: Turn) -> None:
        if self.checks is not None and turn.grade.fact_check == "pending":
            self.checks.schedule(state.session_id, seq, turn,
                                 lambda s, g: self._landed(state, s, g))  # fmt: skip

    def _landed(self, state: PracticeState, seq: int, grade: Grade) -> None:
        """A fact check came back: swap the grade in, and challenge a false or doubtful claim."""
        turns = state.interview.turns
        if not 0 < seq <= len(turns):
            return
        turns[seq - 1] = replace(turns[seq - 1], grade=grade)
        if seq in state.grade_rows:
            message = {"role": "assistant", "content": views.grade_markdown(grade)}
            state.chat[state.grade_rows[seq]] = message
        pending = state.interview.pending_probe
        challenges = {"misconception", "doubtful"} & set(grade.flags)
        if (challenges and grade.follow_up and seq == len(turns)
                and pending is not None and not state.interview.finished):  # fmt: skip
            ref = self.engine.reference(turns[-1].question_id)
            probe = next((p for p in ref.probes if grade.follow_up.endswith(p.question)), pending)
            state.interview.pending_probe = Probe(grade.follow_up, probe.key_points)
            self.history.save_state(state.session_id, state.interview.snapshot())
            if state.chat and state.chat[-1]["content"] == state.last_prompt:
                state.chat.pop()
            self._ask(state)
        state.landed.append(seq)

    def retry(self, state: PracticeState) -> PracticeState:
        self.engine.retry(state.interview)
        self.history.save_state(state.session_id, state.interview.snapshot())
        self._ask(state)
        return state

    def feedback(self, turn: Turn, previous: float | None = None) -> Feedback:
        ref = self.engine.reference(turn.question_id)
        follow = turn.grade.follow_up or ""
        spoken = turn.delivery
        panel = delivery_html(spoken, turn.grade, self.answer_target) if spoken else ""
        return Feedback(views.score_html(turn.grade, previous), views.checklist(turn.grade),
                        views.feedback_markdown(turn.grade) + views.code_note(turn.answer),
                        views.reference_markdown(ref, turn.grade.basis),
                        follow, turn.question_id, panel)  # fmt: skip

    def questions(self, user: str) -> list[Question]:
        """The bank's questions and the user's own banks' (a deleted bank's are gone)."""
        own = self.engine.deps.own
        return [*self.engine.deps.kb.questions, *(own.questions(user) if own else [])]

    def summary(self, state: PracticeState) -> Summary:
        return summarise(state.interview.turns, self.questions(state.user))

    def summary_markdown(self, state: PracticeState) -> str:
        return views.summary_markdown(self.summary(state), state.interview.turns,
                                      self.questions(state.user))  # fmt: skip

    def open_sessions(self, user: str) -> list[SessionInfo]:
        """The user's unfinished sessions that can be resumed, newest first."""
        found = [s for s in self.history.sessions(user) if s.finished_at is None]
        return [s for s in reversed(found) if self.history.state(s.id) is not None]

    def resume(self, user: str, session_id: str) -> PracticeState:
        self.history.session(session_id, user)  # KeyError unless it is this user's
        snapshot = self.history.state(session_id)
        if snapshot is None:
            raise KeyError(session_id)
        turns = self.history.turns(session_id)
        state = PracticeState(Interview.restore(snapshot, turns), session_id, user)
        for seq, t in enumerate(turns, 1):
            label = {"follow_up": "Follow-up", "retry": "Second try"}.get(t.kind, "Question")
            prompt = views.plain(t.prompt) if is_own(t.question_id) else t.prompt
            state.chat.append({"role": "assistant", "content": f"**{label}:** {prompt}"})
            state.chat.append(
                {"role": "user", "content": views.answer_markdown(t.answer) or "_(no answer)_"}
            )
            if state.interview.plan.mode != "mock":
                state.chat.append({"role": "assistant", "content": views.grade_markdown(t.grade)})
                state.grade_rows[seq] = len(state.chat) - 1
        self._ask(state)
        for seq, t in enumerate(turns, 1):  # checks a crash or restart left pending
            self._check(state, seq, t)
        return state

    def export_file(self, user: str, session_id: str, fmt: str, out_dir: Path) -> Path:
        info = self.history.session(session_id, user)  # KeyError for someone else's session
        data = export(fmt, info, self.history.turns(session_id), self.questions(user))
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"interview-{info.created_at[:10]}-{session_id[:8]}.{fmt}"
        path.write_bytes(data)
        return path

    def progress_rows(self, user: str) -> list[dict[str, object]]:
        """One row per session and section: when, section, mean score (for the history chart)."""
        rows, questions = [], self.questions(user)
        for info in self.history.sessions(user):
            s = summarise(self.history.turns(info.id), questions)
            for section, mean in s.sections.items():
                rows.append({"when": info.created_at,
                             "section": section, "score": mean, "session": info.id})  # fmt: skip
        return rows

    def delivery_rows(self, user: str) -> list[dict[str, object]]:
        """One row per session: when, mean score and the spoken answers' delivery averages."""
        rows: list[dict[str, object]] = []
        questions = self.questions(user)
        for info in self.history.sessions(user):
            s = summarise(self.history.turns(info.id), questions)
            if s.overall is not None:
                rows.append({"when": info.created_at, "score": s.overall,
                             **(s.delivery.as_json() if s.delivery else {})})  # fmt: skip
        return rows

    def _previous_score(self, interview: Interview) -> float | None:
        if interview.retry_question is None:
            return None
        tries = [t for t in interview.turns if t.question_id == interview.retry_question
                 and t.kind in ("question", "retry")]  # fmt: skip
        return tries[-1].grade.score if tries else None

    def _ask(self, state: PracticeState) -> None:
        prompt = self.engine.prompt(state.interview)
        if prompt is None:
            text = "That's the end of the interview. Thank you! Your summary is below."
        else:
            section = self.engine.question(prompt.question_id).section
            text = views.spoken_question(prompt.kind, prompt.text, prompt.number, prompt.total,
                                         section, untrusted=is_own(prompt.question_id))  # fmt: skip
        state.last_prompt = text
        state.chat.append({"role": "assistant", "content": text})
        if self.checks is not None and prompt is not None and prompt.kind == "question":
            qid = prompt.question_id
            self.checks.warm(lambda: self.engine.warm_check(qid))

    def _now(self) -> str:
        return self.engine.deps.clock().isoformat()
