from __future__ import annotations

from interviewer.web.charts import progress_figure


def test_progress_has_a_line_per_section_on_session_order() -> None:
    points = [(1, "A", 2.0), (1, "B", 3.0), (3, "A", 3.5), (4, "A", 4.5)]
    rows = [{"when": f"2026-11-2{d}T10:00:00+00:00", "section": s, "score": sc}
            for d, s, sc in points]  # fmt: skip
    ax = progress_figure(rows).axes[0]
    lines = {line.get_label(): list(line.get_xdata()) for line in ax.get_lines()}
    assert lines == {"A": [0, 1, 2], "B": [0]}
    assert ax.get_xticklabels()[0].get_text() == "21 Nov\n10:00"


def test_empty_history_says_so() -> None:
    ax = progress_figure([]).axes[0]
    assert "No answers yet" in ax.texts[0].get_text()
