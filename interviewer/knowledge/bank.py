"""Parse question banks written in the seed's Markdown format.

Format: parts are `## **1. Title**`, sections `### **1.1 Title**`, questions are
numbered bold list items `N. **Question?**`; `- note` bullets right under a
question become its hints. The printed numbers are ignored (the seed restarts
them mid-section): a question's number is its position in its section, and its
id is `<section-slug>-<NN>`. Prose, rules (`---`) and headings outside that
shape are ignored; a numbered line that is not a bold question, a question
outside a section, or a section without questions is an error naming the line.
It does not read reference answers (see answers.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..domain import KnowledgeError, Question
from .textfiles import read_text

_PART = re.compile(r"^##\s+\*\*\s*(?:\d+\.?\s+)?(?P<title>.+?)\s*\*\*\s*$")
_SECTION = re.compile(r"^###\s+\*\*\s*(?:\d+(?:\.\d+)*\.?\s+)?(?P<title>.+?)\s*\*\*\s*$")
_NUMBERED = re.compile(r"^\d+[.)]\s+")
_QUESTION = re.compile(r"^\d+[.)]\s+\*\*(?P<text>.+)\*\*\s*$")
_HINT = re.compile(r"^\s*[-*+]\s+(?P<text>\S.*)$")


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def parse_bank(text: str, source: Path | str = "<bank>") -> list[Question]:
    """Parse one bank's text into questions, in file order."""
    path = Path(source)
    part = ""
    section: tuple[str, str, int] | None = None  # title, slug, line
    pending: list[dict[str, object]] = []
    questions: list[Question] = []

    def close_section() -> None:
        if section is None:
            return
        title, slug, line = section
        if not pending:
            raise KnowledgeError(path, line, f"section '{title}' has no questions")
        for n, q in enumerate(pending, 1):
            questions.append(
                Question(
                    id=f"{slug}-{n:02d}",
                    part=str(q["part"]),
                    section=title,
                    section_slug=slug,
                    number=n,
                    text=str(q["text"]),
                    hints=tuple(q["hints"]),  # type: ignore[arg-type]
                    source=str(path),
                    line=int(str(q["line"])),
                )
            )
        pending.clear()

    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if m := _SECTION.match(line):
            close_section()
            if not part:
                raise KnowledgeError(path, lineno, "section before any part heading (## **...**)")
            title = m["title"].strip()
            slug = slugify(title)
            if not slug:
                raise KnowledgeError(path, lineno, f"section title '{title}' has no letters")
            section = (title, slug, lineno)
        elif m := _PART.match(line):
            close_section()
            section = None
            part = m["title"].strip()
        elif _NUMBERED.match(line):
            q = _QUESTION.match(line)
            if q is None:
                raise KnowledgeError(
                    path, lineno, "numbered line is not a bold question (expected `N. **...**`)"
                )
            if section is None:
                raise KnowledgeError(path, lineno, "question outside a section (### **...**)")
            question_text = " ".join(q["text"].split())
            pending.append({"text": question_text, "hints": [], "part": part, "line": lineno})
        elif (h := _HINT.match(raw)) and section is not None:
            if not pending:
                raise KnowledgeError(
                    path, lineno, "bullet note before the section's first question"
                )
            hints = pending[-1]["hints"]
            assert isinstance(hints, list)
            hints.append(h["text"].strip())
    close_section()
    if not questions:
        raise KnowledgeError(
            path, None, "no questions found (expected `### **Section**` + `N. **Q**`)"
        )
    return questions


def load_bank(path: Path) -> list[Question]:
    return parse_bank(read_text(path), path)


def bank_files(dirs: Iterable[Path]) -> list[Path]:
    """All `.md` banks in the given files/directories, in a stable order."""
    files: list[Path] = []
    for d in dirs:
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files.extend(sorted(p for p in d.glob("*.md") if p.is_file()))
        else:
            raise KnowledgeError(d, None, "bank path does not exist")
    return files


def load_banks(dirs: Iterable[Path]) -> list[Question]:
    """Questions of every bank; a section slug defined in two places is an error."""
    questions: list[Question] = []
    owner: dict[str, str] = {}
    for f in bank_files(dirs):
        for q in load_bank(f):
            first = owner.setdefault(q.section_slug, q.source)
            if first != q.source:
                raise KnowledgeError(
                    f, None, f"section '{q.section}' is already defined in {first}"
                )
            questions.append(q)
    return questions
