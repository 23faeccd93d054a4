""" "My weak spots": choose questions by spaced repetition over rubric key points.

Every graded turn reviews its key points. A hit pushes a key point's next review
out (1 day, then ×2.5 each consecutive hit); a miss makes it due at once. A
question's urgency comes from its key points: missed ones first (heavier weight
first), then overdue ones (the longer overdue the sooner), then questions never
asked, then the rest by how soon they fall due. Pure functions of the history
and a `now`; it does not read the database or the clock itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..domain import Question, Turn

FIRST_INTERVAL = timedelta(days=1)
GROWTH = 2.5


@dataclass
class KeyPointMemory:
    question_id: str
    text: str
    weight: int
    missed: bool = False
    interval: timedelta = timedelta(0)
    due: datetime | None = None

    def review(self, hit: bool, at: datetime) -> None:
        if hit:
            self.interval = FIRST_INTERVAL if self.missed or not self.interval else (
                self.interval * GROWTH)  # fmt: skip
            self.missed = False
        else:
            self.interval = timedelta(0)
            self.missed = True
        self.due = at + self.interval


@dataclass(frozen=True)
class Pick:
    question_id: str
    urgency: float
    reason: str  # shown to the person: why this question now


def _parse(at: str) -> datetime:
    return datetime.fromisoformat(at)


def memories(turns: Iterable[Turn]) -> dict[tuple[str, str], KeyPointMemory]:
    state: dict[tuple[str, str], KeyPointMemory] = {}
    for turn in sorted(turns, key=lambda t: t.at):
        if "no-answer" in turn.grade.flags and turn.grade.score > 0:
            continue  # not a real attempt
        for k in turn.grade.key_points:
            mem = state.setdefault((turn.question_id, k.text),
                                   KeyPointMemory(turn.question_id, k.text, k.weight))  # fmt: skip
            mem.review(k.hit, _parse(turn.at))
    return state


def _urgency(mems: list[KeyPointMemory], now: datetime) -> tuple[float, str]:
    if not mems:
        return 0.5, "not practised yet"
    missed = [m for m in mems if m.missed]
    if missed:
        top = max(missed, key=lambda m: m.weight)
        return 2.0 + top.weight / 3 + 0.01 * len(missed), f"missed: {top.text}"
    overdue = [m for m in mems if m.due is not None and m.due <= now]
    if overdue:

        def late(m: KeyPointMemory) -> float:
            assert m.due is not None
            span = max(m.interval.total_seconds(), 1.0)
            return min(1.0, (now - m.due).total_seconds() / span)

        top = max(overdue, key=late)
        return 1.0 + late(top), f"due for review: {top.text}"
    soonest = min(m.due for m in mems if m.due is not None)
    days = (soonest - now).total_seconds() / 86400
    return 0.4 / (1.0 + days), f"next review in {days:.0f} days"


def weak_spots(turns: Sequence[Turn], questions: Sequence[Question], now: datetime,
               count: int, sections: Sequence[str] = ()) -> list[Pick]:  # fmt: skip
    """The `count` questions most in need of practice, most urgent first."""
    by_question: dict[str, list[KeyPointMemory]] = {}
    for mem in memories(turns).values():
        by_question.setdefault(mem.question_id, []).append(mem)
    picks = []
    for q in questions:
        if sections and q.section_slug not in sections:
            continue
        urgency, reason = _urgency(by_question.get(q.id, []), now)
        picks.append(Pick(q.id, urgency, reason))
    picks.sort(key=lambda p: -p.urgency)  # stable: bank order breaks ties
    return picks[:count]
