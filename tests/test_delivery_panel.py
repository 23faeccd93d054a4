"""The delivery panel, summary averages, the history chart and the exports of spoken answers."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from interviewer.domain import Grade, KeyPointResult, Question, Turn
from interviewer.examiner.coaching import top_words
from interviewer.examiner.delivery import analyse
from interviewer.sessions.export import to_json, to_markdown, to_pdf
from interviewer.sessions.history import SessionInfo
from interviewer.sessions.summary import summarise
from interviewer.web.charts import delivery_figure
from interviewer.web.delivery_view import delivery_html
from interviewer.web.views import summary_markdown

ATTACK = "Um, <b>bold</b> and <script>alert(1)</script> um, a decorator wraps a decorator."
Q = Question("core-ideas-01", "Python", "Core Ideas", "core-ideas", 1, "What is a decorator?")
SESSION = SessionInfo("s1", "ann", "2026-01-02T10:00:00+00:00", "offline", {}, None)


def timed(text: str, per_word: float = 0.4, pause_after: int = 0) -> list[tuple[str, float, float]]:
    out, t = [], 0.5
    for i, w in enumerate(text.split()):
        out.append((w, t, t + per_word - 0.05))
        t += per_word + (3.0 if i + 1 == pause_after else 0)
    return out


def grade(evidence: str = "<script>x</script> wraps") -> Grade:
    points = (KeyPointResult("wraps a function", 2, True, evidence),
              KeyPointResult("returns a callable", 1, False))  # fmt: skip
    return Grade(3.0, points, "fb", None, 1.0, "offline")


def turn(delivery_text: str | None = ATTACK, answer: str = "typed") -> Turn:
    d = analyse(timed(delivery_text, pause_after=4), 12.0) if delivery_text else None
    return Turn("core-ideas-01", "question", "What is a decorator?", answer, grade(),
                "2026-01-02T10:01:00+00:00", d)  # fmt: skip


def test_candidate_markup_in_the_panel_is_text() -> None:
    html = delivery_html(turn().delivery, grade())  # type: ignore[arg-type]
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<q>&lt;script&gt;x&lt;/script&gt; wraps</q>" in html  # the candidate's own words
    assert "<div" in html  # our own markup is still markup


def test_panel_shows_pace_band_fillers_pauses_length_and_coaching() -> None:
    d = turn().delivery
    assert d is not None
    html = delivery_html(d, grade(), target=(60, 120))
    text = re.sub(r"<[^>]+>", " ", html)
    assert f"{d.wpm:.0f} wpm" in text and "comfortable 120–160" in text
    assert html.count("<mark class='filler'>") == 2 and "<mark class='filler'>Um</mark>" in html
    assert "Fillers" in text and "“um” ×2" in text
    assert re.search(r"Long pauses\s+1\s+at 0:\d\d for 3\.\d s", text)
    assert "shorter than the 60–120 s target" in text
    assert "Talking points covered: 1 of 2" in text and "wraps a function" in text
    assert "decorator ×2" in text
    assert d.tip in text


def test_most_used_words_leave_out_stop_words_and_fillers() -> None:
    said = "So, um, I think the GIL, the GIL is a lock, um, and the lock is, um, global."
    assert top_words(said) == [("gil", 2), ("lock", 2)]
    assert top_words("nothing repeats here") == []


def test_summary_has_delivery_averages_only_when_something_was_spoken() -> None:
    assert summarise([turn(None)], [Q]).delivery is None
    spoken = [turn(), turn("a decorator wraps a function " * 5)]
    stats = summarise(spoken, [Q]).delivery
    assert stats is not None and stats.spoken == 2 and stats.fillers == 2
    minutes = sum(t.delivery.speaking_s for t in spoken if t.delivery) / 60
    assert abs(stats.fillers_per_min - 2 / minutes) < 1e-9 and stats.long_pauses == 2
    md = summary_markdown(summarise(spoken, [Q]), spoken, [Q])
    assert "### Delivery" in md and "2 spoken answers" in md and "wpm" in md


def test_exports_carry_delivery_per_turn_additively() -> None:
    turns = [turn(), turn(None)]
    data = json.loads(to_json(SESSION, turns, [Q], knowledge_version="1"))
    assert data["schema"] == 1
    spoken, typed = data["turns"]
    assert typed["delivery"] is None and spoken["answer"] == "typed"
    said = spoken["delivery"]
    assert said["filler_count"] == 2 and said["transcript_raw"] == ATTACK
    assert len(spoken["delivery"]["pauses"]) == 1 and data["summary"]["delivery"]["spoken"] == 1
    md = to_markdown(SESSION, turns, [Q], knowledge_version="1")
    assert "**Delivery:** " in md and "2 fillers (um ×2) · 1 long pause" in md
    assert "> Um, &lt;b&gt;bold" in md and "<script>" not in md
    assert "Delivery: 1 spoken answer:" in md
    assert to_pdf(SESSION, turns, [Q], knowledge_version="1")[:5] == b"%PDF-"


def test_history_chart_plots_score_next_to_rate_fillers_and_length() -> None:
    rows = [{"when": "2026-01-01T10:00:00+00:00", "score": 3.0},
            {"when": "2026-01-02T10:00:00+00:00", "score": 4.0, "wpm": 150.0,
             "fillers_per_min": 2.0, "mean_length_s": 70.0}]  # fmt: skip
    axes = delivery_figure(rows).axes
    titles = [ax.get_title() for ax in axes]
    assert titles == ["Mean score (0–5)", "Speaking rate (words/min)", "Fillers per minute",
                      "Answer length (s)"]  # fmt: skip
    assert list(axes[0].get_lines()[0].get_xdata()) == [0, 1]
    assert list(axes[1].get_lines()[0].get_xdata()) == [1]  # the typed session is a gap
    empty = delivery_figure([rows[0]]).axes
    assert "Answer by voice" in empty[1].texts[0].get_text()


@pytest.mark.needs("pdftotext")
def test_pdf_export_prints_the_delivery(tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    path.write_bytes(to_pdf(SESSION, [turn()], [Q], knowledge_version="1"))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    assert "Delivery: " in text and "2 fillers (um ×2)" in text
    assert "As heard: Um, <b>bold</b>" in text  # written as text, not markup
