"""The interview engine: plan, ask, grade, follow up, move on, summarise. No UI.

An `InterviewEngine` gets its dependencies in `EngineDeps` (the knowledge base,
the examiner, the clock, the random source), so tests swap any of them. An
`Interview` is the state of one session: the planned questions, where we are,
and every turn. Follow-up answers are graded against the probe's own key
points. It does not persist anything (history is the caller's job) and does not
choose "weak spots" itself: pass their question ids in the plan (sessions/spaced.py picks
them). `retry` re-asks the latest question so a person can improve an answer.
`Interview.snapshot()` / `restore()` let the caller resume a saved session.
A person's own banks come in through `EngineDeps.own` (retrieval/own_banks.py): their
questions join that person's plan, and each is graded against the reference it
provides, whose "which grading applies" line is kept on the grade (`Grade.basis`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from .domain import Grade, KeyPoint, Passage, Probe, Question, ReferenceAnswer, Turn
from .examiner.base import Examiner
from .examiner.features import Rubric
from .knowledge.own_bank import is_own
from .retrieval.kb import KnowledgeBase

MAX_ANSWER_CHARS = 20_000


@dataclass(frozen=True)
class Plan:
    sections: tuple[str, ...] = ()  # section slugs; empty = all
    count: int = 5
    shuffle: bool = True
    question_ids: tuple[str, ...] = ()  # explicit order (e.g. weak spots) wins over sections
    max_follow_ups: int = 1
    mode: str = "practice"  # "practice": feedback after each answer; "mock": at the end


@dataclass(frozen=True)
class Prompt:
    question_id: str
    kind: str  # "question" | "follow_up" | "retry"
    text: str
    number: int  # 1-based question number in this interview
    total: int


class OwnQuestions(Protocol):
    """People's own banks (retrieval/own_banks.py): namespaced ids, never the bank's."""

    def questions(self, owner: str) -> list[Question]: ...

    def question(self, question_id: str) -> Question | None: ...

    def reference(self, question_id: str) -> tuple[ReferenceAnswer, str]: ...


@dataclass
class EngineDeps:
    kb: KnowledgeBase
    examiner: Examiner
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    rng: random.Random = field(default_factory=random.Random)
    own: OwnQuestions | None = None


@dataclass
class Interview:
    plan: Plan
    question_ids: list[str]
    position: int = 0
    follow_ups_asked: int = 0
    pending_probe: Probe | None = None
    turns: list[Turn] = field(default_factory=list)
    retry_question: str | None = None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.question_ids) and self.retry_question is None

    def snapshot(self) -> dict[str, object]:
        """Where the interview stands, as JSON-able data (turns are stored separately)."""
        probe = self.pending_probe
        return {
            "plan": {k: list(v) if isinstance(v, tuple) else v
                     for k, v in self.plan.__dict__.items()},
            "question_ids": self.question_ids,
            "position": self.position,
            "follow_ups_asked": self.follow_ups_asked,
            "pending_probe": None if probe is None else {
                "question": probe.question,
                "key_points": [[k.text, k.weight] for k in probe.key_points],
            },
            "retry_question": self.retry_question,
        }  # fmt: skip

    @classmethod
    def restore(cls, data: dict[str, Any], turns: list[Turn]) -> Interview:
        p = data["plan"]
        plan = Plan(tuple(p.get("sections", ())), int(p.get("count", 5)),
                    bool(p.get("shuffle", True)), tuple(p.get("question_ids", ())),
                    int(p.get("max_follow_ups", 1)), str(p.get("mode", "practice")))  # fmt: skip
        probe = data.get("pending_probe")
        pending = (
            None
            if not probe
            else Probe(
                probe["question"], tuple(KeyPoint(t, int(w)) for t, w in probe["key_points"])
            )
        )
        return cls(plan, list(data["question_ids"]), int(data["position"]),
                   int(data["follow_ups_asked"]), pending, list(turns),
                   data.get("retry_question"))  # fmt: skip


class InterviewEngine:
    def __init__(self, deps: EngineDeps) -> None:
        self.deps = deps

    def start(self, plan: Plan, user: str = "") -> Interview:
        """Questions of the bank and of `user`'s own banks (an own bank's questions can all
        be asked: one without an authored answer is graded against notes)."""
        questions = self.deps.kb.knowledge.answerable
        if self.deps.own is not None and user:
            questions = [*questions, *self.deps.own.questions(user)]
        known = {q.id for q in questions}
        if plan.question_ids:
            unknown = [q for q in plan.question_ids if q not in known]
            if unknown:
                raise ValueError(f"unknown question id(s): {', '.join(unknown)}")
            ids = list(plan.question_ids)
        else:
            slugs = {q.section_slug for q in questions}
            unknown = [s for s in plan.sections if s not in slugs]
            if unknown:
                raise ValueError(f"unknown section(s): {', '.join(unknown)}")
            ids = [q.id for q in questions if not plan.sections or q.section_slug in plan.sections]
            if plan.shuffle:
                self.deps.rng.shuffle(ids)
        if plan.count < 1:
            raise ValueError("an interview needs at least one question")
        return Interview(plan, ids[: plan.count])

    def prompt(self, interview: Interview) -> Prompt | None:
        if interview.finished:
            return None
        total = len(interview.question_ids)
        if interview.retry_question is not None:
            qid = interview.retry_question
            n = interview.question_ids.index(qid) + 1
            return Prompt(qid, "retry", self.question(qid).text, n, total)
        qid = interview.question_ids[interview.position]
        n = interview.position + 1
        if interview.pending_probe is not None:
            return Prompt(qid, "follow_up", interview.pending_probe.question, n, total)
        return Prompt(qid, "question", self.question(qid).text, n, total)

    def question(self, question_id: str) -> Question:
        """A question of the bank or of an own bank; KeyError when neither has it."""
        if is_own(question_id):
            found = self.deps.own.question(question_id) if self.deps.own else None
            if found is None:
                raise KeyError(question_id)
            return found
        return self.deps.kb.question(question_id)

    def reference(self, question_id: str) -> ReferenceAnswer:
        return self.graded_against(question_id)[0]

    def graded_against(self, question_id: str) -> tuple[ReferenceAnswer, str]:
        """The reference answer and the line saying which grading applies ("" for the bank)."""
        if is_own(question_id):
            if self.deps.own is None:
                raise KeyError(question_id)
            return self.deps.own.reference(question_id)
        return self.deps.kb.reference(question_id), ""

    def answer(self, interview: Interview, text: str,
               on_text: Callable[[str], None] | None = None) -> Turn:  # fmt: skip
        prompt = self.prompt(interview)
        if prompt is None:
            raise ValueError("the interview is over")
        text = (text or "")[:MAX_ANSWER_CHARS]
        ref, basis = self.graded_against(prompt.question_id)
        passages = self._passages(prompt, text)
        if prompt.kind == "follow_up":
            probe = interview.pending_probe
            assert probe is not None
            reference = " ".join(k.text for k in probe.key_points)
            rubric = Rubric(probe.question, reference, probe.key_points)
            grade = self.deps.examiner.grade(rubric, text, passages=passages, on_text=on_text)
        else:
            rubric = Rubric.of(ref)
            examples = ref.examples
            if passages and not basis:  # LLM examiner: the nearest graded examples, from Chroma
                examples = tuple(self.deps.kb.store.similar_examples(ref.question_id, text, k=3))
            grade = self.deps.examiner.grade(rubric, text, examples, ref.probes, passages,
                                             on_text=on_text)  # fmt: skip
        if basis:
            grade = replace(grade, basis=basis)
        turn = Turn(prompt.question_id, prompt.kind, prompt.text, text, grade,
                    self.deps.clock().isoformat())  # fmt: skip
        interview.turns.append(turn)
        if prompt.kind == "retry":
            interview.retry_question = None  # carry on where we were
        else:
            self._advance(interview, ref, prompt.kind, grade.follow_up)
        return turn

    def check_facts(self, turn: Turn, on_progress: Callable[[int, int], None] | None = None
                    ) -> Grade:  # fmt: skip
        """Run a turn's pending fact check (examiner/checked.py); the grade unchanged if none."""
        complete = getattr(self.deps.examiner, "complete", None)
        if complete is None or turn.grade.fact_check != "pending":
            return turn.grade
        ref = self.reference(turn.question_id)
        rubric, probes = Rubric.of(ref), ref.probes
        if turn.kind == "follow_up":
            probe = next((p for p in ref.probes if turn.prompt.endswith(p.question)), None)
            points = probe.key_points if probe else ref.key_points
            rubric = Rubric(turn.prompt, " ".join(k.text for k in points), points)
            probes = ()
        grade: Grade = complete(turn.grade, rubric, turn.answer, probes, on_progress)
        return grade

    def warm_check(self, question_id: str) -> None:
        """Let the fact-check model read this question's reference before the answer comes."""
        checker = getattr(self.deps.examiner, "checker", None)
        if checker is not None and not is_own(question_id):
            checker.warm(Rubric.of(self.deps.kb.reference(question_id)))

    def precheck(self, question_id: str, draft: str, limit: int = 3) -> int:
        """Judge the finished sentences of an answer still being typed (best effort)."""
        checker = getattr(self.deps.examiner, "checker", None)
        if checker is None or is_own(question_id):
            return 0
        rubric = Rubric.of(self.deps.kb.reference(question_id))
        return int(checker.precheck(rubric, draft, limit))

    def retry(self, interview: Interview) -> str:
        """Ask the most recent main question again; returns its id."""
        main = [t for t in interview.turns if t.kind in ("question", "retry")]
        if not main:
            raise ValueError("nothing to try again yet")
        interview.retry_question = main[-1].question_id
        return interview.retry_question

    def warm_up(self) -> None:
        """Precompute the examiner's rubric embeddings (call it in a background thread)."""
        warm = getattr(self.deps.examiner, "warm", None)
        if warm is not None:
            warm(self.deps.kb.reference(q.id) for q in self.deps.kb.knowledge.answerable)

    def skip(self, interview: Interview) -> None:
        interview.pending_probe = None
        interview.follow_ups_asked = 0
        interview.position += 1

    def _advance(self, interview: Interview, ref: ReferenceAnswer, kind: str,
                 follow_up: str | None) -> None:  # fmt: skip
        can_follow = interview.follow_ups_asked < interview.plan.max_follow_ups
        if follow_up and can_follow and "no-answer" not in interview.turns[-1].grade.flags:
            probe = next((p for p in ref.probes if p.question == follow_up), None)
            # An LLM's own follow-up has no probe rubric: grade it against the reference's points.
            interview.pending_probe = probe or Probe(follow_up, ref.key_points)
            interview.follow_ups_asked += 1
            return
        self.skip(interview)

    def _passages(self, prompt: Prompt, answer: str) -> Sequence[Passage]:
        if not self.deps.examiner.name.startswith("llm:") or not answer.strip():
            return ()  # only the LLM examiner uses retrieved material
        return self.deps.kb.search(f"{prompt.text}\n{answer[:1000]}", k=4)
