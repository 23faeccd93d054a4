"""`interviewer plan`: the JSON contract and its messages, run as a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from interviewer.config import REPO_KNOWLEDGE

from .test_cli import run

JOBS = Path(__file__).resolve().parent.parent / "evals" / "data" / "job_descriptions"


def env(tmp_path: Path) -> dict[str, str]:
    return {
        "INTERVIEWER_HOME": str(tmp_path / "home"),
        "INTERVIEWER_KNOWLEDGE": str(REPO_KNOWLEDGE),
    }


def test_plan_json_contract(tmp_path: Path) -> None:
    job = JOBS / "01-flask-api-backend.md"
    out = run("plan", "--job-description", str(job), "--count", "5", "--json", env=env(tmp_path))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert list(data)[:3] == ["skills", "not_covered", "questions"]
    assert set(data["not_covered"]) >= {"Docker", "AWS"} and set(data["not_covered"]) <= set(
        data["skills"]
    )
    assert len(data["questions"]) == 5
    for q in data["questions"]:
        assert isinstance(q["question_id"], str) and q["why"].startswith("matches: ")
    assert "SQLAlchemy" in data["skills"] and "SQLAlchemy" not in data["not_covered"]


def test_plan_text_output_and_errors(tmp_path: Path) -> None:
    job = tmp_path / "job.txt"
    job.write_text("Backend developer: CORS and Kubernetes.\n", "utf-8")
    out = run("plan", "--job-description", str(job), "--count", "3", env=env(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "Not in the question bank: Kubernetes" in out.stdout
    assert "How do you handle CORS" in out.stdout and "matches: CORS" in out.stdout
    assert "Only 1 bank question(s) match" in out.stdout
    empty = tmp_path / "empty.md"
    empty.write_text("", "utf-8")
    for args, message in [
        (["--job-description", str(empty)], "file is empty"),
        (["--job-description", str(tmp_path / "nope.txt")], "cannot read file"),
        (["--job-description", str(job), "--count", "0"], "--count must be between 1 and 50"),
    ]:
        bad = run("plan", *args, env=env(tmp_path))
        assert bad.returncode == 2, bad.stdout
        assert message in bad.stderr and "Traceback" not in bad.stderr
