from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from interviewer.config import REPO_KNOWLEDGE, Settings

from .fakes import HashingEmbedder
from .system_deps import missing, need, required, skipped_for_missing

# The local fact-check model is started only by the tests written for it (test_local_llm.py);
# every other test, and the app processes tests start, grade without it.
os.environ["INTERVIEWER_LOCAL_LLM"] = "off"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*tools): system tools the test needs (see tests/system_deps.py)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`@pytest.mark.needs("chromium")`: skipped, naming what to install, where it is missing."""
    for item in items:
        tools = [tool for mark in item.iter_markers("needs") for tool in mark.args]
        why = missing(*tools)
        if why and not required():
            item.add_marker(pytest.mark.skip(reason=why))


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs"):
        need(*mark.args)  # fails here under INTERVIEWER_REQUIRE_SYSTEM_DEPS


def pytest_unconfigure(config: pytest.Config) -> None:
    """After pytest's own last line: which tests a missing system package kept from running."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    counts = skipped_for_missing(reporter.stats.get("skipped", []))
    if not counts:
        return
    total = sum(counts.values())
    reporter.write_sep("=", f"NOT A FULL RUN: {total} skipped for missing system packages",
                       yellow=True, bold=True)  # fmt: skip
    for text, n in counts.most_common():
        reporter.write_line(f"{n} test{'s' if n != 1 else ''} skipped: {text}", yellow=True)


TINY_BANK = """\
# Tiny bank

## **1. Python**

### **1.1 Core Ideas**

1. **What is a decorator?**
2. **What does the GIL do?**
- it is a lock
- one thread runs bytecode at a time

### **1.2 Web Things**

1. **What is Flask?**
"""


def answer_entry(qid: str, question: str, extra: str = "") -> str:
    return (
        textwrap.dedent(f"""\
      - id: {qid}
        question: "{question}"
        answer: |
          A model answer about {question.lower()} with enough words to be a real
          answer of the kind a strong candidate would say out loud in an interview.
        key_points:
          - text: first point about {qid}
            weight: 3
          - text: second point about {qid}
            weight: 2
          - text: third point about {qid}
            weight: 1
        probes:
          - question: Why does {qid} matter?
            key_points:
              - text: it matters because of {qid}
                weight: 2
        examples:
          - score: 4.5
            hits: [1, 2]
            answer: A strong example answer for {qid} that says the right things.
    """)
        + extra
    )


@pytest.fixture
def tiny_knowledge(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    (root / "banks").mkdir(parents=True)
    (root / "answers").mkdir()
    (root / "banks" / "tiny.md").write_text(TINY_BANK, encoding="utf-8")
    core = "section: core-ideas\ntitle: Core Ideas\nanswers:\n" + "".join(
        textwrap.indent(answer_entry(q, t), "")
        for q, t in [
            ("core-ideas-01", "What is a decorator?"),
            ("core-ideas-02", "What does the GIL do?"),
        ]
    )
    web = "section: web-things\ntitle: Web Things\nanswers:\n" + answer_entry(
        "web-things-01", "What is Flask?"
    )
    (root / "answers" / "core-ideas.yaml").write_text(core, encoding="utf-8")
    (root / "answers" / "web-things.yaml").write_text(web, encoding="utf-8")
    return root


@pytest.fixture
def tiny_settings(tmp_path: Path, tiny_knowledge: Path) -> Settings:
    return Settings(home=tmp_path / "home", knowledge_dir=tiny_knowledge)


@pytest.fixture
def real_settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", knowledge_dir=REPO_KNOWLEDGE)


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()
