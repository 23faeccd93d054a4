"""End-of-interview summary: per-section means, strongest/weakest key points, study list.

Pure function of the turns and the question bank. A question answered again
("try again") counts with its latest attempt. The study list names each question
once, with all it missed, most important first. It does not render anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Question, Turn


@dataclass(frozen=True)
class Summary:
    overall: float | None  # mean score of main-question answers, 0..5
    sections: dict[str, float]  # section title -> mean score
    strongest: list[str]  # key points hit (most important first)
    weakest: list[str]  # key points missed (most important first)
    study: list[str]  # "question — what to study; more" (one line per question)
    answered: int
    follow_ups: int

    def as_json(self) -> dict[str, object]:
        return {
            "overall": self.overall, "sections": self.sections, "strongest": self.strongest,
            "weakest": self.weakest, "study": self.study, "answered": self.answered,
            "follow_ups": self.follow_ups,
        }  # fmt: skip


def summarise(turns: Sequence[Turn], questions: Sequence[Question]) -> Summary:
    by_id = {q.id: q for q in questions}
    latest: dict[str, Turn] = {}  # a retried question counts with its latest attempt
    for t in turns:
        if t.kind in ("question", "retry"):
            latest.pop(t.question_id, None)
            latest[t.question_id] = t
    main = list(latest.values())
    per_section: dict[str, list[float]] = defaultdict(list)
    for t in main:
        per_section[by_id[t.question_id].section].append(t.grade.score)
    hits: dict[str, int] = {}
    misses: dict[str, tuple[int, str]] = {}
    for t in turns:
        for k in t.grade.key_points:
            if k.hit:
                hits[k.text] = max(hits.get(k.text, 0), k.weight)
            elif k.text not in misses or misses[k.text][0] < k.weight:
                misses[k.text] = (k.weight, by_id[t.question_id].text)
    for text in hits:  # hit later (e.g. in a follow-up) means no longer weak
        misses.pop(text, None)
    weakest = sorted(misses, key=lambda k: -misses[k][0])
    by_question: dict[str, list[str]] = {}  # most important miss first, so questions are too
    for point in weakest:
        by_question.setdefault(misses[point][1], []).append(point.rstrip("."))
    return Summary(
        overall=round(sum(t.grade.score for t in main) / len(main), 2) if main else None,
        sections={s: round(sum(v) / len(v), 2) for s, v in per_section.items()},
        strongest=sorted(hits, key=lambda k: -hits[k])[:5],
        weakest=weakest[:5],
        study=[f"{q} — {'; '.join(points)}." for q, points in list(by_question.items())[:5]],
        answered=len(main),
        follow_ups=sum(t.kind == "follow_up" for t in turns),
    )
