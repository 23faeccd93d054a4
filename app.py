"""Start the Interviewer web app: build the parts from the environment, then launch.

Single-user on 127.0.0.1 by default; with INTERVIEWER_USERS set it asks for a
login and may listen on other interfaces (INTERVIEWER_HOST).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

from interviewer.cli.bank_grader import STORED_KINDS, ensure_rubric_cache
from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.base import build_examiner
from interviewer.retrieval.embeddings import MiniLMEmbedder
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.retrieval.own_banks import OwnBanks
from interviewer.retrieval.vector_cache import StoredEmbedder, read_cache
from interviewer.sessions.history import History
from interviewer.web.auth import Users, UsersError, parse_users
from interviewer.web.fact_checks import FactChecks
from interviewer.web.practice import Practice
from interviewer.web.speech import Transcriber, Voice
from interviewer.web.ui import UIDeps, build_app, launch_options


def main() -> None:
    settings = Settings.from_env()
    try:
        users = Users(parse_users(settings.users)) if settings.users else None
    except UsersError as exc:
        sys.exit(f"interviewer: {exc}")
    host = os.environ.get("INTERVIEWER_HOST", "127.0.0.1")
    if users is None and host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(
            "interviewer: refusing to serve other machines without logins; "
            "set INTERVIEWER_USERS (user:password,...) or keep INTERVIEWER_HOST=127.0.0.1"
        )
    embedder = MiniLMEmbedder()
    kb = KnowledgeBase.open(settings, embedder)
    kb.ensure_index()
    # The rubric vectors `interviewer index` keeps: without them the warm-up embeds every
    # rubric text again (about a minute on 2 cores), and the first answers wait for the model.
    # Without them (a fresh home), the index's own vectors serve until the warm-up writes them.
    cache = read_cache(settings.home, kb.fingerprint())
    rubric_embedder = StoredEmbedder(
        embedder, *(cache or (kb.store.stored_vectors(STORED_KINDS), {}))
    )
    # Downloads and spoken questions go to an unguessable per-process folder; Gradio serves
    # them from its own content-hashed cache, never from a path another user could guess.
    scratch = Path(tempfile.mkdtemp(prefix="interviewer-"))
    history = History(settings.history_target)
    engine = InterviewEngine(
        EngineDeps(
            kb,
            build_examiner(settings, rubric_embedder, list(kb.knowledge.answers.values())),
            own=OwnBanks(history, kb.store),
        )
    )
    checked = hasattr(engine.deps.examiner, "complete")
    deps = UIDeps(
        kb,
        Practice(
            engine,
            history,
            FactChecks(engine, history) if checked else None,
            answer_target=settings.answer_target_s,
        ),
        transcriber=Transcriber(settings.models_path),
        voice=Voice.create(scratch / "voice")
        if os.environ.get("INTERVIEWER_TTS", "piper") == "piper"
        else None,
        exports_dir=scratch / "exports",
        concurrency=int(os.environ.get("INTERVIEWER_CONCURRENCY", "4")),
        secret=os.environ.get("INTERVIEWER_SECRET") or None,
    )

    def warm_up() -> None:
        if cache is None:  # written once (kept for the next start), then served from
            ensure_rubric_cache(settings, kb)
            written = read_cache(settings.home, kb.fingerprint())
            if written is not None:
                rubric_embedder.adopt(*written)
        engine.warm_up()

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    local = getattr(getattr(engine.deps.examiner, "checker", None), "model", None)
    if local is not None and hasattr(local, "start"):  # loads while the first page opens
        threading.Thread(target=local.start, name="local-llm", daemon=True).start()
    app = build_app(deps)
    app.queue(default_concurrency_limit=deps.concurrency)
    app.launch(
        server_name=host,
        server_port=int(os.environ.get("INTERVIEWER_PORT", "7860")),
        **launch_options(users),
    )


if __name__ == "__main__":
    main()
