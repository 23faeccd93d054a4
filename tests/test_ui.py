from __future__ import annotations

from interviewer.config import Settings
from interviewer.kb import KnowledgeBase
from interviewer.ui import _md_text, build_app, question_markdown, search_rows

from .fakes import HashingEmbedder


def test_app_builds_and_shows_reference_answers(tiny_settings: Settings) -> None:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    app = build_app(kb)
    assert app.title.startswith("Interviewer")
    md = question_markdown(kb, "core-ideas-02")
    assert "What does the GIL do?" in md and "first point about core-ideas-02" in md
    rows = search_rows(kb, "What is Flask?")
    assert rows[0][2] == "web-things-01"
    assert search_rows(kb, "   ") == []


def test_rubric_text_is_shown_literally_in_markdown() -> None:
    assert _md_text("__init__ <img src=x>") == r"\_\_init\_\_ \<img src=x\>"
