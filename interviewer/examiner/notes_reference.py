"""A reference answer made from a person's notes, for an own-bank question without one.

The notes passages nearest to the question (retrieved by the caller) become the
reference: their text is the model answer, and their sentences sharing the most words
with the question become up to five key points. With no passage close enough, the
question itself is the only key point, so grading is limited to whether the answer
covers the question's words, and the one line saying which grading applies says so.
It does not search (retrieval/own_banks.py) or grade (the examiners do).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..domain import KeyPoint, Passage, Question, ReferenceAnswer
from ..knowledge.checks import content_words
from .text import sentences

MIN_SCORE = 0.35  # cosine of a notes passage to the question; below it, unrelated (measured:
# docs/knowledge.md)
MAX_PASSAGES = 3
MAX_POINTS = 5
MAX_ANSWER_CHARS = 1500
AUTHORED = "Graded against your answers file."
NOTES = "Graded against your notes: {titles}."
NO_REFERENCE = ("No reference answer: no answers file entry and no matching notes, so grading "
                "is limited to how well your answer covers the question's words.")  # fmt: skip


def note_title(p: Passage) -> str:
    return Path(p.source).name or "notes"


def notes_reference(question: Question,
                    passages: Sequence[Passage]) -> tuple[ReferenceAnswer, str]:  # fmt: skip
    """The reference to grade against and the line saying which grading applies."""
    close = sorted((p for p in passages if p.score >= MIN_SCORE and p.text.strip()),
                   key=lambda p: -p.score)[:MAX_PASSAGES]  # fmt: skip
    if not close:
        point = KeyPoint(question.text, 1)
        return ReferenceAnswer(question.id, question.text, question.text, (point,), (),
                               source="question"), NO_REFERENCE  # fmt: skip
    wanted = content_words(question.text)
    candidates = [s for p in close for s in sentences(p.text) if len(s.split()) >= 4]
    ranked = sorted(dict.fromkeys(candidates),
                    key=lambda s: -len(wanted & content_words(s)))[:MAX_POINTS]  # fmt: skip
    points = tuple(KeyPoint(s, 1) for s in ranked) or (KeyPoint(close[0].text[:300], 1),)
    answer = "\n\n".join(p.text.strip() for p in close)[:MAX_ANSWER_CHARS]
    titles = ", ".join(dict.fromkeys(note_title(p) for p in close))
    ref = ReferenceAnswer(question.id, question.text, answer, points, (), source="notes")
    return ref, NOTES.format(titles=titles)
