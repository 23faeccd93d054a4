from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interviewer.domain import Grade, KeyPointResult, Question, Turn
from interviewer.sessions.spaced import memories, weak_spots

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def q(qid: str, section: str = "s") -> Question:
    return Question(qid, "P", section.title(), section, 1, f"text of {qid}")


def turn(qid: str, at: datetime, *hits: bool) -> Turn:
    kps = tuple(KeyPointResult(f"{qid} point {i}", 3 - i, h) for i, h in enumerate(hits))
    return Turn(qid, "question", "p", "a", Grade(3.0, kps, "f", None, 1.0, "x"), at.isoformat())


def test_hits_push_reviews_out_and_a_miss_makes_a_point_due() -> None:
    mems = memories([turn("a", T0, True), turn("a", T0 + timedelta(days=1), True)])
    point = mems[("a", "a point 0")]
    assert point.interval == timedelta(days=2.5) and not point.missed
    mems = memories([turn("a", T0, True), turn("a", T0 + timedelta(days=1), False)])
    assert mems[("a", "a point 0")].missed and mems[("a", "a point 0")].interval == timedelta(0)


def test_order_is_missed_then_overdue_then_new_then_not_due() -> None:
    questions = [q("fresh"), q("new"), q("overdue"), q("missed")]
    history = [
        turn("fresh", T0 + timedelta(days=9.5), True, True),  # due in half a day
        turn("overdue", T0, True, True),  # due after 1 day; now is 10 days later
        turn("missed", T0, True, False),
    ]
    now = T0 + timedelta(days=10)
    picks = weak_spots(history, questions, now, count=4)
    assert [p.question_id for p in picks] == ["missed", "overdue", "new", "fresh"]
    assert picks[0].reason == "missed: missed point 1"
    assert picks[1].reason.startswith("due for review")


def test_heavier_missed_points_come_first_and_sections_filter() -> None:
    questions = [q("light", "a"), q("heavy", "a"), q("other", "b")]
    history = [turn("light", T0, True, False), turn("heavy", T0, False, True),
               turn("other", T0, False)]  # fmt: skip
    picks = weak_spots(history, questions, T0, count=5, sections=["a"])
    assert [p.question_id for p in picks] == ["heavy", "light"]


def test_no_history_keeps_bank_order() -> None:
    questions = [q("x"), q("y"), q("z")]
    assert [p.question_id for p in weak_spots([], questions, T0, 2)] == ["x", "y"]
