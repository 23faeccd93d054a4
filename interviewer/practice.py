"""The web interview's logic, without any UI library: start, answer, summarise.

Gradio handlers in ui.py call these functions; they return plain data (chat
messages as role/content dicts, Markdown strings) so tests drive a whole
interview without a browser. Every turn is saved to history before anything is
returned for display. Candidate text is escaped so Markdown/HTML in an answer
is shown as typed, never rendered.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .domain import Grade
from .engine import Interview, InterviewEngine, Plan
from .history import History
from .summary import summarise

Chat = list[dict[str, str]]
MAX_ANSWER_CHARS = 20_000


def plain(text: str) -> str:
    """Text that Markdown renders literally (HTML escaped, Markdown punctuation escaped)."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", escaped).replace("\n", "  \n")
    # Break autolinking of bare URLs: the entity still shows ':' / '.', but nothing is a link.
    return re.sub(r"(?i)(\w):(?=//)", r"\1&#58;", escaped).replace("www.", "www&#46;")


def grade_markdown(grade: Grade) -> str:
    filled = int(grade.score * 2)
    bar = "●" * (filled // 2) + ("◐" if filled % 2 else "") + "○" * (5 - (filled + 1) // 2)
    lines = [f"### {bar}  {grade.score:g} / {grade.max_score:g}", ""]
    lines += [f"- {'✓' if k.hit else '✗'} {plain(k.text)}" for k in grade.key_points]
    lines += ["", plain(grade.feedback)]
    if "llm-fallback" in grade.flags:
        lines += ["", "_The LLM examiner was unavailable; the offline examiner graded this._"]
    return "\n".join(lines)


@dataclass
class PracticeState:
    interview: Interview
    session_id: str
    chat: Chat = field(default_factory=list)


@dataclass
class Practice:
    engine: InterviewEngine
    history: History
    user: str = "local"

    def start(self, sections: list[str], count: int) -> PracticeState:
        plan = Plan(sections=tuple(sections), count=int(count))
        interview = self.engine.start(plan)
        session_id = self.history.create_session(
            self.user, self.engine.deps.examiner.name, plan.__dict__, self._now()
        )
        state = PracticeState(interview, session_id)
        self._ask(state)
        return state

    def answer(self, state: PracticeState, text: str) -> tuple[PracticeState, str]:
        """Grade one answer; returns the state and the feedback Markdown."""
        text = (text or "").strip()[:MAX_ANSWER_CHARS]
        if state.interview.finished:
            return state, "The interview is over: start a new one."
        state.chat.append({"role": "user", "content": plain(text) if text else "_(no answer)_"})
        turn = self.engine.answer(state.interview, text)
        self.history.add_turn(state.session_id, turn)  # saved before it is shown
        feedback = grade_markdown(turn.grade)
        state.chat.append({"role": "assistant", "content": feedback})
        self._ask(state)
        if state.interview.finished:
            self.history.finish(state.session_id, self._now())
        return state, feedback

    def summary_markdown(self, state: PracticeState) -> str:
        s = summarise(state.interview.turns, self.engine.deps.kb.questions)
        if s.overall is None:
            return "No answers yet."
        lines = [f"## Overall {s.overall:g} / 5", ""]
        lines += [f"- **{plain(name)}**: {mean:g} / 5" for name, mean in s.sections.items()]
        if s.study:
            lines += ["", "### Study next", ""] + [f"- {plain(x)}" for x in s.study]
        return "\n".join(lines)

    def _ask(self, state: PracticeState) -> None:
        prompt = self.engine.prompt(state.interview)
        if prompt is None:
            state.chat.append({"role": "assistant", "content": "That's the end of the interview."})
            return
        if prompt.kind == "follow_up":
            text = f"Follow-up: {prompt.text}"
        else:
            text = f"**Question {prompt.number} of {prompt.total}.** {prompt.text}"
        state.chat.append({"role": "assistant", "content": text})

    def _now(self) -> str:
        return self.engine.deps.clock().isoformat()
