"""The LLM boundary: the only module that imports openai.

`ChatModel` is what the rest of the code needs from a chat LLM: one completion
(optionally JSON mode) and a token stream; `TokenScorer` adds the log-probabilities
of a one-token reply (the claim check reads P(FALSE) from them). `OpenAIChatModel` implements it for
any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio, llama.cpp) from
OPENAI_API_KEY / OPENAI_BASE_URL / INTERVIEWER_MODEL. Retries with exponential
backoff on 429, 5xx, timeouts and dropped connections come from the SDK
(`max_retries`); every failure surfaces as one `LLMError` with a plain message.
Tests use a fake ChatModel or a scripted loopback server, never the internet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

Message = dict[str, str]


class LLMError(RuntimeError):
    """The LLM could not answer (down, timing out, refusing, or garbled)."""


class LLMTimeout(LLMError):
    """The LLM did not answer within the configured timeout."""


class ChatModel(Protocol):
    name: str

    def complete(self, messages: Sequence[Message], json_mode: bool = False) -> str: ...

    def stream(self, messages: Sequence[Message], json_mode: bool = False) -> Iterator[str]: ...


class TokenScorer(Protocol):
    """A chat model that can say how likely each first token of its reply is."""

    name: str

    def first_token_logprobs(self, messages: Sequence[Message], top: int = 10) -> dict[str, float]:
        """{token text: log-probability} of the reply's first token, the `top` likeliest."""
        ...


@dataclass(frozen=True)
class LLMConfig:
    model: str
    api_key: str | None = None
    base_url: str | None = None
    timeout: float = 30.0
    max_retries: int = 2
    temperature: float = 0.0


class OpenAIChatModel:
    def __init__(self, config: LLMConfig) -> None:
        import httpx
        import openai

        self._openai = openai
        self._httpx = httpx
        self.config = config
        self.name = config.model
        self.client = openai.OpenAI(
            api_key=config.api_key or "not-needed",  # local servers accept any key
            base_url=config.base_url,
            timeout=config.timeout,
            max_retries=config.max_retries,
        )

    def complete(self, messages: Sequence[Message], json_mode: bool = False) -> str:
        kwargs: dict[str, Any] = {"response_format": {"type": "json_object"}} if json_mode else {}
        try:
            response = self.client.chat.completions.create(
                model=self.config.model, messages=list(messages),  # type: ignore[arg-type]
                temperature=self.config.temperature, **kwargs,
            )  # fmt: skip
        except self._openai.APIError as exc:
            raise LLMError(_describe(exc)) from exc
        if not response.choices or response.choices[0].message.content is None:
            raise LLMError("the LLM returned no content")
        return response.choices[0].message.content

    def first_token_logprobs(self, messages: Sequence[Message], top: int = 10) -> dict[str, float]:
        try:
            response = self.client.chat.completions.create(
                model=self.config.model, messages=list(messages),  # type: ignore[arg-type]
                temperature=0.0, max_tokens=1, logprobs=True, top_logprobs=top,
            )  # fmt: skip
        except self._openai.APITimeoutError as exc:
            raise LLMTimeout(_describe(exc)) from exc
        except self._openai.APIError as exc:
            raise LLMError(_describe(exc)) from exc
        choice = response.choices[0] if response.choices else None
        content = choice.logprobs.content if choice and choice.logprobs else None
        if not content:
            raise LLMError("the LLM server returned no logprobs (does it support them?)")
        out: dict[str, float] = {}
        for alt in content[0].top_logprobs or []:
            out[alt.token] = max(out.get(alt.token, -1e9), float(alt.logprob))
        if not out:
            out[content[0].token] = float(content[0].logprob)
        return out

    def stream(self, messages: Sequence[Message], json_mode: bool = False) -> Iterator[str]:
        kwargs: dict[str, Any] = {"response_format": {"type": "json_object"}} if json_mode else {}
        try:
            chunks: Any = self.client.chat.completions.create(
                model=self.config.model, messages=list(messages),  # type: ignore[arg-type]
                temperature=self.config.temperature, stream=True, **kwargs,
            )  # fmt: skip
            finished = False
            for chunk in chunks:
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
                finished = finished or bool(chunk.choices and chunk.choices[0].finish_reason)
            if not finished:
                raise LLMError("the LLM connection dropped mid-answer")
        except (self._openai.APIError, self._httpx.HTTPError) as exc:
            raise LLMError(_describe(exc)) from exc


def _describe(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    kind = type(exc).__name__
    if status == 429:
        return "the LLM server is rate-limiting requests (429)"
    if status and status >= 500:
        return f"the LLM server failed ({status})"
    if "Timeout" in kind:
        return "the LLM did not answer in time"
    if "Connection" in kind or "Protocol" in kind or "Read" in kind:
        return "cannot reach the LLM server"
    if status in (401, 403):
        return f"the LLM server refused the API key ({status})"
    return f"the LLM request failed ({kind}{f' {status}' if status else ''})"
