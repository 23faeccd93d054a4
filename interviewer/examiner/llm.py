"""The LLM examiner: rubric-grounded grading by any OpenAI-compatible chat model.

Builds the prompt from files in `interviewer/prompts/` (reference answer, weighted
key points, retrieved passages, the most similar graded examples, and the
candidate's answer as delimited untrusted data, trimmed to a token budget),
validates the JSON reply into a Grade, gives malformed JSON one repair try, and
otherwise falls back to the offline examiner, saying so in the Grade. The
offline grade is always computed too: when the two disagree by more than 2.5
points the Grade is marked low-confidence. It does no HTTP itself (llm/chat.py does).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..domain import Grade, GradedExample, KeyPointResult, Passage, Probe, ReferenceAnswer
from ..knowledge.documents import encoding
from ..llm.chat import ChatModel, LLMError, Message
from ..prompts import load
from .features import Rubric
from .offline import OfflineExaminer, half_points

MAX_ANSWER_TOKENS = 1500
DISAGREEMENT = 2.5


def trim_to_tokens(text: str, limit: int) -> tuple[str, int]:
    """The text cut to `limit` cl100k tokens, and how many tokens were cut."""
    tokens = encoding().encode(text, disallowed_special=())
    if len(tokens) <= limit:
        return text, 0
    return encoding().decode(tokens[:limit]), len(tokens) - limit


def parse_reply(raw: str, n_points: int) -> dict[str, Any]:
    """Validate the model's JSON; raise ValueError saying what is wrong."""
    text = raw.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    score = data.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 5:
        raise ValueError("'score' must be a number from 0 to 5")
    points = data.get("key_points", [])
    if not isinstance(points, list):
        raise ValueError("'key_points' must be a list")
    hits: dict[int, str] = {}
    for p in points:
        if not isinstance(p, dict) or not isinstance(p.get("index"), int):
            raise ValueError("each key point needs an integer 'index'")
        if 1 <= p["index"] <= n_points and p.get("hit") is True:
            hits[p["index"] - 1] = str(p.get("evidence") or "")
    text_fields = {
        k: str(data.get(k) or "").strip() for k in ("good", "missing", "tip", "follow_up")
    }
    return {"score": float(score), "hits": hits, **text_fields}


def misconception_lines(rubric: Rubric) -> str:
    """One line per false idea: its wordings, then its correction."""
    wordings: dict[str, list[str]] = {}
    for m in rubric.misconceptions:
        wordings.setdefault(m.correction, []).append(m.claim)
    return "\n".join(f"- Wrong: {' / '.join(claims)} Right: {correction}"
                     for correction, claims in wordings.items())  # fmt: skip


@dataclass
class LLMExaminer:
    chat: ChatModel
    offline: OfflineExaminer
    max_answer_tokens: int = MAX_ANSWER_TOKENS
    stream_deadline: float = 60.0  # seconds a streamed reply may take in all (slow trickles)

    @property
    def name(self) -> str:
        return f"llm:{self.chat.name}"

    def messages(self, rubric: Rubric, answer: str, examples: Sequence[GradedExample],
                 passages: Sequence[Passage]) -> list[Message]:  # fmt: skip
        answer, cut = trim_to_tokens(answer, self.max_answer_tokens)
        points = "\n".join(f"{i}. [{p.weight}] {p.text}" for i, p in enumerate(rubric.points(), 1))
        shown = "\n".join(f"- ({e.score:g}/5) {e.answer.strip()}" for e in examples) or "(none)"
        material = "\n".join(f"- {p.text.strip()}" for p in passages) or "(none)"
        note = f"\n(The answer was trimmed: {cut} tokens over the limit were cut.)" if cut else ""
        user = load("grade_user.md").format(
            question=rubric.question, reference=rubric.reference, key_points=points,
            misconceptions=misconception_lines(rubric) or "(none listed)",
            passages=material, examples=shown, answer=answer.replace("</candidate_answer>", ""),
            trim_note=note,
        )  # fmt: skip
        return [{"role": "system", "content": load("grade_system.md")},
                {"role": "user", "content": user}]  # fmt: skip

    def warm(self, references: Iterable[ReferenceAnswer]) -> None:
        self.offline.warm(references)  # the cross-check grades offline on every turn

    def grade(self, rubric: Rubric, answer: str, examples: Sequence[GradedExample] = (),
              probes: Sequence[Probe] = (), passages: Sequence[Passage] = (),
              on_text: Callable[[str], None] | None = None) -> Grade:  # fmt: skip
        baseline = self.offline.grade(rubric, answer, examples, probes)
        if "no-answer" in baseline.flags:
            return baseline
        messages = self.messages(rubric, answer, examples, passages)
        n = len(rubric.points())
        try:
            raw = self._ask(messages, on_text)
            try:
                reply = parse_reply(raw, n)
            except ValueError as exc:
                repair = load("repair.md").format(error=str(exc))
                retry = [*messages, {"role": "assistant", "content": raw[:4000]},
                         {"role": "user", "content": repair}]  # fmt: skip
                reply = parse_reply(self.chat.complete(retry, json_mode=True), n)
        except (LLMError, ValueError) as exc:
            return fallback(baseline, str(exc))
        return self._to_grade(rubric, answer, reply, baseline)

    def _ask(self, messages: list[Message], on_text: Callable[[str], None] | None) -> str:
        if on_text is None:
            return self.chat.complete(messages, json_mode=True)
        text, start = "", time.monotonic()
        for piece in self.chat.stream(messages, json_mode=True):
            text += piece
            on_text(text)
            if time.monotonic() - start > self.stream_deadline:
                raise LLMError(f"the LLM took longer than {self.stream_deadline:g} s to answer")
        return text

    def _to_grade(self, rubric: Rubric, answer: str, reply: dict[str, Any],
                  baseline: Grade) -> Grade:  # fmt: skip
        results = []
        for i, p in enumerate(rubric.points()):
            evidence = reply["hits"].get(i)
            # Evidence must be the candidate's own words, not the model's paraphrase.
            quoted = evidence if evidence and evidence in answer else ""
            results.append(KeyPointResult(p.text, p.weight, evidence is not None, quoted))
        score = half_points(reply["score"])
        offline_coverage = sum(k.weight for k in baseline.key_points if k.hit) / max(
            1, sum(k.weight for k in baseline.key_points)
        )
        flags = [f for f in baseline.flags if f in ("ignored-grader-address", "trimmed")]
        confidence = 0.85
        if abs(score - 5 * offline_coverage) > DISAGREEMENT:
            confidence = 0.3
            flags.append("llm-offline-disagree")
        feedback = " ".join(x for x in (
            f"Good: {reply['good']}" if reply["good"] else "",
            f"Missing: {reply['missing']}" if reply["missing"] else "",
            f"Tip: {reply['tip']}" if reply["tip"] else "",
        ) if x)  # fmt: skip
        return Grade(
            score=score, key_points=tuple(results), feedback=feedback or baseline.feedback,
            follow_up=reply["follow_up"] or baseline.follow_up, confidence=confidence,
            examiner=self.name, flags=tuple(flags),
        )  # fmt: skip


def fallback(offline_grade: Grade, reason: str) -> Grade:
    note = f"The LLM examiner was unavailable ({reason}); the offline examiner graded this answer."
    return replace(
        offline_grade,
        feedback=f"{note} {offline_grade.feedback}",
        flags=(*offline_grade.flags, "llm-fallback"),
    )
