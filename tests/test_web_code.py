"""Code answers in the web interview: the editor's flag, the answer sent, the transcript."""

from __future__ import annotations

from pathlib import Path

from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.sessions.history import History
from interviewer.web.interview_tab import InterviewTab
from interviewer.web.practice import Practice
from interviewer.web.ui_deps import UIDeps
from interviewer.web.ui_updates import Update
from interviewer.web.views import answer_markdown, code_check

from .fakes import FakeExaminer, HashingEmbedder, make_grade

PROSE = "It wraps <b>f</b> **now**."
CODE = 'def deco(f):\n    return f  # "<script>alert(1)</script>"'


def test_the_transcript_shows_code_as_code_and_prose_as_text() -> None:
    md = answer_markdown(f"{PROSE}\n\n```python\n{CODE}\n```")
    assert md.startswith(r"It wraps &lt;b&gt;f&lt;/b&gt; \*\*now\*\*.")
    assert md.endswith(f"```python\n{CODE}\n```")  # HTML in a code block is shown, not rendered
    # Backticks in the code lengthen the fence, so the code cannot end the block early.
    assert answer_markdown("```python\nx = '```'\n```") == "````python\nx = '```'\n````"
    assert answer_markdown("```python\nunclosed <i>") == r"\`\`\`python  " + "\nunclosed &lt;i&gt;"


def test_the_syntax_check_under_the_editor() -> None:
    assert code_check(CODE) == "" and code_check("") == ""
    assert code_check("def f(:") == "⚠️ Syntax error, line 1: invalid syntax. You can still submit."


def test_an_answer_with_code_is_graded_and_kept_as_prose_plus_a_fence(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    answers = tiny_settings.knowledge_dir / "answers" / "core-ideas.yaml"
    text = answers.read_text(encoding="utf-8")
    answers.write_text(text.replace(
        "in an interview.\n", "in an interview.\n\n    ```python\n    @wraps(f)\n    ```\n",
        1), encoding="utf-8")  # fmt: skip
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    examiner = FakeExaminer()
    examiner.enqueue(make_grade(3.0), make_grade(2.0))
    practice = Practice(InterviewEngine(EngineDeps(kb, examiner)),  # type: ignore[arg-type]
                        History(tmp_path / "h.sqlite"))  # fmt: skip
    tab = InterviewTab(UIDeps(kb, practice, exports_dir=tmp_path), practice)
    started = tab.start("local", ["Core Ideas"], False, 2, "practice")
    st = started["state"]
    st.interview.question_ids[:] = ["core-ideas-01", "core-ideas-02"]  # the one with code first
    assert tab.code_helps(st)
    assert tab.check_code("def f(:\n")["code_check"].startswith("⚠️ Syntax error, line 1")
    *_, done = tab.answer(st, PROSE, None, "local", None, "def f(:\n    pass\n")
    graded = examiner.calls[-1][1]
    assert graded == f"{PROSE}\n\n```python\ndef f(:\n    pass\n```"
    assert practice.history.turns(st.session_id)[0].answer == graded
    assert done["code"] == "" and done["code_check"] == ""
    assert isinstance(done["code_box"], Update) and done["code_box"].props == {"visible": False}
    user = next(m["content"] for m in st.chat if m["role"] == "user")
    assert user.endswith("```python\ndef f(:\n    pass\n```") and "&lt;b&gt;" in user
    assert "does not parse as Python (line 1: invalid syntax)" in done["feedback"]
    *_, code_only = tab.answer(st, "", None, "local", None, "x = 1")
    assert examiner.calls[-1][1] == "```python\nx = 1\n```" and "warning" not in code_only
