"""Answers with code: composing, splitting, the syntax check and the words graded offline."""

from __future__ import annotations

from interviewer.domain import AnswerPart
from interviewer.examiner.code_answer import (
    as_prose,
    code_of,
    code_words,
    compose,
    has_code_block,
    split,
    syntax_error,
)

CODE = (
    "import functools\n\ndef logged(func):\n    @functools.wraps(func)\n"
    "    def inner(*a):\n        return func(*a)\n    return inner\n"
)


def test_compose_puts_the_code_after_the_prose_in_a_python_fence() -> None:
    text = compose("  A decorator wraps a function.  ", "\n\n" + CODE + "\n\n")
    assert text == "A decorator wraps a function.\n\n```python\n" + CODE.rstrip() + "\n```"
    assert split(text) == [AnswerPart("A decorator wraps a function."),
                           AnswerPart(CODE.rstrip(), True, "python")]  # fmt: skip
    assert compose("Just prose.", "  \n ") == "Just prose."
    assert compose("", "x = 1") == "```python\nx = 1\n```"


def test_code_with_backticks_cannot_close_its_fence_early() -> None:
    code = 'doc = """\n```\n<script>alert(1)</script>\n```\n"""'
    text = compose("See: <b>this</b>", code)
    assert text.split("\n")[2] == "````python"
    assert split(text) == [AnswerPart("See: <b>this</b>"), AnswerPart(code, True, "python")]
    assert code_of(text) == code


def test_an_unclosed_fence_is_prose() -> None:
    text = "Look:\n```python\nx = 1"
    assert split(text) == [AnswerPart(text)]
    assert code_of(text) == ""


def test_reference_answers_with_a_python_block_want_code() -> None:
    assert has_code_block("Text.\n\n```python\na == b\n```\n\nMore.")
    assert not has_code_block("Text with `inline` code only.")
    assert not has_code_block("```sql\nSELECT 1\n```")


def test_syntax_errors_name_the_line_and_nothing_is_run() -> None:
    assert syntax_error(CODE) is None
    assert syntax_error("") is None
    assert syntax_error("def f(:\n    pass") == "line 1: invalid syntax"
    assert syntax_error("def f():\nreturn 1").startswith("line 2: expected an indented block")
    assert syntax_error("x = '\\d'") is None  # a warning, not an error
    assert "null bytes" in (syntax_error("a\x00b") or "")
    assert syntax_error("(" * 500 + ")" * 500) is not None  # too deep: refused, no crash
    # Parsing never runs the code: this would raise if it did.
    assert syntax_error("raise SystemExit(3)\nimport os; os._exit(4)") is None


def test_the_offline_examiner_reads_identifiers_and_calls_as_words() -> None:
    assert code_words("@functools.wraps(func)  # keep the name\n\n  x = 1") == [
        "functools wraps func keep the name", "x"]  # fmt: skip
    prose = as_prose(compose("A decorator wraps a function.", CODE))
    assert prose.splitlines()[:3] == ["A decorator wraps a function.", "import functools.",
                                      "def logged func."]  # fmt: skip
    assert "```" not in prose and "functools wraps func." in prose
    assert as_prose("No code here, a, b, c") == "No code here, a, b, c"
