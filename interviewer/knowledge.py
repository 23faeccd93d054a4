"""Load and validate reference-answer files (`knowledge/answers/*.yaml`).

One YAML file per section holds, per question: the model answer, weighted rubric
key points, follow-up probes with their own key points, and graded example
answers. `check_knowledge` reports every problem (missing, extra, duplicate,
malformed) with file and line; `load_knowledge` returns the answers or raises
the first problem. It does not parse banks (bank.py) or index anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .bank import load_banks
from .domain import (
    GradedExample,
    KeyPoint,
    KnowledgeError,
    Misconception,
    Probe,
    Question,
    ReferenceAnswer,
)
from .textfiles import read_text

_ENTRY_KEYS = {
    "id", "question", "asked_as", "answer", "key_points", "probes", "examples", "misconceptions"
}  # fmt: skip
_LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line as `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class Knowledge:
    questions: list[Question]
    answers: dict[str, ReferenceAnswer]

    @property
    def answerable(self) -> list[Question]:
        """Questions that have a reference answer (only those can be graded)."""
        return [q for q in self.questions if q.id in self.answers]


class MissingAnswer(KnowledgeError):
    """A bank question without a reference answer: reported, but not fatal at run time."""


class _Errors(list[KnowledgeError]):
    def add(self, path: Path, line: int | None, message: str) -> None:
        self.append(KnowledgeError(path, line, message))


def _text(e: _Errors, path: Path, node: dict[str, Any], key: str, min_words: int = 1) -> str:
    value = node.get(key)
    if not isinstance(value, str) or len(value.split()) < min_words:
        want = f"at least {min_words} words" if min_words > 1 else "non-empty text"
        e.add(path, node.get(_LINE), f"'{key}' must be {want}")
        return ""
    return value.strip()


def _key_points(e: _Errors, path: Path, node: dict[str, Any], lo: int, hi: int) -> list[KeyPoint]:
    items = node.get("key_points")
    line = node.get(_LINE)
    if not isinstance(items, list) or not lo <= len(items) <= hi:
        e.add(path, line, f"'key_points' must be a list of {lo} to {hi} items")
        return []
    points: list[KeyPoint] = []
    for kp in items:
        if not isinstance(kp, dict):
            e.add(path, line, "each key point needs 'text' and 'weight'")
            continue
        weight = kp.get("weight", 1)
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 3:
            e.add(path, kp[_LINE], "key point 'weight' must be an integer from 1 to 3")
            weight = 1
        points.append(KeyPoint(_text(e, path, kp, "text"), weight))
    return points


def _examples(e: _Errors, path: Path, node: dict[str, Any], n_points: int) -> list[GradedExample]:
    items = node.get("examples", [])
    if not isinstance(items, list):
        e.add(path, node.get(_LINE), "'examples' must be a list")
        return []
    out: list[GradedExample] = []
    for ex in items:
        if not isinstance(ex, dict):
            e.add(path, node.get(_LINE), "each example needs 'score', 'hits' and 'answer'")
            continue
        score = ex.get("score")
        if not isinstance(score, int | float) or not 0 <= score <= 5 or score * 2 != int(score * 2):
            e.add(path, ex[_LINE], "example 'score' must be 0 to 5 in steps of 0.5")
            score = 0
        hits = ex.get("hits", [])
        if not isinstance(hits, list) or not all(
            isinstance(h, int) and 1 <= h <= n_points for h in hits
        ):
            e.add(path, ex[_LINE], f"example 'hits' must be key point numbers 1..{n_points}")
            hits = []
        out.append(
            GradedExample(_text(e, path, ex, "answer"), float(score), tuple(h - 1 for h in hits))
        )
    return out


MAX_MISCONCEPTIONS = 12  # e.g. six false ideas, each in two wordings (same correction)


def _misconceptions(e: _Errors, path: Path, node: dict[str, Any], n_points: int
                    ) -> list[Misconception]:  # fmt: skip
    items = node.get("misconceptions", [])
    if not isinstance(items, list) or len(items) > MAX_MISCONCEPTIONS:
        e.add(path, node.get(_LINE),
              f"'misconceptions' must be a list of up to {MAX_MISCONCEPTIONS}")  # fmt: skip
        return []
    out: list[Misconception] = []
    for m in items:
        if not isinstance(m, dict):
            e.add(path, node.get(_LINE), "each misconception needs claim, correction, key_point")
            continue
        kp = m.get("key_point")
        if not isinstance(kp, int) or isinstance(kp, bool) or not 1 <= kp <= n_points:
            e.add(path, m[_LINE], f"misconception 'key_point' must be a number 1..{n_points}")
            kp = 1
        claim = _text(e, path, m, "claim", min_words=4)
        out.append(Misconception(claim, _text(e, path, m, "correction", min_words=4), kp - 1))
    return out


def _entry(e: _Errors, path: Path, node: Any) -> ReferenceAnswer | None:
    if not isinstance(node, dict):
        e.add(path, None, "each item under 'answers' must be a mapping")
        return None
    line = node[_LINE]
    unknown = set(node) - _ENTRY_KEYS - {_LINE}
    if unknown:
        e.add(path, line, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    qid = _text(e, path, node, "id")
    points = _key_points(e, path, node, 3, 6)
    probes: list[Probe] = []
    raw_probes = node.get("probes")
    if not isinstance(raw_probes, list) or not 1 <= len(raw_probes) <= 3:
        e.add(path, line, "'probes' must be a list of 1 to 3 follow-up questions")
    else:
        for p in raw_probes:
            if isinstance(p, dict):
                probes.append(
                    Probe(_text(e, path, p, "question"), tuple(_key_points(e, path, p, 1, 3)))
                )
            else:
                e.add(path, line, "each probe needs 'question' and 'key_points'")
    asked_as = node.get("asked_as", [])
    if not isinstance(asked_as, list) or len(asked_as) > 10 or not all(
            isinstance(a, str) and a.strip() for a in asked_as):  # fmt: skip
        e.add(path, line, "'asked_as' must be a list of up to 10 other wordings of the question")
        asked_as = []
    return ReferenceAnswer(
        question_id=qid,
        question=_text(e, path, node, "question"),
        asked_as=tuple(a.strip() for a in asked_as),
        answer=_text(e, path, node, "answer", min_words=20),
        key_points=tuple(points),
        probes=tuple(probes),
        examples=tuple(_examples(e, path, node, len(points))),
        misconceptions=tuple(_misconceptions(e, path, node, len(points))),
        source=str(path),
        line=line,
    )


def _load_file(e: _Errors, path: Path) -> list[ReferenceAnswer]:
    try:
        doc = yaml.load(read_text(path), Loader=_LineLoader)
    except KnowledgeError as exc:
        e.append(exc)
        return []
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
    errors = _Errors()
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
    return Knowledge(questions, answers), list(errors)


def load_knowledge(bank_paths: Iterable[Path], answers_dir: Path, strict: bool = True) -> Knowledge:
    """Everything, or the first problem. Not strict: questions lacking answers are allowed."""
    knowledge, errors = check_knowledge(bank_paths, answers_dir)
    fatal = [e for e in errors if strict or not isinstance(e, MissingAnswer)]
    if fatal:
        raise fatal[0]
    return knowledge
