"""The dev-only grading rules that evals measure beside the shipped ones, and their report."""

from __future__ import annotations

import pytest

from evals.factcheck_sliding import sliding
from evals.hints_dev import auc
from evals.reference_dev import report
from interviewer.examiner.verdicts import VerdictThresholds, checked_score

T = VerdictThresholds()


def test_a_flat_slide_is_the_shipped_rule() -> None:
    rule = sliding(0.0, 0.5, 0.6)
    for args in [(4.0, 0, 0.65, False, 4), (3.5, 1, 0.9, False, 5), (2.0, 0, 0.8, False, 1)]:
        score, n_false, mean, no_point, n = args
        assert rule(score, n_false, mean, no_point, T, n) == checked_score(*args[:4], T, n)


def test_the_slide_takes_points_past_its_knee_by_answer_length() -> None:
    rule = sliding(10.0, 0.5, 0.9)
    assert rule(4.0, 0, 0.6, False, T, 4) == 3.0  # long answer: 10 x (0.6 - 0.5)
    assert rule(4.0, 0, 0.6, False, T, 1) == 4.0  # short answer: below its own knee
    assert rule(4.0, 0, 0.49, False, T, 4) == 4.0


def test_auc_counts_ties_as_half() -> None:
    assert auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert auc([0.5], [0.5]) == 0.5
    assert auc([0.1], [0.9]) == 0.0


def test_reference_report_ranks_within_and_across_questions() -> None:
    items = [
        {"set": "short", "question_id": "q1", "label": "correct", "answer": "Right one is here."},
        {"set": "short", "question_id": "q1", "label": "wrong", "answer": "Wrong one is here."},
        {"set": "short", "question_id": "q2", "label": "correct", "answer": "Right two is here."},
        {"set": "short", "question_id": "q2", "label": "wrong", "answer": "Wrong two is here."},
    ]
    cache = {"q1": {"Right one is here.": 0.2, "Wrong one is here.": 0.7},
             "q2": {"Right two is here.": 0.8, "Wrong two is here.": 0.6}}  # fmt: skip
    out = report(cache, items)["short"]
    assert out["questions"] == 2
    assert out["wrong_above_correct_within_question"] == 0.5
    assert out["auc_wrong_vs_correct"] == pytest.approx(0.5)  # 0.7>0.2, 0.7<0.8, 0.6>0.2, 0.6<0.8
    assert out["mean_p_false_correct"] == 0.5 and out["mean_p_false_wrong"] == 0.65
