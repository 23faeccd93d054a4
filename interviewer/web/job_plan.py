"""The start panel's job description, as plain Python: text in, chips and a plan out.

`skills_from_text` turns pasted text into the skill names to show as editable chips;
`plan_for_chips` turns the chips (as the person left them) into question ids for
`Plan(question_ids=...)` and the Markdown that says why each was chosen. Candidate
text is escaped (views.plain). `JobPanel` is what the panel's events change (pasted
or uploaded text, edited chips → `Changes`, see ui_updates.py); starting the planned
interview is interview_tab.py's. No Gradio here; it leaves out OCR and .docx files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain import JobPlan, Turn
from ..knowledge.answers import Knowledge
from ..planning.jobfile import check_text, read_job_description
from ..planning.plan import Planner, needs
from ..planning.skills import extract, from_names
from .practice import Practice
from .ui_updates import WARNING, Changes, update
from .views import md_text, plain


@dataclass(frozen=True)
class ChosenPlan:
    question_ids: tuple[str, ...]
    markdown: str


class JobPlanning:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.planner = Planner(knowledge)

    def skills_from_text(self, text: str) -> list[str]:
        """Skill names in serving order; ValueError with a message for unusable text."""
        skills = extract(check_text(text), self.planner.vocabulary, self.planner.index)
        return [s.name for s in skills]

    def plan_for_chips(self, chips: Sequence[str], count: int, turns: Sequence[Turn],
                       now: datetime) -> ChosenPlan:  # fmt: skip
        skills = from_names(chips, self.planner.vocabulary, self.planner.index)
        if not skills:
            raise ValueError("add at least one skill, or paste a job description")
        need = needs(turns, self.knowledge.answerable, now)
        plan = self.planner.plan(skills, int(count), need)
        return ChosenPlan(tuple(q.question_id for q in plan.questions), self.markdown(plan))

    def markdown(self, plan: JobPlan) -> str:
        texts = {q.id: q.text for q in self.knowledge.questions}
        lines = []
        if plan.not_covered:
            lines.append("**Not in the question bank:** " + plain(", ".join(plan.not_covered)))
        if not plan.questions:
            lines.append("No bank question matches these skills.")
        for i, q in enumerate(plan.questions, 1):
            lines.append(f"{i}. {md_text(texts.get(q.question_id, q.question_id))}  \n"
                         f"   <small>{plain(q.why)}</small>")  # fmt: skip
        return "\n".join(lines)


class JobPanel:
    """The job-description panel's events: components' values in, `Changes` out."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice
        self.planning = JobPlanning(practice.engine.deps.kb.knowledge)

    def from_text(self, user: str, text: str, count: float) -> Changes:
        """Skills found in the pasted text become the chips, and the plan for them is shown."""
        try:
            chips = self.planning.skills_from_text(text or "")
        except ValueError as exc:
            message = str(exc)
            return {WARNING: message[:1].upper() + message[1:] + "."}
        return {"skills": update(choices=chips, value=chips), **self.plan(user, chips, count)}

    def from_file(self, user: str, path: str | None, count: float) -> Changes:
        """An uploaded .txt, .md or .pdf: its text lands in the box, then as `from_text`."""
        if not path:
            return {}
        name = Path(path).name
        try:
            text = read_job_description(Path(path))
        except ValueError as exc:  # KnowledgeError too: its message names the temporary file
            why = getattr(exc, "message", None) or str(exc).replace(str(path), "the file")
            return {WARNING: f"{name}: {why}", "job_file": None}
        return {"job_text": text, **self.from_text(user, text, count)}

    def plan(self, user: str, chips: Sequence[str] | None, count: float) -> Changes:
        """The plan for the chips as they stand: its Markdown, question ids and start button."""
        if not chips:
            return {"plan_md": "", "planned": None, "plan_start": update(interactive=False)}
        turns = [t for _, t in self.practice.history.user_turns(user)]
        try:
            chosen = self.planning.plan_for_chips(chips, int(count), turns,
                                                  self.practice.engine.deps.clock())  # fmt: skip
        except ValueError as exc:
            return {"plan_md": plain(str(exc)), "planned": None,
                    "plan_start": update(interactive=False)}  # fmt: skip
        return {"plan_md": chosen.markdown, "planned": list(chosen.question_ids),
                "plan_start": update(interactive=bool(chosen.question_ids))}  # fmt: skip
