"""What the web app is built from: plain data, no UI library.

app.py fills in `UIDeps` (tests use fakes) and passes it to `ui.build_app`:
the knowledge base, the interview flow (None: only the bank and search tabs),
speech in and out (None: not offered / the browser reads aloud), where
downloads are written, how many answers are graded at once, and the secret
that lets every app process read a browser's saved session id. It builds none
of these; app.py does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..retrieval.kb import KnowledgeBase
from .practice import Practice
from .speech import Transcriber, Voice


@dataclass
class UIDeps:
    kb: KnowledgeBase
    practice: Practice | None = None
    transcriber: Transcriber | None = None
    voice: Voice | None = None
    exports_dir: Path = Path("exports")
    concurrency: int = 4
    secret: str | None = None  # INTERVIEWER_SECRET: the same on every app process
