"""Settings: every environment variable the app reads, read in one place.

`Settings.from_env()` is called at the edges (CLI, app.py); everything else gets
a Settings (or the parts it needs) passed in, so tests point paths at temp dirs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def _default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("interviewer", appauthor=False))


@dataclass(frozen=True)
class Settings:
    home: Path  # where the Chroma store, the SQLite history and exports live
    knowledge_dir: Path = REPO_KNOWLEDGE  # holds banks/*.md and answers/*.yaml
    extra_banks: tuple[Path, ...] = ()
    chroma_host: str | None = None
    chroma_port: int = 8000
    openai_model: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def bank_paths(self) -> list[Path]:
        return [self.knowledge_dir / "banks", *self.extra_banks]

    @property
    def answers_dir(self) -> Path:
        return self.knowledge_dir / "answers"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = Path(env["INTERVIEWER_HOME"]) if env.get("INTERVIEWER_HOME") else _default_home()
        knowledge = Path(env.get("INTERVIEWER_KNOWLEDGE") or REPO_KNOWLEDGE)
        banks = tuple(Path(p) for p in env.get("INTERVIEWER_BANKS", "").split(os.pathsep) if p)
        port_text = env.get("CHROMA_PORT", "8000")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"CHROMA_PORT must be a port number, got {port_text!r}")
        return cls(
            home=home.expanduser(),
            knowledge_dir=knowledge.expanduser(),
            extra_banks=banks,
            chroma_host=env.get("CHROMA_HOST") or None,
            chroma_port=int(port_text),
            openai_model=env.get("INTERVIEWER_MODEL") or None,
        )
