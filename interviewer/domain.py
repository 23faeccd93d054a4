"""Domain types shared by every layer: questions, reference answers, passages.

Plain frozen dataclasses, no behaviour beyond small derived values. Nothing here
imports a third-party library, so every other module can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class KnowledgeError(ValueError):
    """A bank, answer or document file that cannot be used, with where and why."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Question:
    id: str  # e.g. "python-basics-03": section slug + position in the section
    part: str
    section: str
    section_slug: str
    number: int  # 1-based position within its section
    text: str
    hints: tuple[str, ...] = ()
    source: str = ""  # file the question came from
    line: int = 0

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "part": self.part,
            "section": self.section,
            "number": self.number,
            "text": self.text,
        }


@dataclass(frozen=True)
class KeyPoint:
    text: str
    weight: int = 1


@dataclass(frozen=True)
class Probe:
    question: str
    key_points: tuple[KeyPoint, ...]


@dataclass(frozen=True)
class GradedExample:
    answer: str
    score: float
    hits: tuple[int, ...]  # 0-based indices into the reference's key points


@dataclass(frozen=True)
class Misconception:
    """A false claim candidates often make, the truth to show them, and the point it breaks."""

    claim: str
    correction: str
    key_point: int  # 0-based index into the reference's key points


@dataclass(frozen=True)
class ReferenceAnswer:
    question_id: str
    question: str
    answer: str
    key_points: tuple[KeyPoint, ...]
    probes: tuple[Probe, ...]
    examples: tuple[GradedExample, ...] = ()
    source: str = ""
    line: int = 0
    asked_as: tuple[str, ...] = ()  # other wordings people use for the same question
    misconceptions: tuple[Misconception, ...] = ()


@dataclass(frozen=True)
class Passage:
    """One retrieved piece of knowledge, with where it came from."""

    question_id: str  # "" for user documents
    kind: str  # answer | key_point | probe | example | question | document
    text: str
    score: float  # cosine similarity, higher is closer
    source: str = ""
    metadata: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "question_id": self.question_id,
            "kind": self.kind,
            "text": self.text,
            "score": round(self.score, 4),
            "source": self.source,
        }


@dataclass(frozen=True)
class KeyPointResult:
    text: str
    weight: int
    hit: bool
    evidence: str = ""  # the words in the answer that earned it
    similarity: float = 0.0


@dataclass(frozen=True)
class ClaimResult:
    """One sentence of an answer as the fact check judged it."""

    sentence: str
    p_false: float  # the checking model's probability that it is false
    false: bool
    correction: str = ""  # the truth to show, from the rubric, when judged false


@dataclass(frozen=True)
class Grade:
    score: float  # 0..5 in half points
    key_points: tuple[KeyPointResult, ...]
    feedback: str
    follow_up: str | None
    confidence: float  # 0..1
    examiner: str  # "offline" or "llm:<model>"
    max_score: float = 5.0
    flags: tuple[str, ...] = ()  # e.g. "ignored-grader-address", "keyword-list", "off-topic"
    claims: tuple[ClaimResult, ...] = ()
    # "" no fact check configured; "pending"; "checked"; "not checked: <why>"
    fact_check: str = ""
    basis: str = ""  # an own-bank question's "which grading applies" line; "" for the bank

    def as_json(self) -> dict[str, object]:
        return {
            "score": self.score,
            "max_score": self.max_score,
            "key_points": [
                {"text": k.text, "hit": k.hit, "evidence": k.evidence} for k in self.key_points
            ],
            "feedback": self.feedback,
            "follow_up": self.follow_up,
            "confidence": round(self.confidence, 2),
            "examiner": self.examiner,
            "flags": list(self.flags),
            "fact_check": self.fact_check,
            "claims": [
                {"sentence": c.sentence, "p_false": round(c.p_false, 3), "false": c.false,
                 "correction": c.correction}
                for c in self.claims
            ],
            **({"basis": self.basis} if self.basis else {}),
        }  # fmt: skip


@dataclass(frozen=True)
class Delivery:
    """How a spoken answer was delivered (examiner/delivery.py), beside what it said."""

    duration_s: float  # the whole recording
    speaking_s: float  # first word to last word: the answer itself
    words: int
    wpm: float  # words over speaking_s
    fillers: dict[str, int]  # "um" -> 3
    pauses: tuple[tuple[float, float], ...]  # silences of 2 s or more between words
    hedges: dict[str, int]  # "I think" -> 2
    transcript_raw: str  # as heard, fillers and all
    transcript_clean: str  # fillers removed: what the content is graded on
    tip: str  # one line
    edited: bool = False  # the transcript was edited before the answer was submitted

    @property
    def filler_count(self) -> int:
        return sum(self.fillers.values())

    def as_json(self) -> dict[str, object]:
        return {
            "duration_s": round(self.duration_s, 2),
            "speaking_s": round(self.speaking_s, 2),
            "words": self.words,
            "wpm": round(self.wpm, 1),
            "fillers": dict(self.fillers),
            "filler_count": self.filler_count,
            "pauses": [{"start_s": round(a, 2), "end_s": round(b, 2)} for a, b in self.pauses],
            "hedges": dict(self.hedges),
            "transcript_raw": self.transcript_raw,
            "transcript_clean": self.transcript_clean,
            "tip": self.tip,
            "edited": self.edited,
        }

    @property
    def fillers_per_minute(self) -> float:
        return self.filler_count / self.speaking_s * 60 if self.speaking_s > 0 else 0.0


@dataclass(frozen=True)
class AnswerPart:
    """A piece of an answer: prose, or a fenced block of code (examiner/code_answer.py)."""

    text: str
    code: bool = False
    language: str = ""  # the fence's info string, e.g. "python"


@dataclass(frozen=True)
class Turn:
    """One asked prompt and the candidate's graded answer (and, when spoken, its delivery)."""

    question_id: str
    kind: str  # "question" | "follow_up"
    prompt: str
    answer: str  # what was graded: for a spoken answer, the transcript without fillers
    grade: Grade
    at: str  # ISO-8601 time from the injected clock
    delivery: Delivery | None = None  # None for a typed answer


@dataclass(frozen=True)
class OwnNote:
    """A notes file a person uploaded: its readable text (HTML already stripped)."""

    owner: str
    name: str  # the uploaded file's name, shown in the grading line
    text: str
    digest: str  # of the text: which version the notes index holds
    created_at: str


@dataclass(frozen=True)
class JobSkill:
    """A skill a job description asks for, and whether the question bank covers it."""

    name: str
    covered: bool
    mentions: int = 1
    optional: bool = False  # only under "nice to have", "bonus" and the like


@dataclass(frozen=True)
class PlannedQuestion:
    question_id: str
    why: str  # shown to the person: "matches: SQLAlchemy sessions, REST APIs"
    skills: tuple[str, ...] = ()  # the job's skills this question practises


@dataclass(frozen=True)
class JobPlan:
    """Questions chosen for a job description, and the skills the bank cannot practise."""

    skills: tuple[JobSkill, ...]
    questions: tuple[PlannedQuestion, ...]

    @property
    def not_covered(self) -> list[str]:
        return [s.name for s in self.skills if not s.covered]

    def as_json(self) -> dict[str, object]:
        return {
            "skills": [s.name for s in self.skills],
            "not_covered": self.not_covered,
            "questions": [
                {"question_id": q.question_id, "why": q.why, "skills": list(q.skills)}
                for q in self.questions
            ],
        }
