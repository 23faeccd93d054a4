"""The start panel's job description, as plain Python: text in, chips and a plan out.

`skills_from_text` turns pasted text into the skill names to show as editable chips;
`plan_for_chips` turns the chips (as the person left them) into question ids for
`Plan(question_ids=...)` and the Markdown that says why each was chosen. Candidate
text is escaped (views.plain). No Gradio here; ui.py does not use it yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..domain import JobPlan, Turn
from ..knowledge.answers import Knowledge
from ..planning.jobfile import check_text
from ..planning.plan import Planner, needs
from ..planning.skills import extract, from_names
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
