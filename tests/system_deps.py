"""System packages some tests need (chromium, espeak-ng, sox, poppler-utils, PostgreSQL).

`make test` installs them first (scripts/system-deps). Where one is still missing (no root,
not Debian), the tests that need it are skipped with one line naming what to install, and
the end of the run lists them, so a partial run never passes for a full one. With
INTERVIEWER_REQUIRE_SYSTEM_DEPS=1 (CI) a missing one fails the test instead.
INTERVIEWER_TEST_WITHOUT=chromium,sox runs the tests as if those were missing.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterable

import pytest

# tool -> (Debian package, what the tests use it for)
TOOLS = {
    "chromium": ("chromium", "browser tests"),
    "espeak-ng": ("espeak-ng", "spoken test answers"),
    "sox": ("sox", "test audio"),
    "pdftotext": ("poppler-utils", "PDF export check"),
    "postgresql": ("postgresql", "scale-out tests"),
}


def _pretend_missing() -> set[str]:
    return {t.strip() for t in os.environ.get("INTERVIEWER_TEST_WITHOUT", "").split(",")}


def database_url() -> str | None:
    """The PostgreSQL database the tests may wipe (`make test` finds the one system-deps made)."""
    if "postgresql" in _pretend_missing():
        return None
    return os.environ.get("TEST_DATABASE_URL") or None


def which(tool: str) -> str | None:
    if tool not in TOOLS:
        raise ValueError(f"unknown system tool {tool!r}; known: {', '.join(TOOLS)}")
    if tool in _pretend_missing():
        return None
    if tool == "postgresql":
        return database_url()
    return shutil.which(tool)


def reason(tool: str) -> str:
    package, purpose = TOOLS[tool]
    if tool == "postgresql":
        return (f"no PostgreSQL test database ({purpose}): run `make test` (scripts/system-deps "
                "sets one up, as root or with sudo), or set TEST_DATABASE_URL to a PostgreSQL "
                "database the tests may wipe")  # fmt: skip
    return (f"{tool} is not installed ({purpose}): run scripts/system-deps, "
            f"or sudo apt-get install {package}")  # fmt: skip


def required() -> bool:
    """CI: a missing tool fails the tests that need it instead of skipping them."""
    return os.environ.get("INTERVIEWER_REQUIRE_SYSTEM_DEPS", "") not in ("", "0")


def missing(*tools: str) -> str | None:
    """Why the tests that need these tools cannot run here, or None if they can."""
    return next((reason(tool) for tool in tools if which(tool) is None), None)


def need(*tools: str) -> None:
    """Skip the test if a tool is missing (fail it under INTERVIEWER_REQUIRE_SYSTEM_DEPS)."""
    why = missing(*tools)
    if why and required():
        pytest.fail(f"{why} (INTERVIEWER_REQUIRE_SYSTEM_DEPS is set)")
    if why:
        pytest.skip(why)


def skipped_for_missing(reports: Iterable[object]) -> Counter[str]:
    """How many skipped tests each missing tool's reason accounts for."""
    known = {reason(tool) for tool in TOOLS}
    counts: Counter[str] = Counter()
    for report in reports:
        longrepr = getattr(report, "longrepr", None)
        if isinstance(longrepr, tuple) and len(longrepr) == 3:
            text = str(longrepr[2]).removeprefix("Skipped: ")
            if text in known:
                counts[text] += 1
    return counts
