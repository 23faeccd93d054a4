"""The offline examiner plus a claim-by-claim fact check by a model that reads.

`grade` returns the offline grade at once, marked `fact_check="pending"`
(or, with `sync=True`, waits for the check: the CLI and the evals);
`complete` runs the check and applies it (examiner/verdicts.py). A check that
cannot run (model missing, down, slow, garbled) leaves the offline grade standing
with `fact_check="not checked: <why>"`. An answer of one or two sentences is also
asked examiner/agreement.py's question about its nearest known misconception (best
effort: if that fails, the sentences' verdicts still apply). Spoken answers are graded
on their filler-free text. Scheduling checks in the background is the caller's job.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..domain import Grade, GradedExample, Passage, Probe
from ..llm.chat import LLMError
from ..retrieval.embeddings import Embedder
from .agreement import agreement, nearest_misconception
from .base import OnText
from .factcheck import FactChecker, OnProgress, clean_spoken
from .features import Rubric
from .offline import OfflineExaminer
from .verdicts import VerdictThresholds, apply_fact_check

# An answer to another bank question is capped already; its truth is not this question's.
NOTHING_TO_CHECK = {"no-answer", "off-topic", "repeats-question", "scrambled",
                    "answers-another-question"}  # fmt: skip


@dataclass
class CheckedExaminer:
    offline: OfflineExaminer  # with its cosine misconception rule off
    checker: FactChecker
    embedder: Embedder
    thresholds: VerdictThresholds = field(default_factory=VerdictThresholds)
    sync: bool = False

    @property
    def name(self) -> str:
        return f"offline+{self.checker.name}"

    def grade(self, rubric: Rubric, answer: str, examples: Sequence[GradedExample] = (),
              probes: Sequence[Probe] = (), passages: Sequence[Passage] = (),
              on_text: OnText | None = None) -> Grade:  # fmt: skip
        grade = self.offline.grade(rubric, clean_spoken(answer or ""), examples, probes)
        if NOTHING_TO_CHECK & set(grade.flags):
            return grade
        if self.sync:
            return self.complete(grade, rubric, answer, probes)
        return replace(grade, fact_check="pending")

    def complete(self, grade: Grade, rubric: Rubric, answer: str, probes: Sequence[Probe] = (),
                 on_progress: OnProgress | None = None) -> Grade:  # fmt: skip
        """The grade with the claim check applied, or marked "not checked" and why."""
        try:
            check = self.checker.check(rubric, answer, on_progress)
        except LLMError as exc:
            return replace(grade, fact_check=f"not checked: {exc}")
        t = self.thresholds
        if 0 < len(check.verdicts) < t.min_claims and t.asks_agreement:
            near = nearest_misconception(
                self.embedder, rubric, [v.sentence for v in check.verdicts]
            )
            if near is not None:
                # Best effort: without it the sentences' verdicts still apply.
                with contextlib.suppress(LLMError):
                    p = agreement(self.checker.model, rubric, answer, rubric.misconceptions[near])
                    check = replace(check, agreement=(near, p))
        return apply_fact_check(grade, check, rubric, probes, self.embedder, t)

    def warm(self, references: object) -> None:
        warm = getattr(self.offline, "warm", None)
        if warm is not None:
            warm(references)
