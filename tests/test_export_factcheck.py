"""Exports of a fact-checked turn: verdicts in JSON, the quoting feedback literal in Markdown."""

from __future__ import annotations

import json

from interviewer.domain import ClaimResult, Grade, Question, Turn
from interviewer.sessions.export import to_json, to_markdown
from interviewer.sessions.history import SessionInfo

Q = Question("core-ideas-01", "Python", "Core Ideas", "core-ideas", 1, "What is a decorator?")
SESSION = SessionInfo("s1", "ann", "2026-01-02T10:00:00+00:00", "offline", {}, None)
SAID = "See [docs](http://evil.example) **now** <b>x</b> `y`"
FEEDBACK = f"Not correct: “{SAID}” In fact: A decorator returns a callable.\nMissing: wraps."


def turns() -> list[Turn]:
    claim = ClaimResult(SAID, 0.97, True, "A decorator returns a callable.")
    grade = Grade(1.0, (), FEEDBACK, None, 1.0, "offline+qwen", flags=("misconception",),
                  claims=(claim,), fact_check="checked")  # fmt: skip
    return [Turn("core-ideas-01", "question", "What is a decorator?", SAID, grade,
                 "2026-01-02T10:01:00+00:00")]  # fmt: skip


def test_json_keeps_each_judged_sentence_its_verdict_and_correction() -> None:
    turn = json.loads(to_json(SESSION, turns(), [Q], knowledge_version="1"))["turns"][0]
    assert turn["fact_check"] == "checked"
    assert turn["claims"] == [{"sentence": SAID, "p_false": 0.97, "false": True,
                               "correction": "A decorator returns a callable."}]  # fmt: skip


def test_markdown_shows_the_feedback_s_quote_of_the_answer_literally_line_by_line() -> None:
    md = to_markdown(SESSION, turns(), [Q], knowledge_version="1")
    assert "\\[docs](http://evil.example) \\*\\*now\\*\\* &lt;b&gt;x&lt;/b&gt; \\`y\\`" in md
    assert "In fact: A decorator returns a callable.  \nMissing: wraps." in md
    assert "[docs](http" not in md.replace("\\[docs](http", "")
