"""`interviewer grade`: one answer, or a JSON-lines file of them, by the configured examiner.

One answer: `--question-id ID --answer TEXT` (a bank question, its rubric read from
the index; bank_grader.py) or `--question Q --reference REF [--key-point KP]...
--answer TEXT` (an ad-hoc rubric). `--batch FILE` (`-` for stdin): each line
`{"question_id": ..., "answer": ...}` gives one line of grade JSON, in input order,
with the models loaded once; a line that cannot be graded (not JSON, a missing
field, an unknown id) gives `{"line": N, "error": "..."}` in its place, and the
command exits 2 once every line is done. Whatever `build_examiner` returns grades
(offline, fact-checked or LLM); the JSON's `examiner` names it. The grade JSON has
the same keys either way. Interviews and history are in sessions.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..config import Settings
from ..domain import Grade, KeyPoint
from ..examiner.base import build_examiner
from ..examiner.features import Rubric
from ..retrieval.embeddings import MiniLMEmbedder
from .bank_grader import BankGrader


def add_grade_parser(sub: Any) -> None:
    gr = sub.add_parser("grade", help="grade answers with the configured examiner")
    gr.add_argument("--question-id")
    gr.add_argument("--question")
    gr.add_argument("--reference")
    gr.add_argument("--key-point", action="append")
    gr.add_argument("--answer")
    gr.add_argument("--batch", type=Path, metavar="FILE.jsonl",
                    help='lines of {"question_id": ..., "answer": ...} ("-": stdin); '
                         "prints one grade JSON per line")  # fmt: skip
    gr.add_argument("--json", action="store_true")
    gr.set_defaults(func=cmd_grade)


def cmd_grade(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch is not None:
        if args.answer is not None or args.question_id or args.question or args.reference:
            raise ValueError(
                "--batch reads question ids and answers from the file; "
                "give no --answer, --question-id, --question or --reference"
            )
        return grade_batch(BankGrader.open(settings), args.batch)
    if args.answer is None:
        raise ValueError("give --answer (or --batch FILE.jsonl)")
    if args.question_id:
        grade = BankGrader.open(settings).grade(args.question_id, args.answer)
    elif args.question and args.reference:
        points = tuple(KeyPoint(k, 1) for k in args.key_point or ())
        examiner = build_examiner(settings, MiniLMEmbedder(), sync=True)
        grade = examiner.grade(Rubric(args.question, args.reference, points), args.answer)
    else:
        raise ValueError("give --question-id, or --question and --reference")
    if args.json:
        print(json.dumps(grade.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_text(grade)
    return 0


def _print_text(grade: Grade) -> None:
    print(f"score {grade.score:g}/{grade.max_score:g} ({grade.examiner})")
    for k in grade.key_points:
        print(f"  [{'x' if k.hit else ' '}] {k.text}")
    print(grade.feedback)
    if grade.follow_up:
        print(f"Follow-up: {grade.follow_up}")


def grade_batch(grader: BankGrader, path: Path) -> int:
    """Print one JSON line per input line; 2 if any line failed, else 0."""
    failed = total = 0
    with _open_lines(path) as f:
        for result in grade_lines(grader, f):
            total += 1
            failed += "error" in result
            print(json.dumps(result, ensure_ascii=False), flush=True)
    if failed:
        print(f"{failed} of {total} line(s) could not be graded", file=sys.stderr)
    return 2 if failed else 0


def _open_lines(path: Path) -> BinaryIO:
    if str(path) == "-":
        return open(sys.stdin.fileno(), "rb", closefd=False)
    return open(path, "rb")


def grade_lines(grader: BankGrader, lines: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """Per input line (numbered from 1), its grade JSON or {"line", "error"}."""
    for n, raw in enumerate(lines, 1):
        try:
            question_id, answer = parse_line(raw)
            grader.reference(question_id)  # an unknown id is the line's fault, not a crash
        except ValueError as exc:
            yield {"line": n, "error": str(exc)}
            continue
        try:
            yield grader.grade(question_id, answer).as_json()
        except Exception as exc:  # one answer that cannot be graded must not lose the rest
            yield {"line": n, "error": f"could not grade: {type(exc).__name__}: {exc}"}


def parse_line(raw: bytes) -> tuple[str, str]:
    """(question_id, answer) from one JSON line; ValueError saying what is wrong."""
    try:
        text = raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    if not text:
        raise ValueError("empty line")
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(item, dict):
        raise ValueError('expected an object {"question_id": ..., "answer": ...}')
    for key in ("question_id", "answer"):
        if key not in item:
            raise ValueError(f"missing field '{key}'")
        if not isinstance(item[key], str):
            raise ValueError(f"'{key}' must be a string")
    return item["question_id"], item["answer"]
