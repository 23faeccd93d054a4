"""End-of-interview summary: per-section means, strongest/weakest key points, study list.

Pure function of the turns and the question bank. A question answered again
("try again") counts with its latest attempt. The study list names each question
once, with all it missed, most important first. Spoken answers add delivery averages
over every spoken turn (follow-ups and second tries too): pace and fillers per minute
over all the time spent speaking, the mean length. A turn whose question is gone (an
own bank deleted since) keeps its prompt and a section named from its id. It does not
render anything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Question, Turn
from ..knowledge.own_bank import label_from_id


@dataclass(frozen=True)
class DeliveryStats:
    """The spoken answers of a session, taken together."""

    spoken: int  # answers given by voice
    wpm: float  # all words over all speaking time
    fillers_per_min: float
    fillers: int
    long_pauses: int
    mean_length_s: float  # speaking time per answer

    def as_json(self) -> dict[str, object]:
        return {"spoken": self.spoken, "wpm": round(self.wpm, 1),
                "fillers_per_min": round(self.fillers_per_min, 2), "fillers": self.fillers,
                "long_pauses": self.long_pauses,
                "mean_length_s": round(self.mean_length_s, 1)}  # fmt: skip


def delivery_stats(turns: Sequence[Turn]) -> DeliveryStats | None:
    """Averages over the spoken turns; None when every answer was typed."""
    spoken = [t.delivery for t in turns if t.delivery is not None]
    if not spoken:
        return None
    minutes = sum(d.speaking_s for d in spoken) / 60
    fillers = sum(d.filler_count for d in spoken)
    return DeliveryStats(
        len(spoken), sum(d.words for d in spoken) / minutes if minutes else 0.0,
        fillers / minutes if minutes else 0.0, fillers, sum(len(d.pauses) for d in spoken),
        minutes * 60 / len(spoken),
    )  # fmt: skip


@dataclass(frozen=True)
class Summary:
    overall: float | None  # mean score of main-question answers, 0..5
    sections: dict[str, float]  # section title -> mean score
    strongest: list[str]  # key points hit (most important first)
    weakest: list[str]  # key points missed (most important first)
    study: list[str]  # "question — what to study; more" (one line per question)
    answered: int
    follow_ups: int
    delivery: DeliveryStats | None = None  # None: no answer was spoken

    def as_json(self) -> dict[str, object]:
        return {
            "overall": self.overall, "sections": self.sections, "strongest": self.strongest,
            "weakest": self.weakest, "study": self.study, "answered": self.answered,
            "follow_ups": self.follow_ups,
            "delivery": self.delivery.as_json() if self.delivery else None,
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
        q = by_id.get(t.question_id)  # None: an own bank deleted since
        per_section[q.section if q else label_from_id(t.question_id)].append(t.grade.score)
    hits: dict[str, int] = {}
    misses: dict[str, tuple[int, str]] = {}
    for t in turns:
        for k in t.grade.key_points:
            if k.hit:
                hits[k.text] = max(hits.get(k.text, 0), k.weight)
            elif k.text not in misses or misses[k.text][0] < k.weight:
                q = by_id.get(t.question_id)
                misses[k.text] = (k.weight, q.text if q else t.prompt)
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
        delivery=delivery_stats(turns),
    )
