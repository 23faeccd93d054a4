"""Export a session's transcript as Markdown, JSON or PDF (the PDF in export_pdf.py).

The JSON schema (documented in the README) is the stable one; Markdown and PDF
render the same content for people. All three name the knowledge version whose
reference answers graded the session (`knowledge/VERSION`). Candidate text is
written as text, never as markup. Code in an answer (a fenced block,
examiner/code_answer.py) stays as typed in JSON's `answer`, is a fenced python block
in Markdown (with its syntax check) and monospace in the PDF. A spoken answer's
delivery (pace, fillers, pauses, length, hedges, tip, the transcript as heard)
follows its answer in all three, and its averages follow the summary; in JSON these
are additive fields (`turns[].delivery`, `summary.delivery`, null when typed), so
the schema version stays 1.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..domain import AnswerPart, Delivery, Question, Turn
from ..examiner.code_answer import fence, split, syntax_error
from ..knowledge.answers import knowledge_version as _current_version
from .history import SessionInfo
from .summary import DeliveryStats, summarise

FORMATS = ("md", "json", "pdf")
SCHEMA_VERSION = 1


def _version(given: str | None) -> str:
    return given or _current_version()


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} ×{v}" for k, v in counts.items())


def _seconds(s: float) -> str:
    s = round(s)
    return f"{s} s" if s < 60 else f"{s // 60} min {s % 60:02d} s"


def delivery_line(d: Delivery) -> str:
    """One line: pace, length, fillers, pauses, hedges (plain text; no candidate text)."""
    parts = [f"{d.wpm:.0f} wpm", f"{_seconds(d.speaking_s)} of speech ({d.words} words)",
             f"{d.filler_count} filler{'s' * (d.filler_count != 1)}"
             + (f" ({_counts(d.fillers)})" if d.fillers else ""),
             f"{len(d.pauses)} long pause{'s' * (len(d.pauses) != 1)}"]  # fmt: skip
    if d.hedges:
        parts.append(f"hedges: {_counts(d.hedges)}")
    if d.edited:
        parts.append("transcript edited before submitting")
    return " · ".join(parts)


def delivery_summary(s: DeliveryStats) -> str:
    """The spoken answers' averages in one line."""
    pauses = f"{s.long_pauses} long pause{'s' * (s.long_pauses != 1)}"
    return (f"{s.spoken} spoken answer{'s' * (s.spoken != 1)}: {s.wpm:.0f} wpm, "
            f"{s.fillers_per_min:.1f} fillers per minute, {pauses}, "
            f"{_seconds(s.mean_length_s)} per answer")  # fmt: skip


def to_json(session: SessionInfo, turns: Sequence[Turn], questions: Sequence[Question],
            knowledge_version: str | None = None) -> str:  # fmt: skip
    summary = summarise(turns, questions)
    return json.dumps(
        {
            "schema": SCHEMA_VERSION,
            "knowledge_version": _version(knowledge_version),
            "session": {
                "id": session.id,
                "user": session.user,
                "created_at": session.created_at,
                "finished_at": session.finished_at,
                "examiner": session.examiner,
                "plan": session.plan,
            },
            "turns": [
                {
                    "question_id": t.question_id,
                    "kind": t.kind,
                    "prompt": t.prompt,
                    "answer": t.answer,
                    "at": t.at,
                    "score": t.grade.score,
                    "max_score": t.grade.max_score,
                    "key_points": [
                        {"text": k.text, "weight": k.weight, "hit": k.hit, "evidence": k.evidence}
                        for k in t.grade.key_points
                    ],
                    "feedback": t.grade.feedback,
                    "follow_up": t.grade.follow_up,
                    "examiner": t.grade.examiner,
                    "confidence": round(t.grade.confidence, 2),
                    "flags": list(t.grade.flags),
                    "fact_check": t.grade.fact_check,
                    "claims": t.grade.as_json()["claims"],
                    "delivery": t.delivery.as_json() if t.delivery else None,
                    **({"graded_against": t.grade.basis} if t.grade.basis else {}),
                }
                for t in turns
            ],
            "summary": summary.as_json(),
        },
        ensure_ascii=False,
        indent=2,
    )


def _literal(text: str) -> str:
    """Text that Markdown renders as written (no links, emphasis, code or HTML)."""
    escaped = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("`", "\\`").replace("[", "\\[").replace("*", "\\*").replace("_", "\\_")


def _quote(text: str) -> str:
    """Candidate text as a Markdown blockquote that renders literally."""
    return "\n".join(f"> {line}" for line in _literal(text).splitlines() or [""])


def _feedback(text: str) -> str:
    """The feedback, which quotes the candidate: literal, one line per line."""
    return "  \n".join(_literal(line) for line in text.splitlines())


def _answer_markdown(answer: str) -> list[str]:
    """Prose as a literal blockquote, code as a fenced python block with its syntax check."""
    out = []
    for part in split(answer) or [AnswerPart("")]:
        if not part.code:
            out += [_quote(part.text), ""]
            continue
        out += [fence(part.text, part.language), ""]
        error = syntax_error(part.text) if part.language in ("python", "") else None
        out += [f"Syntax check: {error}.", ""] if error else []
    return out


def to_markdown(session: SessionInfo, turns: Sequence[Turn], questions: Sequence[Question],
                knowledge_version: str | None = None) -> str:  # fmt: skip
    s = summarise(turns, questions)
    out = [
        f"# Interview transcript — {session.created_at[:16].replace('T', ' ')}",
        "",
        f"Examiner: {session.examiner} · Session `{session.id}` · "
        f"Knowledge version {_version(knowledge_version)}",
        "",
    ]
    for i, t in enumerate(turns, 1):
        label = {"follow_up": "Follow-up", "retry": "Second try"}.get(t.kind, "Question")
        out += [
            f"## {i}. {label}: {t.prompt}",
            "",
            "**Your answer**",
            "",
            *_answer_markdown(t.answer),
            f"**Score: {t.grade.score:g}/{t.grade.max_score:g}** ({t.grade.examiner})",
            "",
        ]
        out += [f"- [{'x' if k.hit else ' '}] {k.text}" for k in t.grade.key_points]
        out += ["", _feedback(t.grade.feedback), ""]
        if t.delivery:
            out += [f"**Delivery:** {delivery_line(t.delivery)}", "",
                    f"Tip: {t.delivery.tip}", "", "As heard:", "",
                    _quote(t.delivery.transcript_raw), ""]  # fmt: skip
    out += ["## Summary", ""]
    if s.overall is not None:
        out.append(f"Overall: **{s.overall:g}/5** over {s.answered} question(s).")
        out += [f"- {name}: {mean:g}/5" for name, mean in s.sections.items()]
    if s.delivery:
        out += ["", f"Delivery: {delivery_summary(s.delivery)}."]
    if s.study:
        out += ["", "### Study next", ""] + [f"- {item}" for item in s.study]
    return "\n".join(out) + "\n"


def export(fmt: str, session: SessionInfo, turns: Sequence[Turn], questions: Sequence[Question],
           knowledge_version: str | None = None) -> bytes:  # fmt: skip
    """The transcript in `fmt`; `knowledge_version` defaults to the configured knowledge's."""
    if fmt == "json":
        return to_json(session, turns, questions, knowledge_version).encode()
    if fmt == "md":
        return to_markdown(session, turns, questions, knowledge_version).encode()
    if fmt == "pdf":
        from .export_pdf import to_pdf  # fpdf2 is imported only for a PDF

        return to_pdf(session, turns, questions, knowledge_version)
    raise ValueError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
