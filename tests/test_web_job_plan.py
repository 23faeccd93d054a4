"""The start panel's job-description logic, without Gradio."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interviewer.config import REPO_KNOWLEDGE
from interviewer.knowledge.answers import load_knowledge
from interviewer.web.job_plan import JobPlanning


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
