"""Load and validate reference-answer files (`knowledge/answers/*.yaml`).

One YAML file per section holds, per question: the model answer, weighted rubric
key points, follow-up probes with their own key points, and graded example
answers. `check_knowledge` reports every problem (missing, extra, duplicate,
malformed, and graded examples inconsistent with their key points or stating a
misconception: checks.py) with file and line; `load_knowledge` returns the
answers or raises the first problem; `knowledge_version` reads `knowledge/VERSION`.
It does not parse banks (bank.py) or index anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config import REPO_KNOWLEDGE
from ..domain import KnowledgeError, Probe, Question, ReferenceAnswer
from .bank import load_banks
from .fields import (
    Errors,
    parse_examples,
    parse_key_points,
    parse_misconceptions,
    text_field,
)
from .textfiles import read_text
from .yaml_lines import LINE as _LINE
from .yaml_lines import load_with_lines

_ENTRY_KEYS = {
    "id", "question", "asked_as", "answer", "key_points", "probes", "examples", "misconceptions"
}  # fmt: skip


def knowledge_version(knowledge_dir: Path | None = None) -> str:
    """First line of `<knowledge>/VERSION` ("unversioned" without one). No directory: the
    one the app uses (INTERVIEWER_KNOWLEDGE, else the repository's `knowledge/`)."""
    root = knowledge_dir or Path(os.environ.get("INTERVIEWER_KNOWLEDGE") or REPO_KNOWLEDGE)
    f = root.expanduser() / "VERSION"
    lines = f.read_text("utf-8").split() if f.is_file() else []
    return lines[0] if lines else "unversioned"


@dataclass(frozen=True)
class Knowledge:
    questions: list[Question]
    answers: dict[str, ReferenceAnswer]
    version: str = "unversioned"  # knowledge/VERSION, shown in the app and in exports

    @property
    def answerable(self) -> list[Question]:
        """Questions that have a reference answer (only those can be graded)."""
        return [q for q in self.questions if q.id in self.answers]


class MissingAnswer(KnowledgeError):
    """A bank question without a reference answer: reported, but not fatal at run time."""


def _entry(e: Errors, path: Path, node: Any) -> ReferenceAnswer | None:
    if not isinstance(node, dict):
        e.add(path, None, "each item under 'answers' must be a mapping")
        return None
    line = node[_LINE]
    unknown = set(node) - _ENTRY_KEYS - {_LINE}
    if unknown:
        e.add(path, line, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    qid = text_field(e, path, node, "id")
    points = parse_key_points(e, path, node, 3, 6)
    probes: list[Probe] = []
    raw_probes = node.get("probes")
    if not isinstance(raw_probes, list) or not 1 <= len(raw_probes) <= 3:
        e.add(path, line, "'probes' must be a list of 1 to 3 follow-up questions")
    else:
        for p in raw_probes:
            if isinstance(p, dict):
                probes.append(
                    Probe(
                        text_field(e, path, p, "question"),
                        tuple(parse_key_points(e, path, p, 1, 3)),
                    )
                )
            else:
                e.add(path, line, "each probe needs 'question' and 'key_points'")
    misconceptions = parse_misconceptions(e, path, node, len(points))
    asked_as = node.get("asked_as", [])
    if not isinstance(asked_as, list) or len(asked_as) > 10 or not all(
            isinstance(a, str) and a.strip() for a in asked_as):  # fmt: skip
        e.add(path, line, "'asked_as' must be a list of up to 10 other wordings of the question")
        asked_as = []
    return ReferenceAnswer(
        question_id=qid,
        question=text_field(e, path, node, "question"),
        asked_as=tuple(a.strip() for a in asked_as),
        answer=text_field(e, path, node, "answer", min_words=20),
        key_points=tuple(points),
        probes=tuple(probes),
        examples=tuple(parse_examples(e, path, node, points, misconceptions)),
        misconceptions=tuple(misconceptions),
        source=str(path),
        line=line,
    )


def _load_file(e: Errors, path: Path) -> list[ReferenceAnswer]:
    try:
        text = read_text(path)
    except KnowledgeError as exc:
        e.append(exc)
        return []
    return parse_answers(e, path, text)


def parse_answers(e: Errors, path: Path, text: str) -> list[ReferenceAnswer]:
    """The answers of one file's text; every problem is added to `e` with `path` and line."""
    try:
        doc = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        e.add(
            path, mark.line + 1 if mark else None, f"invalid YAML: {getattr(exc, 'problem', exc)}"
        )
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("answers"), list):
        e.add(path, 1, "expected a mapping with 'section', 'title' and an 'answers' list")
        return []
    return [a for node in doc["answers"] if (a := _entry(e, path, node))]


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def check_knowledge(
    bank_paths: Iterable[Path], answers_dir: Path
) -> tuple[Knowledge, list[KnowledgeError]]:
    """Load everything, collecting every problem instead of stopping at the first."""
    errors = Errors()
    try:
        questions = load_banks(bank_paths)
    except KnowledgeError as exc:
        return Knowledge([], {}), [exc]
    by_id = {q.id: q for q in questions}
    answers: dict[str, ReferenceAnswer] = {}
    files = sorted(answers_dir.glob("*.yaml")) if answers_dir.is_dir() else []
    if not files:
        errors.add(answers_dir, None, "no reference-answer files (*.yaml) found")
    for f in files:
        for a in _load_file(errors, f):
            if not a.question_id:
                continue
            if a.question_id in answers:
                first = answers[a.question_id]
                errors.add(
                    f,
                    a.line,
                    f"duplicate id '{a.question_id}' (first at {first.source}:{first.line})",
                )
            elif a.question_id not in by_id:
                errors.add(f, a.line, f"extra answer: no bank question has id '{a.question_id}'")
            else:
                q = by_id[a.question_id]
                if _norm(q.text) != _norm(a.question):
                    errors.add(f, a.line, f"question text differs from the bank's: '{q.text}'")
                answers[a.question_id] = a
    for q in questions:
        if q.id not in answers:
            errors.append(
                MissingAnswer(q.source, q.line, f"missing reference answer for '{q.id}' ({q.text})")
            )
    return Knowledge(questions, answers, knowledge_version(answers_dir.parent)), list(errors)


def load_knowledge(bank_paths: Iterable[Path], answers_dir: Path, strict: bool = True) -> Knowledge:
    """Everything, or the first problem. Not strict: questions lacking answers are allowed."""
    knowledge, errors = check_knowledge(bank_paths, answers_dir)
    fatal = [e for e in errors if strict or not isinstance(e, MissingAnswer)]
    if fatal:
        raise fatal[0]
    return knowledge
