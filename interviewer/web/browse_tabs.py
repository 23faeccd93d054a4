"""What the history, question-bank and search tabs show, as plain rows and Markdown.

No UI library: ui.py puts these values into its plots, tables, dropdowns and
Markdown (`Update` and `Notice` are explained in ui_updates.py). The history
lists only the signed-in user's own sessions, newest first, and its downloads
refuse anyone else's session; the bank lists the answerable questions by
section. Charts are drawn in charts.py; the interview tab lives in interview_tab.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from ..domain import Question
from ..retrieval.kb import KnowledgeBase
from ..sessions.export import FORMATS
from . import views
from .charts import delivery_figure, progress_figure
from .practice import Practice
from .ui_updates import Notice, Update, update


def question_markdown(kb: KnowledgeBase, question_id: str) -> str:
    ref = kb.store.reference(question_id)
    lines = [f"### {ref.question}", "", ref.answer, "", "**Rubric key points**", ""]
    lines += [f"- {views.md_text(k.text)} _(weight {k.weight})_" for k in ref.key_points]
    lines += ["", "**Follow-up probes**", ""]
    lines += [f"- {views.md_text(p.question)}" for p in ref.probes]
    return "\n".join(lines)


def search_rows(kb: KnowledgeBase, text: str, k: int = 8) -> list[list[Any]]:
    text = (text or "").strip()[:2000]
    if not text:
        return []
    return [
        [round(p.score, 3), p.kind, p.question_id or p.source, p.text[:300]]
        for p in kb.search(text, k=k)
    ]


def history(practice: Practice, kb: KnowledgeBase,
            user: str) -> tuple[Figure, Figure, list[Any], Update]:  # fmt: skip
    """The progress chart, the score and delivery chart, the sessions table (newest first)
    and the session picker."""
    rows, choices, questions = [], [], practice.questions(user)
    for s in reversed(practice.history.sessions(user)):
        turns = practice.history.turns(s.id)
        summary = views.summary_of(turns, questions)
        when = s.created_at[:16].replace("T", " ")
        pace = round(summary.delivery.wpm) if summary.delivery else None
        rows.append([when, s.plan.get("mode", "practice"), s.examiner, summary.answered,
                     summary.overall, pace, "yes" if s.finished_at else "no"])  # fmt: skip
        choices.append((f"{when} · {summary.answered} answers", s.id))
    return (
        progress_figure(practice.progress_rows(user)),
        delivery_figure(practice.delivery_rows(user), target=practice.answer_target),
        rows,
        update(choices=choices, value=choices[0][1] if choices else None),
    )


def session_files(practice: Practice, user: str, session_id: str | None,
                  exports_dir: Path) -> list[Path | None]:  # fmt: skip
    """One download per format of a past session (none without a session)."""
    if not session_id:
        return [None] * len(FORMATS)
    try:
        return [practice.export_file(user, session_id, fmt, exports_dir / user)
                for fmt in FORMATS]  # fmt: skip
    except KeyError:
        raise Notice("That session is not yours.") from None


def bank_sections(kb: KnowledgeBase) -> dict[str, list[Question]]:
    """The answerable questions by section, in the bank's order."""
    questions = kb.knowledge.answerable
    sections = list(dict.fromkeys(q.section for q in questions))
    return {s: [q for q in questions if q.section == s] for s in sections}


def question_choices(questions: list[Question]) -> Update:
    """The question picker for one section of the bank (the first question selected)."""
    return update(choices=[(q.text, q.id) for q in questions],
                  value=questions[0].id if questions else None)  # fmt: skip
