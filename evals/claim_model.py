"""The model the fact-check evals ask: INTERVIEWER_FACTCHECK_URL's server, or the local one.

Evals that judge claims (or ask the local model anything else) share this: when
INTERVIEWER_FACTCHECK_URL names an OpenAI-compatible server with logprobs, it is used;
otherwise the local model is assembled and its server started here, and the caller
closes it. It does not cache answers (evals/cached_scorer.py does).
"""

from __future__ import annotations

import os

from interviewer.config import Settings
from interviewer.llm.chat import LLMConfig, OpenAIChatModel
from interviewer.llm.local_model import MODEL_NAME, assemble_model
from interviewer.llm.server import N_CTX, LocalServer


def claim_model(
    timeout: float = 120, n_ctx: int = N_CTX
) -> tuple[OpenAIChatModel, LocalServer | None]:
    """(the model, the local server started for it, or None when a URL was given)."""
    server = None
    url = os.environ.get("INTERVIEWER_FACTCHECK_URL")
    if not url:
        settings = Settings.from_env()
        server = LocalServer(
            assemble_model(settings.models_path), settings.home / "llm.log", n_ctx=n_ctx
        )
        url = server.start()
    return OpenAIChatModel(LLMConfig(model=MODEL_NAME, base_url=url, timeout=timeout)), server
