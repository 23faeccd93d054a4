"""Start the Interviewer web app: build the parts from the environment, then launch."""

from __future__ import annotations

import os

from interviewer.config import Settings
from interviewer.embeddings import MiniLMEmbedder
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.base import build_examiner
from interviewer.history import History
from interviewer.kb import KnowledgeBase
from interviewer.practice import Practice
from interviewer.ui import build_app


def main() -> None:
    settings = Settings.from_env()
    embedder = MiniLMEmbedder()
    kb = KnowledgeBase.open(settings, embedder)
    kb.ensure_index()
    engine = InterviewEngine(EngineDeps(kb, build_examiner(settings, embedder)))
    app = build_app(kb, Practice(engine, History(settings.history_path)))
    app.launch(
        server_name=os.environ.get("INTERVIEWER_HOST", "127.0.0.1"),
        server_port=int(os.environ.get("INTERVIEWER_PORT", "7860")),
    )


if __name__ == "__main__":
    main()
