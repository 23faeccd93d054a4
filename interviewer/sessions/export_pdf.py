"""A session's transcript as a PDF (fpdf2), for export.py.

fpdf2 writes with the DejaVu Sans fonts that matplotlib ships, so any script the
candidate typed prints (CJK and emoji are replaced). Code in an answer prints in
DejaVu Sans Mono, line by line with its indentation, followed by its syntax check.
Candidate text is drawn as text: fpdf2 interprets no markup unless asked to.
It leaves out charts and page headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain import Question, Turn
from ..examiner.code_answer import split, syntax_error
from .export import _version, delivery_line, delivery_summary
from .history import SessionInfo
from .summary import summarise


def _font(name: str = "DejaVuSans") -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / f"{name}.ttf"


def _printable(text: str) -> str:
    # DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew, Arabic letters; not emoji or CJK.
    return "".join(
        ch if ord(ch) < 0x2E80 or 0xFB00 <= ord(ch) < 0xFFFD else "\ufffd" for ch in text
    )


def _line(pdf: Any, text: str, height: float = 5) -> None:
    pdf.multi_cell(0, height, _printable(text), new_x="LMARGIN", new_y="NEXT")


def _answer(pdf: Any, answer: str) -> None:
    """The prose in the body font; each code block in monospace on a grey ground."""
    parts = split(answer)
    if not parts:
        _line(pdf, "Answer: ")
    for i, part in enumerate(parts):
        if not part.code:
            _line(pdf, f"Answer: {part.text}" if i == 0 else part.text)
            continue
        if i == 0:
            _line(pdf, "Answer:")
        pdf.set_font("DejaVuMono", size=9)
        pdf.set_fill_color(242, 242, 242)
        for code_line in part.text.split("\n"):
            # Leading spaces are the code's indentation: keep them as no-break spaces.
            indent = len(code_line) - len(code_line.lstrip(" "))
            text = "\u00a0" * indent + code_line.lstrip(" ")
            pdf.multi_cell(0, 4.5, _printable(text) or " ", new_x="LMARGIN", new_y="NEXT",
                           fill=True)  # fmt: skip
        pdf.set_font("DejaVu", size=10)
        error = syntax_error(part.text) if part.language in ("python", "") else None
        if error:
            _line(pdf, f"Syntax check: {error}")


def to_pdf(session: SessionInfo, turns: Sequence[Turn], questions: Sequence[Question],
           knowledge_version: str | None = None) -> bytes:  # fmt: skip
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(_font()))
    pdf.add_font("DejaVuMono", "", str(_font("DejaVuSansMono")))
    pdf.add_page()
    pdf.set_font("DejaVu", size=16)
    _line(pdf, "Interview transcript", 9)
    pdf.set_font("DejaVu", size=9)
    _line(pdf, f"{session.created_at[:16]} · examiner {session.examiner} · "
               f"knowledge version {_version(knowledge_version)}")  # fmt: skip
    for i, t in enumerate(turns, 1):
        pdf.ln(3)
        pdf.set_font("DejaVu", size=12)
        label = {"follow_up": "Follow-up", "retry": "Second try"}.get(t.kind, "Question")
        _line(pdf, f"{i}. {label}: {t.prompt}", 6)
        pdf.set_font("DejaVu", size=10)
        _answer(pdf, t.answer)
        _line(pdf, f"Score: {t.grade.score:g}/{t.grade.max_score:g} ({t.grade.examiner})")
        for k in t.grade.key_points:
            _line(pdf, f"  {'✔' if k.hit else '✘'} {k.text}")
        _line(pdf, t.grade.feedback)
        if t.delivery:
            for line in (f"Delivery: {delivery_line(t.delivery)}", f"Tip: {t.delivery.tip}",
                         f"As heard: {t.delivery.transcript_raw}"):  # fmt: skip
                _line(pdf, line)
    s = summarise(turns, questions)
    pdf.ln(4)
    pdf.set_font("DejaVu", size=12)
    _line(pdf, f"Summary: {f'{s.overall:g}/5' if s.overall is not None else 'no answers'}", 6)
    pdf.set_font("DejaVu", size=10)
    lines = [f"{n}: {m:g}/5" for n, m in s.sections.items()]
    if s.delivery:
        lines.append(f"Delivery: {delivery_summary(s.delivery)}")
    for line in lines + [f"Study: {x}" for x in s.study]:
        _line(pdf, line)
    return bytes(pdf.output())
