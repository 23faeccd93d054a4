"""What the interview engine needs from an examiner, and how to pick one from settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from ..config import Settings
from ..domain import Grade, GradedExample, Passage, Probe, ReferenceAnswer
from ..embeddings import CachedEmbedder, TokenEmbedder
from .features import Rubric
from .offline import OfflineExaminer
from .topics import TopicIndex

OnText = Callable[[str], None]  # receives the LLM's reply so far, as it streams


class Examiner(Protocol):
    @property
    def name(self) -> str: ...

    def grade(
        self,
        rubric: Rubric,
        answer: str,
        examples: Sequence[GradedExample] = (),
        probes: Sequence[Probe] = (),
        passages: Sequence[Passage] = (),
        on_text: OnText | None = None,
    ) -> Grade: ...


def build_examiner(settings: Settings, embedder: TokenEmbedder,
                   references: Sequence[ReferenceAnswer] = ()) -> Examiner:  # fmt: skip
    """The LLM examiner when INTERVIEWER_MODEL is set, else the offline one.

    `references` (the bank's) let the offline examiner notice an answer to another question.
    """
    cached = CachedEmbedder(embedder)
    offline = OfflineExaminer(cached, topics=TopicIndex(cached, references) if references else None)
    if not settings.openai_model:
        return offline
    from ..llm import LLMConfig, OpenAIChatModel
    from .llm import LLMExaminer

    config = LLMConfig(
        model=settings.openai_model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
    )
    return LLMExaminer(OpenAIChatModel(config), offline, stream_deadline=settings.llm_timeout)
