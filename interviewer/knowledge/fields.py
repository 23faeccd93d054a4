"""Parsing of one reference answer's fields, collecting every problem with its line.

Text, weighted key points (also used by probes), graded examples and misconceptions:
each parser adds a `KnowledgeError` per malformed item and returns what it could read.
Graded examples are also checked against their key points and the question's
misconceptions (checks.py). Whole entries, files and the bank cross-check
are answers.py's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain import GradedExample, KeyPoint, KnowledgeError, Misconception
from .checks import claim_problem, score_problem
from .yaml_lines import LINE as _LINE


class Errors(list[KnowledgeError]):
    def add(self, path: Path, line: int | None, message: str) -> None:
        self.append(KnowledgeError(path, line, message))


def text_field(e: Errors, path: Path, node: dict[str, Any], key: str, min_words: int = 1) -> str:
    value = node.get(key)
    if not isinstance(value, str) or len(value.split()) < min_words:
        want = f"at least {min_words} words" if min_words > 1 else "non-empty text"
        e.add(path, node.get(_LINE), f"'{key}' must be {want}")
        return ""
    return value.strip()


def parse_key_points(
    e: Errors, path: Path, node: dict[str, Any], lo: int, hi: int
) -> list[KeyPoint]:
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
        points.append(KeyPoint(text_field(e, path, kp, "text"), weight))
    return points


def parse_examples(e: Errors, path: Path, node: dict[str, Any], points: list[KeyPoint],
                   misconceptions: list[Misconception]) -> list[GradedExample]:  # fmt: skip
    """Graded examples; each must fit its hit key points and not state a misconception."""
    items, n_points = node.get("examples", []), len(points)
    weights, claims = [k.weight for k in points], [m.claim for m in misconceptions]
    if not isinstance(items, list):
        e.add(path, node.get(_LINE), "'examples' must be a list")
        return []
    out: list[GradedExample] = []
    for ex in items:
        if not isinstance(ex, dict):
            e.add(path, node.get(_LINE), "each example needs 'score', 'hits' and 'answer'")
            continue
        score, hits, valid = ex.get("score"), ex.get("hits", []), True
        if not isinstance(score, int | float) or not 0 <= score <= 5 or score * 2 != int(score * 2):
            e.add(path, ex[_LINE], "example 'score' must be 0 to 5 in steps of 0.5")
            score, valid = 0, False
        if not isinstance(hits, list) or not all(
            isinstance(h, int) and 1 <= h <= n_points for h in hits
        ):
            e.add(path, ex[_LINE], f"example 'hits' must be key point numbers 1..{n_points}")
            hits, valid = [], False
        example = GradedExample(
            text_field(e, path, ex, "answer"), float(score), tuple(h - 1 for h in hits)
        )
        problems = [score_problem(example.score, example.hits, weights)] if valid else []
        problems.append(claim_problem(example.score, example.answer, claims))
        for problem in filter(None, problems):
            e.add(path, ex[_LINE], problem)
        out.append(example)
    return out


MAX_MISCONCEPTIONS = 12  # e.g. six false ideas, each in two wordings (same correction)


def parse_misconceptions(e: Errors, path: Path, node: dict[str, Any], n_points: int
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
        claim = text_field(e, path, m, "claim", min_words=4)
        out.append(Misconception(claim, text_field(e, path, m, "correction", min_words=4), kp - 1))
    return out
