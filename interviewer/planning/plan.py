"""Choosing N bank questions that cover a job's skills, weak spots first.

Round-robin over the covered skills in serving order (skills.py): each turn a skill
takes its best question not yet chosen. A question is worth its match to that skill
(vocabulary.py: 1 when the skill is in the question's text), plus a little for every
other skill of the job it also practises, plus the person's need to practise it
(spaced.py's urgency: missed key points first, then overdue ones). A skill already
practised by a question chosen for another skill sits that round out, so slots go to
skills not yet touched; optional skills ("nice to have") join from the second round.
Each question says why: the job's skills it matches, and the weak spot if that
weighed in. It leaves out question difficulty and time per question;
it never reads the database or the clock (the caller passes turns and `now`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..domain import JobPlan, JobSkill, PlannedQuestion, Question, Turn
from ..knowledge.answers import Knowledge
from ..sessions.spaced import weak_spots
from .skills import BROAD, extract
from .vocabulary import SkillIndex, Vocabulary

STRONG = 0.5  # a match at least this strong (a wording, or the text) counts as practice
OTHERS = 0.3  # weight of the other skills a question also practises
WEAK = 0.25  # weight of the person's urgency to practise a question
OPTIONAL = 0.6  # how much an optional skill's match counts towards a question's worth
MAX_WHY = 4  # skills named in a question's reason


@dataclass(frozen=True)
class Need:
    urgency: float
    reason: str


def needs(turns: Sequence[Turn], questions: Sequence[Question], now: datetime) -> dict[str, Need]:
    """How much each question needs practice, from history; empty without history."""
    if not turns:
        return {}
    picks = weak_spots(turns, questions, now, count=len(questions))
    return {p.question_id: Need(p.urgency, p.reason) for p in picks}


class Planner:
    def __init__(self, knowledge: Knowledge, vocabulary: Vocabulary | None = None,
                 index: SkillIndex | None = None) -> None:  # fmt: skip
        self.knowledge = knowledge
        self.vocabulary = vocabulary or Vocabulary.load(knowledge)
        self.index = index or SkillIndex(knowledge)
        self._order = {q.id: i for i, q in enumerate(knowledge.answerable)}

    def plan(self, skills: Sequence[JobSkill], count: int,
             need: dict[str, Need] | None = None) -> JobPlan:  # fmt: skip
        if count < 1:
            raise ValueError("count must be at least 1")
        need = need or {}
        covered = [s for s in skills if s.covered]
        match = {s.name: self.index.questions(self.vocabulary.lookup(s.name)) for s in covered}
        weight = {s.name: OPTIONAL if s.optional else 1.0 for s in covered}
        broad = {s.name for s in covered if len(match[s.name]) > BROAD}

        def worth(qid: str, skill: str) -> float:
            others = sum(weight[t] * m.get(qid, 0.0) for t, m in match.items() if t != skill)
            urgency = need[qid].urgency if qid in need else 0.0
            return match[skill][qid] + OTHERS * min(others, 2.0) + WEAK * min(urgency, 3.0)

        chosen: list[str] = []
        served: dict[str, int] = dict.fromkeys(match, 0)
        rounds = 0
        while len(chosen) < count:
            rounds += 1
            progressed = False
            for s in covered:
                if len(chosen) >= count:
                    break
                if served[s.name] >= rounds or (s.optional and rounds == 1):
                    continue
                options = [q for q in match[s.name] if q not in chosen]
                if not options:
                    continue
                best = max(options, key=lambda q: (worth(q, s.name), -self._order.get(q, 0)))
                chosen.append(best)
                progressed = True
                for t, m in match.items():
                    served[t] += m.get(best, 0.0) >= STRONG
            if not progressed and rounds > 1:
                break
        questions = tuple(self._explain(q, covered, match, broad, need) for q in chosen)
        return JobPlan(tuple(skills), questions)

    def _explain(self, qid: str, covered: Sequence[JobSkill], match: dict[str, dict[str, float]],
                 broad: set[str], need: dict[str, Need]) -> PlannedQuestion:  # fmt: skip
        strong = [s.name for s in covered if match[s.name].get(qid, 0.0) >= STRONG]
        strong.sort(key=lambda n: -match[n][qid])  # stable: serving order breaks ties
        named = [n for n in strong if n not in broad] or strong
        if not named:  # chosen for a weak match only: name the best of them
            named = [max(match, key=lambda n: match[n].get(qid, 0.0))]
        why = "matches: " + ", ".join(named[:MAX_WHY])
        if len(named) > MAX_WHY:
            why += f" (+{len(named) - MAX_WHY} more)"
        n = need.get(qid)
        if n is not None and n.urgency >= 1.0:
            why += f"; weak spot, {n.reason}"
        return PlannedQuestion(qid, why, tuple(named))


def plan_for_text(text: str, planner: Planner, count: int,
                  need: dict[str, Need] | None = None) -> JobPlan:  # fmt: skip
    """Skills read from a job description, then the plan for them."""
    return planner.plan(extract(text, planner.vocabulary, planner.index), count, need)
