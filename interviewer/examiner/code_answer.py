"""Answers with code in them: composing, splitting, syntax-checking and reading as words.

An answer with code is stored as one string: the prose, then the code in a fenced
```python block, so history, exports and an LLM examiner all see it as code.
`compose` builds that string (the fence longer than any backtick run in the code, so
code cannot close it early); `split` finds closed fences again (an unclosed fence is
prose); `fence` renders a code part for Markdown. `syntax_error` checks the code with
`ast.parse` and says "line N: message". `as_prose` is what the offline examiner grades:
the prose, and each code line reduced to its identifiers, calls and comment words
(`functools.wraps(func)` → "functools wraps func").

Candidate code is never executed: nothing here compiles it to run, imports or evaluates
it; `ast.parse` only builds a syntax tree. It leaves out linting, type checks and other
languages' syntax (any fence language is accepted; only the check assumes Python).
"""

from __future__ import annotations

import ast
import re
import warnings

from ..domain import AnswerPart

LANGUAGE = "python"
MAX_CODE_CHARS = 10_000  # a long function is ~2k characters; the answer as a whole is capped too
_OPENING = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([\w+#.-]*)[ \t]*$")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def has_code_block(markdown: str, language: str = LANGUAGE) -> bool:
    """Whether Markdown (a reference answer) holds a closed code block in `language`."""
    return any(p.code and p.language == language for p in split(markdown))


def fence(code: str, language: str = LANGUAGE) -> str:
    """A code part as a fenced Markdown block that nothing inside can close early."""
    runs = [len(r) for r in re.findall(r"`+", code)]
    ticks = "`" * max(3, max(runs, default=0) + 1)
    return f"{ticks}{language}\n{code}\n{ticks}"


def tidy(code: str) -> str:
    """The code without blank lines around it and trailing spaces (indentation kept)."""
    lines = [line.rstrip() for line in (code or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")[:MAX_CODE_CHARS]


def compose(prose: str, code: str) -> str:
    """The answer to grade and store: the prose, then the code as a fenced block."""
    prose, code = (prose or "").strip(), tidy(code)
    if not code.strip():
        return prose
    return f"{prose}\n\n{fence(code)}" if prose else fence(code)


def split(text: str) -> list[AnswerPart]:
    """Prose and closed fenced code blocks, in order (empty prose between blocks left out)."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    parts: list[AnswerPart] = []
    prose: list[str] = []
    i = 0
    while i < len(lines):
        m = _OPENING.match(lines[i])
        end = _closing(lines, i + 1, m.group(1)) if m else None
        if m is None or end is None:
            prose.append(lines[i])
            i += 1
            continue
        if "\n".join(prose).strip():
            parts.append(AnswerPart("\n".join(prose).strip("\n")))
        prose = []
        parts.append(AnswerPart("\n".join(lines[i + 1 : end]), True, m.group(2).lower()))
        i = end + 1
    if "\n".join(prose).strip():
        parts.append(AnswerPart("\n".join(prose).strip("\n")))
    return parts


def _closing(lines: list[str], start: int, opening: str) -> int | None:
    char, size = opening[0], len(opening)
    for j in range(start, len(lines)):
        line = lines[j].strip()
        if len(line) >= size and line == char * len(line):
            return j
    return None


def code_of(text: str) -> str:
    """The code blocks of an answer, joined (what the syntax check looks at)."""
    return "\n\n".join(p.text for p in split(text) if p.code)


def syntax_error(code: str) -> str | None:
    """None when the code parses as Python, else "line N: message"."""
    if not (code or "").strip():
        return None
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and the like are not errors
            warnings.simplefilter("ignore")
            ast.parse(code[:MAX_CODE_CHARS])
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        return f"{where}{exc.msg}"
    except (ValueError, RecursionError, MemoryError):  # NUL bytes; absurd nesting
        return "the code cannot be read as Python"
    return None


def code_words(code: str) -> list[str]:
    """One line of words per code line: identifiers, attribute parts and comment words."""
    out = []
    for line in code.split("\n"):
        found = _IDENTIFIER.findall(line)
        if found:
            out.append(" ".join(found))
    return out


def as_prose(text: str) -> str:
    """The answer with each code block turned into lines of words (for the offline examiner)."""
    parts = split(text)
    if not any(p.code for p in parts):
        return text
    out = []
    for p in parts:
        if p.code:
            out += [f"{line}." for line in code_words(p.text)]
        else:
            out.append(p.text)
    return "\n".join(out)
