"""Test doubles: a deterministic embedder (no model load)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence

import numpy as np

from interviewer.domain import Grade
from interviewer.examiner.features import Rubric
from interviewer.retrieval.embeddings import DIMENSIONS


class HashingEmbedder:
    """Deterministic bag-of-words vectors: a fast stand-in for tests.

    Texts sharing words get similar vectors, which is enough to test retrieval
    plumbing without loading the model. Not for real use.
    """

    model_id = "hashing-test"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9_]+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "big")
                out[row, h % DIMENSIONS] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
            if not norm:
                out[row, 0] = 1.0
        return out

    def embed_tokens(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[str]]]:
        result = []
        for text in texts:
            pieces = re.findall(r"[a-z0-9_]+", text.lower()) or ["[empty]"]
            result.append((self.embed(pieces), pieces))
        return result


class FakeChatModel:
    """A ChatModel with queued replies (str, or an exception to raise) and a recorded history."""

    def __init__(self, name: str = "fake-model") -> None:
        self.name = name
        self.replies: list[object] = []
        self.history: list[list[dict[str, str]]] = []

    def enqueue(self, *replies: object) -> None:
        self.replies.extend(replies)

    def complete(self, messages: Sequence[dict[str, str]], json_mode: bool = False) -> str:
        self.history.append(list(messages))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return str(reply)

    def stream(self, messages: Sequence[dict[str, str]], json_mode: bool = False) -> Iterator[str]:
        text = self.complete(messages, json_mode)
        yield from (w + " " for w in text.split())


class FakeExaminer:
    """Returns queued Grades and records what it was asked to grade."""

    name = "fake"

    def __init__(self) -> None:
        self.grades: list[Grade] = []
        self.calls: list[tuple[Rubric, str]] = []

    def enqueue(self, *grades: Grade) -> None:
        self.grades.extend(grades)

    def grade(self, rubric: Rubric, answer: str, examples: Sequence[object] = (),
              probes: Sequence[object] = (), passages: Sequence[object] = (),
              on_text: object = None) -> Grade:  # fmt: skip
        self.calls.append((rubric, answer))
        return self.grades.pop(0)


def make_grade(score: float, follow_up: str | None = None, flags: tuple[str, ...] = ()) -> Grade:
    return Grade(score=score, key_points=(), feedback="f", follow_up=follow_up, confidence=1.0,
                 examiner="fake", flags=flags)  # fmt: skip


class FakeScorer:
    """A TokenScorer: P(FALSE) per claim from a rule, every prompt recorded.

    `false_if(claim)` decides; the reply's top log-probabilities then say FALSE
    with probability `p` (else TRUE with it). Queue exceptions in `errors` to raise.
    """

    def __init__(self, false_if: object = None, p: float = 0.95, name: str = "fake-checker"):
        self.name = name
        self.false_if = false_if or (lambda claim: False)
        self.p = p
        self.prompts: list[list[dict[str, str]]] = []
        self.errors: list[Exception] = []

    def first_token_logprobs(self, messages: Sequence[dict[str, str]],
                             top: int = 10) -> dict[str, float]:  # fmt: skip
        import math

        self.prompts.append(list(messages))
        if self.errors:
            raise self.errors.pop(0)
        claim = messages[-1]["content"].split("<<<", 1)[1].split(">>>", 1)[0]
        says_false = self.false_if(claim)  # type: ignore[operator]
        hi, lo = math.log(self.p), math.log(1 - self.p)
        asks_yes_no = "Answer YES or NO" in messages[-1]["content"]
        no, yes = ("NO", "YES") if asks_yes_no else ("TRUE", "FALSE")
        return {yes: hi, no: lo} if says_false else {no: hi, yes: lo}


class FakeTranscriber:
    """A speech.Transcriber that 'hears' queued word timings; records what it was asked."""

    model_name = "fake-whisper"

    def __init__(self) -> None:
        self.heard: list[tuple[tuple[str, float, float], ...]] = []
        self.calls: list[tuple[str, bool]] = []
        self.prompts: list[str | None] = []  # the initial_prompt of each call

    def enqueue(self, text: str, start: float = 0.5, per_word: float = 0.4,
                pause_after: int | None = None, pause_s: float = 3.0) -> None:  # fmt: skip
        """Words back to back (150 wpm at 0.4 s each), with one silence after word `pause_after`."""
        words, t = [], start
        for i, w in enumerate(text.split()):
            words.append((w, t, t + per_word - 0.05))
            t += per_word + (pause_s if i + 1 == pause_after else 0.0)
        self.heard.append(tuple(words))

    def transcribe(self, path: object, word_timestamps: bool = False,
                   initial_prompt: str | None = None) -> object:  # fmt: skip
        from interviewer.web.speech import Transcript

        self.calls.append((str(path), word_timestamps))
        self.prompts.append(initial_prompt)
        words = self.heard.pop(0)
        text = " ".join(w for w, _, _ in words)
        return Transcript(text, words[-1][2] + 0.5, 0.01, self.model_name, words)
