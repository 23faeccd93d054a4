"""The claim check: is each sentence of an answer true, according to a model that reads?

Embeddings measure topic, not truth: a fluent wrong answer in the right words
lands next to the right one. Here a small instruct LLM judges one claim at a
time against the question's reference answer, with a one-token reply, and
P(FALSE) is read from the reply's log-probabilities (no free-form generation).
The instruction and the reference come first so that, per question, only the
claim's own tokens are new to the server's prefix cache (`warm` fills it while
the candidate is still answering). Verdicts are remembered per prompt, and `precheck`
judges the finished sentences of an answer still being typed, so that at submit only
the last ones are new. The answer is untrusted data: it is split into
sentences, fillers of spoken answers are removed, and sentences that address the
grader or the checker ("answer TRUE") are dropped before anything is asked.
It does not change a grade; examiner/verdicts.py does that.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..knowledge.documents import encoding
from ..llm.chat import LLMError, TokenScorer
from ..prompts import load
from .features import Rubric
from .text import addresses_grader, words

MAX_CLAIMS = 12
REMEMBERED = 4096  # verdicts kept, so a sentence judged while typing is not judged again
MIN_CLAIM_WORDS = 4
REFERENCE_TOKENS = 420  # keeps the whole prompt inside the local server's context

_FILLER = re.compile(r"\b(?:u+m+|u+h+|e+r+m*|hmm+|ah+)\b[,.]?\s*|\b(?:you know|i mean),\s*", re.I)
_ADDRESSES_CHECKER = re.compile(
    r"\b(answer|say|reply|respond|output|print|return|judge|mark|rate|classify)\b"
    r".{0,30}\b(true|false|correct)\b|\b(the answer|verdict|output) (is|=)\s*(true|false)",
    re.I,
)

# Where a draft's finished text ends: the last sentence mark followed by a space.
_FINISHED = re.compile(r".*[.!?](?=\s)", re.S)

# A single line break not followed by another, a list marker or a code fence.
_WRAPPED = re.compile(r"(?<=\S)[ \t]*\n(?![ \t]*(\n|$|[-*•]\s|\d+[.)]\s))[ \t]*")

# Sentence ends, not after "e.g.", "i.e." or "vs." ("etc." often ends one): a claim cut
# there is half a statement, which the model judges false.
_NOT_AN_END = r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)"
_CLAIM_END = re.compile(rf"{_NOT_AN_END}(?<=[.!?])\s+|\n+", re.I)
_CLAUSE_END = re.compile(rf"{_NOT_AN_END}(?<=[.!?;])\s+|\n+", re.I)

OnProgress = Callable[[int, int], None]  # (claims checked, claims in all)


@dataclass(frozen=True)
class ClaimVerdict:
    sentence: str
    p_false: float


@dataclass(frozen=True)
class FactCheck:
    verdicts: tuple[ClaimVerdict, ...]
    model: str
    dropped: int = 0  # sentences addressed to the checker
    # For a short answer: (the nearest known misconception, examiner/agreement.py's score)
    agreement: tuple[int, float] | None = None

    @property
    def mean_p_false(self) -> float:
        if not self.verdicts:
            return 0.0
        return sum(v.p_false for v in self.verdicts) / len(self.verdicts)


def clean_spoken(text: str) -> str:
    """The text without hesitation fillers ("um", "uh", "you know,")."""
    return re.sub(r"\s{2,}", " ", _FILLER.sub("", text)).strip()


def unwrap(text: str) -> str:
    """Hard-wrapped lines joined back into their sentences (paragraphs and list items kept).

    A line break inside a sentence would otherwise cut it into fragments ("Then it runs
    to the") that the model, seeing half a statement, judges false.
    """
    parts = re.split(r"(```.*?(?:```|$))", text.replace("\r\n", "\n"), flags=re.S)
    return "".join(p if p.startswith("```") else _WRAPPED.sub(" ", p) for p in parts)


def claim_sentences(text: str, semicolons: bool = True) -> list[str]:
    """The text's sentences, cut at semicolons too unless `semicolons` is False.

    A clause after a semicolon often leans on the one before ("...; it doesn't receive the
    class") and, judged alone, reads as false; but it is also one more vote on a short
    answer. Dev data did not prefer either (docs/experiments.md), so the cut stays.
    """
    cut = _CLAUSE_END if semicolons else _CLAIM_END
    parts = [s.strip() for s in cut.split(text) if s and len(s.strip()) > 2]
    return parts or ([text.strip()] if text.strip() else [])


def claims_of(answer: str, semicolons: bool = True) -> tuple[list[str], int]:
    """The sentences worth checking, and how many were dropped for addressing the checker."""
    kept: list[str] = []
    dropped = 0
    for s in claim_sentences(clean_spoken(unwrap(answer)), semicolons):
        if addresses_grader(s) or _ADDRESSES_CHECKER.search(s):
            dropped += 1
        elif len(words(s)) >= MIN_CLAIM_WORDS and s not in kept:
            kept.append(s)
    return kept[:MAX_CLAIMS], dropped


# How a claim is asked: (system prompt, user prompt, the reply meaning false, the other reply).
FRAMINGS = {
    "truth": ("claim_system.md", "claim_user.md", "FALSE", "TRUE"),
    "contradiction": ("contradiction_system.md", "contradiction_user.md", "YES", "NO"),
}


def p_false(logprobs: dict[str, float], false: str = "FALSE", true: str = "TRUE") -> float:
    """P(false) / (P(false) + P(true)) from a one-token reply's top log-probabilities."""
    f = t = 0.0
    for token, lp in logprobs.items():
        head = token.strip().upper()
        if head and false.startswith(head[: len(false)]):
            f += math.exp(lp)
        elif head and true.startswith(head[: len(true)]):
            t += math.exp(lp)
    if f + t == 0.0:
        raise LLMError(f"the fact-check model answered neither {true} nor {false}")
    return f / (f + t)


@functools.cache
def _shots(template: str) -> tuple[dict[str, str], ...]:
    """The worked examples as user/assistant turns, each asked in the real prompt's words.

    They come before the question, so the server keeps them evaluated across questions."""
    turns: list[dict[str, str]] = []
    for block in load("claim_shots.md").strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines()[:3])
        user = template.format(question=fields["Interview question"], hints="",
                               reference=fields["Reference answer (correct)"],
                               claim=fields["A candidate said"])  # fmt: skip
        turns += [{"role": "user", "content": user.strip()},
                  {"role": "assistant", "content": block.splitlines()[3].strip()}]  # fmt: skip
    return tuple(turns)


def _trim(text: str, limit: int) -> str:
    tokens = encoding().encode(text, disallowed_special=())
    return text if len(tokens) <= limit else encoding().decode(tokens[:limit]) + " …"


@dataclass
class FactChecker:
    model: TokenScorer
    hints: bool = False  # list the question's known misconceptions in the prompt
    reference: bool = True  # off only to measure what the reference adds (evals/reference_dev.py)
    framing: str = "truth"  # a key of FRAMINGS
    shots: bool = False  # worked examples (claim_shots.md) before the question, as earlier turns
    _seen: OrderedDict[str, float] = field(default_factory=OrderedDict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def name(self) -> str:
        return self.model.name

    def messages(self, rubric: Rubric, claim: str) -> list[dict[str, str]]:
        hints = ""
        if self.hints and rubric.misconceptions:
            wrong = sorted({m.claim for m in rubric.misconceptions})
            hints = "Common false ideas: " + " | ".join(wrong) + "\n"
        claim = claim.replace("<<<", "« ").replace(">>>", " »")
        system, user_file = FRAMINGS[self.framing][:2]
        template, reference = load(user_file), ""
        if self.reference:
            reference = _trim(rubric.reference.strip(), REFERENCE_TOKENS)
        else:  # the same prompt without its reference line, so the two never drift apart
            template = "".join(line for line in template.splitlines(keepends=True)
                               if not line.startswith("Reference answer"))  # fmt: skip
        user = template.format(question=rubric.question.strip(), reference=reference,
                               hints=hints, claim=claim.strip())  # fmt: skip
        return [{"role": "system", "content": load(system).strip()},
                *(_shots(template) if self.shots else ()),
                {"role": "user", "content": user.strip()}]  # fmt: skip

    def judge(self, rubric: Rubric, claim: str) -> float:
        """P(FALSE) for one claim (remembered); raises LLMError when the model cannot say."""
        messages = self.messages(rubric, claim)
        key = "\x00".join(m["content"] for m in messages)
        with self._lock:
            if key in self._seen:
                self._seen.move_to_end(key)
                return self._seen[key]
        p = p_false(self.model.first_token_logprobs(messages, top=10), *FRAMINGS[self.framing][2:])
        with self._lock:
            self._seen[key] = p
            while len(self._seen) > REMEMBERED:
                self._seen.popitem(last=False)
        return p

    def precheck(self, rubric: Rubric, draft: str, limit: int = 3) -> int:
        """Judge up to `limit` finished sentences of an answer still being written (best
        effort), so that the check at submit finds them done; returns how many were new.

        Only text up to the last sentence mark followed by a space counts as finished: the
        sentence being typed is left alone.
        """
        finished = _FINISHED.match(draft or "")
        if finished is None:
            return 0
        judged = 0
        for claim in claims_of(finished.group(0))[0]:
            if judged >= limit:
                break
            if not self.known(rubric, claim):
                try:
                    self.judge(rubric, claim)
                except LLMError:
                    return judged
                judged += 1
        return judged

    def known(self, rubric: Rubric, claim: str) -> bool:
        key = "\x00".join(m["content"] for m in self.messages(rubric, claim))
        with self._lock:
            return key in self._seen

    def warm(self, rubric: Rubric) -> None:
        """Have the server evaluate this question's fixed prefix now (best effort)."""
        messages = self.messages(rubric, "Python is a programming language.")
        with contextlib.suppress(LLMError):  # not remembered: the server must see it each time
            self.model.first_token_logprobs(messages, top=10)

    def check(
        self, rubric: Rubric, answer: str, on_progress: OnProgress | None = None
    ) -> FactCheck:
        claims, dropped = claims_of(answer)
        verdicts = []
        for i, claim in enumerate(claims):
            verdicts.append(ClaimVerdict(claim, self.judge(rubric, claim)))
            if on_progress:
                on_progress(i + 1, len(claims))
        return FactCheck(tuple(verdicts), self.name, dropped)
