"""Exports of answers with code: a fence in Markdown, as typed in JSON, monospace in PDF."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from interviewer.domain import Grade, Question, Turn
from interviewer.examiner.code_answer import compose
from interviewer.sessions.export import to_json, to_markdown
from interviewer.sessions.export_pdf import to_pdf
from interviewer.sessions.history import SessionInfo

Q = Question("core-ideas-01", "Python", "Core Ideas", "core-ideas", 1, "What is a decorator?")
SESSION = SessionInfo("s1", "ann", "2026-01-02T10:00:00+00:00", "offline", {}, None)
CODE = "def deco(f):\n    return f  # <script>alert(1)</script>\n\nx = '```'"
ANSWER = compose("It wraps <b>f</b>.", CODE)


def turns(answer: str = ANSWER) -> list[Turn]:
    grade = Grade(3.0, (), "fb", None, 1.0, "offline")
    return [Turn("core-ideas-01", "question", "What is a decorator?", answer, grade,
                 "2026-01-02T10:01:00+00:00")]  # fmt: skip


def test_markdown_shows_prose_quoted_and_code_fenced_with_its_syntax_check() -> None:
    md = to_markdown(SESSION, turns(), [Q], knowledge_version="1")
    assert "> It wraps &lt;b&gt;f&lt;/b&gt;." in md
    assert f"````python\n{CODE}\n````" in md  # longer than the ``` inside the code
    broken = to_markdown(SESSION, turns(compose("", "def f(:")), [Q], knowledge_version="1")
    assert "```python\ndef f(:\n```\n\nSyntax check: line 1: invalid syntax." in broken


def test_json_keeps_the_answer_with_its_fence() -> None:
    data = json.loads(to_json(SESSION, turns(), [Q], knowledge_version="1"))
    assert data["turns"][0]["answer"] == ANSWER


@pytest.mark.needs("pdftotext")
def test_pdf_prints_code_in_a_monospace_font(tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    path.write_bytes(to_pdf(SESSION, turns(compose("Prose.", CODE + "\ndef f(:")), [Q], "1"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Answer: Prose." in text and "\n    return f " in text  # indentation kept
    assert "# <script>alert(1)</script>" in " ".join(text.split())
    assert "Syntax check: line 5: invalid syntax" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    assert "DejaVuSansMono" in fonts
