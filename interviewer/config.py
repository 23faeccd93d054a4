"""Settings: every environment variable the app reads, read in one place.

`Settings.from_env()` is called at the edges (CLI, app.py); everything else gets
a Settings (or the parts it needs) passed in, so tests point paths at temp dirs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
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
    openai_model: str | None = None  # INTERVIEWER_MODEL: set it to use the LLM examiner
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    llm_timeout: float = 30.0
    users: str | None = None  # INTERVIEWER_USERS: "user:password,..." or a file of them
    database_url: str | None = None  # DATABASE_URL: sessions in PostgreSQL instead of SQLite
    local_llm: bool = False  # from_env: on unless INTERVIEWER_LOCAL_LLM=off
    # INTERVIEWER_FACTCHECK_URL: an OpenAI-compatible server with logprobs (e.g. vLLM serving
    # the same model) checks claims instead of the local one; INTERVIEWER_FACTCHECK_MODEL names it.
    factcheck_url: str | None = None
    factcheck_model: str | None = None
    # INTERVIEWER_ANSWER_SECONDS="60-120": how long a spoken answer should last (delivery panel)
    answer_target_s: tuple[float, float] = (60.0, 120.0)

    @property
    def bank_paths(self) -> list[Path]:
        return [self.knowledge_dir / "banks", *self.extra_banks]

    @property
    def answers_dir(self) -> Path:
        return self.knowledge_dir / "answers"

    @property
    def history_path(self) -> Path:
        return self.home / "history.sqlite"

    @property
    def history_target(self) -> Path | str:
        """Where sessions live: DATABASE_URL when set, else SQLite in the home directory."""
        return self.database_url or self.history_path

    @property
    def exports_path(self) -> Path:
        return self.home / "exports"

    @property
    def models_path(self) -> Path:
        return self.home / "models"

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
            openai_api_key=env.get("OPENAI_API_KEY") or None,
            openai_base_url=env.get("OPENAI_BASE_URL") or None,
            users=env.get("INTERVIEWER_USERS") or None,
            database_url=_database_url(env.get("DATABASE_URL")),
            local_llm=env.get("INTERVIEWER_LOCAL_LLM", "on").strip().lower()
            not in ("off", "0", "false", "no"),
            factcheck_url=env.get("INTERVIEWER_FACTCHECK_URL") or None,
            factcheck_model=env.get("INTERVIEWER_FACTCHECK_MODEL") or None,
            llm_timeout=_positive_float(
                env.get("INTERVIEWER_LLM_TIMEOUT", "30"), "INTERVIEWER_LLM_TIMEOUT"
            ),
            answer_target_s=_seconds_range(env.get("INTERVIEWER_ANSWER_SECONDS", "60-120")),
        )


def _positive_float(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, got {text!r}") from None
    if not 0 < value <= 600:
        raise ValueError(f"{name} must be between 0 and 600 seconds, got {text!r}")
    return value


def _seconds_range(text: str) -> tuple[float, float]:
    parts = text.replace("–", "-").split("-")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        low = high = -1.0
    if not 0 <= low < high <= 3600:
        raise ValueError(f"INTERVIEWER_ANSWER_SECONDS must be MIN-MAX seconds like 60-120, "
                         f"got {text!r}")  # fmt: skip
    return low, high


def _database_url(url: str | None) -> str | None:
    if not url:
        return None
    if url.startswith("postgres://"):  # Heroku-style; SQLAlchemy wants the dialect name
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if "://" not in url:
        raise ValueError(
            f"DATABASE_URL must be a URL like postgresql://user:pw@host/db, got {url!r}"
        )
    return url
