"""The start panel's job-description logic, without Gradio."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.knowledge.answers import load_knowledge
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.sessions.history import History
from interviewer.web.interview_tab import InterviewTab
from interviewer.web.job_plan import JobPanel, JobPlanning
from interviewer.web.practice import Practice
from interviewer.web.ui_deps import UIDeps
from interviewer.web.ui_updates import WARNING

from .fakes import FakeExaminer, HashingEmbedder


@pytest.fixture(scope="module")
def planning() -> JobPlanning:
    return JobPlanning(
        load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    )


def test_text_to_chips_to_plan_with_reasons(planning: JobPlanning) -> None:
    chips = planning.skills_from_text("- Flask REST APIs with JWT\n- Kubernetes <b>now</b>")
    assert chips[:2] == ["REST APIs", "JWT"] and "Kubernetes" in chips
    chips = [c for c in chips if c != "JWT"] + ["CORS", "<script>x</script>"]
    plan = planning.plan_for_chips(chips, 3, [], datetime(2025, 1, 1, tzinfo=UTC))
    assert len(plan.question_ids) == 3 and "flask-apis-and-middleware-05" in plan.question_ids
    assert "**Not in the question bank:** Kubernetes, &lt;script&gt;" in plan.markdown
    assert "<script>" not in plan.markdown
    assert "matches: CORS" in plan.markdown


def test_unusable_input_gets_a_message(planning: JobPlanning) -> None:
    with pytest.raises(ValueError, match="empty"):
        planning.skills_from_text("   ")
    with pytest.raises(ValueError, match="at least one skill"):
        planning.plan_for_chips([" "], 3, [], datetime(2025, 1, 1, tzinfo=UTC))


def test_the_panel_finds_chips_plans_and_starts_exactly_the_plan(
    real_settings: Settings, tmp_path: Path
) -> None:
    kb = KnowledgeBase.open(real_settings, HashingEmbedder())
    kb.ensure_index()
    examiner = FakeExaminer()
    practice = Practice(InterviewEngine(EngineDeps(kb, examiner)),  # type: ignore[arg-type]
                        History(tmp_path / "h.sqlite"))  # fmt: skip
    panel = JobPanel(practice)
    found = panel.from_text("local", "- Flask REST APIs with JWT\n- Kubernetes", 3)
    chips = found["skills"].props["value"]
    assert "JWT" in chips and "Kubernetes" in chips
    assert "**Not in the question bank:** Kubernetes" in found["plan_md"]
    assert found["plan_start"].props == {"interactive": True}
    edited = panel.plan("local", [c for c in chips if c != "JWT"], 2)
    assert len(edited["planned"]) == 2 and "matches: " in edited["plan_md"]
    tab = InterviewTab(UIDeps(kb, practice, exports_dir=tmp_path), practice)
    started = tab.start("local", [], False, 2, "practice", edited["planned"])
    assert started["state"].interview.question_ids == edited["planned"]
    assert panel.plan("local", [], 3)["planned"] is None
    assert "empty" in panel.from_text("local", "  ", 3)[WARNING]


def test_bad_uploads_get_a_message_naming_the_file(real_settings: Settings, tmp_path: Path) -> None:
    practice = Practice(InterviewEngine(EngineDeps(  # type: ignore[arg-type]
        KnowledgeBase.open(real_settings, HashingEmbedder()), FakeExaminer())),
        History(tmp_path / "h.sqlite"))  # fmt: skip
    panel = JobPanel(practice)
    (tmp_path / "ad.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.txt").write_text("  ")
    (tmp_path / "fake.pdf").write_text("not a pdf at all, honest")
    (tmp_path / "ad.md").write_text("We need Flask, SQLAlchemy and pytest.")
    assert panel.from_file("local", str(tmp_path / "ad.docx"), 3)[WARNING] == (
        "ad.docx: unsupported file type '.docx' (use .txt, .md or .pdf)")  # fmt: skip
    assert panel.from_file("local", str(tmp_path / "empty.txt"), 3)[WARNING].startswith(
        "empty.txt: file is empty")  # fmt: skip
    assert "not a PDF" in panel.from_file("local", str(tmp_path / "fake.pdf"), 3)[WARNING]
    good = panel.from_file("local", str(tmp_path / "ad.md"), 3)
    assert good["job_text"].startswith("We need Flask") and "pytest" in str(good["skills"])
