"""What the interview engine needs from an examiner, and how to pick one from settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from ..config import Settings
from ..domain import Grade, GradedExample, Passage, Probe, ReferenceAnswer
from ..retrieval.embeddings import CachedEmbedder, TokenEmbedder
from .factcheck import FactChecker
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
                   references: Sequence[ReferenceAnswer] = (),
                   sync: bool = False) -> Examiner:  # fmt: skip
    """The LLM examiner when INTERVIEWER_MODEL is set; else the offline one, fact-checked by
    the local model (or INTERVIEWER_FACTCHECK_URL) unless INTERVIEWER_LOCAL_LLM=off.

    `references` (the bank's) let the offline examiner notice an answer to another question.
    `sync`: the fact check runs inside `grade` (CLI, evals) instead of being left pending.
    """
    cached = CachedEmbedder(embedder)
    topics = TopicIndex(cached, references) if references else None
    offline = OfflineExaminer(cached, topics=topics)
    if not settings.openai_model:
        checker = build_fact_checker(settings)
        if checker is None:
            return offline
        from dataclasses import replace

        from .checked import CheckedExaminer

        no_cosine_rule = replace(offline.t, misconception_check=False)
        unchecked = OfflineExaminer(cached, thresholds=no_cosine_rule, topics=topics)
        return CheckedExaminer(unchecked, checker, cached, sync=sync)
    from ..llm.chat import LLMConfig, OpenAIChatModel
    from .llm import LLMExaminer

    config = LLMConfig(
        model=settings.openai_model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
    )
    return LLMExaminer(OpenAIChatModel(config), offline, stream_deadline=settings.llm_timeout)


def build_fact_checker(settings: Settings) -> FactChecker | None:
    """The claim checker the settings ask for, or None (local model off or not installed)."""
    from .factcheck import FactChecker

    if settings.factcheck_url:
        from ..llm.chat import LLMConfig, OpenAIChatModel

        config = LLMConfig(model=settings.factcheck_model or "qwen2.5-coder-1.5b-instruct",
                           api_key=settings.openai_api_key, base_url=settings.factcheck_url,
                           timeout=settings.llm_timeout, max_retries=1)  # fmt: skip
        return FactChecker(OpenAIChatModel(config))
    if not settings.local_llm:
        return None
    from ..llm.local_model import runtime_available
    from ..llm.server import ManagedModel

    if not runtime_available():
        return None
    # A question's first claim evaluates its whole reference (~400 tokens): slow on a busy CPU.
    model = ManagedModel(settings.models_path, settings.home / "local-llm.log",
                         timeout=max(settings.llm_timeout, 90.0))  # fmt: skip
    return FactChecker(model)
