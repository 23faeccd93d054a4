"""`python -m evals.adversarial --llm` measures the configured LLM examiner, honestly.

Against the scripted OpenAI-compatible server on loopback: every grade says which
examiner produced it, so fallbacks to the offline examiner show in the report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from evals import adversarial

from .openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as s:
        yield s


@pytest.fixture
def llm_env(server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The three variables a user sets to measure their model, pointed at the loopback server."""
    monkeypatch.setenv("INTERVIEWER_MODEL", "test-model")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "k")


def reply(score: float) -> dict[str, str]:
    return {"content": json.dumps({
        "score": score, "key_points": [{"index": 1, "hit": True, "evidence": "it"}],
        "good": "ok", "missing": "more", "tip": "study", "follow_up": "Why?",
    })}  # fmt: skip


def test_llm_run_reports_who_graded_and_keeps_the_offline_results(
    server: ScriptedOpenAIServer, tmp_path: Path, llm_env: None
) -> None:
    # One question: 11 answers, of which the empty one and the pure injection (nothing
    # left once the text aimed at the grader is dropped) never reach the model. The script
    # runs dry after 8 replies, so the 9th answer gets only 500s and falls back.
    server.enqueue(*(reply(4.0) for _ in range(8)))
    out = adversarial.main(llm=True, limit=1, results=tmp_path)
    assert out["n_questions"] == 1
    assert out["graded_by"] == {"llm:test-model": 8, "offline": 3}
    assert len(server.requests) == 8 + 3  # the failing answer: first try and 2 retries
    excellent = next(iter(adversarial.answers().values()))["excellent"].strip()
    prompts = [r["messages"][1]["content"] for r in server.requests]
    assert any(f"<candidate_answer>\n{excellent}" in p for p in prompts)
    assert (tmp_path / "adversarial-llm.json").is_file()
    assert (tmp_path / "adversarial-llm.png").is_file()
    assert not (tmp_path / "adversarial.json").exists()  # the offline report is not touched


def test_llm_run_without_a_model_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INTERVIEWER_MODEL", raising=False)
    with pytest.raises(SystemExit, match="INTERVIEWER_MODEL"):
        adversarial.main(llm=True, limit=1, results=tmp_path)


def test_llm_grading_run_scores_mohler_test_with_the_model(
    server: ScriptedOpenAIServer, tmp_path: Path, llm_env: None
) -> None:
    from evals import grading

    scores = [5.0, 2.0, 0.5, 4.5, 3.0, 4.0, 1.0, 5.0, 2.5, 3.5, 1.5, 5.0]
    server.enqueue(*(reply(x) for x in scores))
    out = grading.main_llm(limit=len(scores), results=tmp_path)
    assert out["graded_by"] == {"llm:test-model": len(scores)}
    rows = grading.mohler(split="test")[: len(scores)]
    assert all(int(r.question_id.split(".")[0]) >= 7 for r in rows)  # the test split only
    asked = [r["messages"][1]["content"] for r in server.requests]
    assert all(r.answer.strip()[:40] in a for r, a in zip(rows, asked, strict=True))
    human = [r.score for r in rows]
    report = json.loads((tmp_path / "grading-llm.json").read_text("utf-8"))
    assert report["mohler_test"]["n"] == len(scores)
    assert report["mohler_test"]["pearson"] == pytest.approx(np.corrcoef(scores, human)[0, 1],
                                                             abs=1e-3)  # fmt: skip
    assert (tmp_path / "grading-llm.png").is_file()


def test_remote_factcheck_run_applies_the_claim_check_to_the_llm_grades(
    server: ScriptedOpenAIServer, tmp_path: Path, llm_env: None
) -> None:
    from evals import remote_factcheck_dev

    # Per question a correct partial answer, then a confidently wrong one: the scripted model
    # always prefers the wrong one, and only the claim check (cached P(FALSE)) can turn that.
    server.enqueue(*(reply(x) for _ in range(6) for x in (3.0, 4.0)))
    out = remote_factcheck_dev.main(limit=6, results=tmp_path)
    assert out["answers"] == 12 and len(server.requests) == 12
    assert out["llm_fallbacks"] == 0
    assert out["partial_gt_wrong_without_check"] == 0.0
    assert out["mean_correct_without_check"] == 3.0 and out["mean_wrong_without_check"] == 4.0
    assert out["partial_gt_wrong_with_check"] > 0.0
    assert out["mean_wrong_with_check"] < 4.0
    assert (tmp_path / "remote_factcheck_dev.json").is_file()
    again = remote_factcheck_dev.main(limit=6, results=tmp_path)  # grades kept: nothing asked
    assert len(server.requests) == 12 and again == out
