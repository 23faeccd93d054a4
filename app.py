"""Start the Interviewer web app: build the parts from the environment, then launch."""

from __future__ import annotations

import os

from interviewer.config import Settings
from interviewer.kb import KnowledgeBase
from interviewer.ui import build_app


def main() -> None:
    kb = KnowledgeBase.open(Settings.from_env())
    kb.ensure_index()
    app = build_app(kb)
    app.launch(
        server_name=os.environ.get("INTERVIEWER_HOST", "127.0.0.1"),
        server_port=int(os.environ.get("INTERVIEWER_PORT", "7860")),
    )


if __name__ == "__main__":
    main()
