"""Load human-graded short-answer sets (CSV) used to measure the examiner.

Mohler's columns (dev = assignments 1–6, test = 7–12) and SemEval-2013 Beetle
(held out; 2-way labels as 5 / 0). Rows only: no grading here. The default
paths point at the copies in the repository's evals/data/.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "evals" / "data"


@dataclass(frozen=True)
class GradedRow:
    question_id: str
    question: str
    reference: str
    answer: str
    score: float  # 0..5 (Mohler) or 5/0 for correct/incorrect (Beetle 2-way)
    split: str


def mohler(path: Path = DATA / "mohler.csv", split: str = "all") -> list[GradedRow]:
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"question_id", "question", "reference_answer", "student_answer", "score_avg"}
        missing -= set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for r in reader:
            assignment = int(r["question_id"].split(".")[0])
            row_split = "dev" if assignment <= 6 else "test"
            if split in ("all", row_split):
                rows.append(
                    GradedRow(
                        r["question_id"],
                        r["question"],
                        r["reference_answer"],
                        r["student_answer"],
                        float(r["score_avg"]),
                        row_split,
                    )
                )
    return rows


def beetle_unseen_questions(path: Path = DATA / "semeval2013_beetle_5way.csv") -> list[GradedRow]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["split"] != "test_unseen_questions":
                continue
            correct = r["label_2way"] == "correct"
            rows.append(
                GradedRow(
                    r["question_id"],
                    r["question"],
                    r["reference_answer"],
                    r["student_answer"],
                    5.0 if correct else 0.0,
                    r["split"],
                )
            )
    return rows
