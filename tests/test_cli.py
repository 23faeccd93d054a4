"""The CLI contract, run as a real subprocess (other tools rely on these outputs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.config import REPO_KNOWLEDGE

from .conftest import TINY_BANK


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interviewer.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_bank_json_lists_90_questions_with_the_contract_keys() -> None:
    out = run("bank", "--json", env={"INTERVIEWER_KNOWLEDGE": str(REPO_KNOWLEDGE)})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data) == 90
    assert set(data[0]) == {"id", "part", "section", "number", "text"}
    assert data[2]["id"] == "python-basics-03" and data[2]["number"] == 3


def test_knowledge_check_fails_with_file_and_line(tiny_knowledge: Path) -> None:
    env = {"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge)}
    ok = run("knowledge", "check", env=env)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: 3 questions, 3 reference answers")
    f = tiny_knowledge / "answers" / "core-ideas.yaml"
    f.write_text(f.read_text("utf-8").replace("weight: 2", "weight: heavy", 1), "utf-8")
    bad = run("knowledge", "check", env=env)
    assert bad.returncode == 1
    assert f"{f}:" in bad.stderr and "weight" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_extra_bank_by_env_and_malformed_bank_message(tmp_path: Path, tiny_knowledge: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text(TINY_BANK.replace("1. **What is Flask?**", "1. What is Flask?"), "utf-8")
    out = run(
        "bank",
        "--json",
        env={"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge), "INTERVIEWER_BANKS": str(broken)},
    )
    assert out.returncode == 2
    assert f"{broken}:14: numbered line is not a bold question" in out.stderr


@pytest.mark.slow
def test_index_then_search_json(tmp_path: Path, tiny_knowledge: Path) -> None:
    env = {"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge), "INTERVIEWER_HOME": str(tmp_path / "h")}
    built = run("index", env=env)
    assert built.returncode == 0, built.stderr
    assert "index built" in built.stdout and "3 question" in built.stdout
    again = run("index", env=env)
    assert "up to date" in again.stdout
    out = run("search", "what does the GIL do in Python", "--k", "3", "--json", env=env)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 3
    assert {"question_id", "kind", "text", "score"} <= set(hits[0])
    assert hits[0]["question_id"] == "core-ideas-02"
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


@pytest.mark.slow
def test_ingest_reports_bad_files_and_keeps_good_ones(tmp_path: Path, tiny_knowledge: Path) -> None:
    env = {"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge), "INTERVIEWER_HOME": str(tmp_path / "h")}
    good = tmp_path / "notes.rst"
    good.write_text("Blueprints\n==========\n\nBlueprints group views into modules.\n", "utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    out = run("ingest", str(good), str(bad), env=env)
    assert out.returncode == 1
    assert "ingested" in out.stdout and "notes.rst" in out.stdout
    assert "bad.txt" in out.stderr and "Traceback" not in out.stderr
    hits = json.loads(run("search", "blueprints group views", "--json", env=env).stdout)
    assert hits[0]["kind"] == "document"


@pytest.mark.slow
def test_terminal_interview_runs_end_to_end_offline(tmp_path: Path, tiny_knowledge: Path) -> None:
    env = {"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge), "INTERVIEWER_HOME": str(tmp_path / "h")}
    env.pop("INTERVIEWER_MODEL", None)
    answers = "\n".join([
        "A decorator wraps a function and returns a new function.", "",
        "It matters because of core-ideas-01.", "",
        "/skip", "",
        "/quit", "",
    ]) + "\n"  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "interviewer.cli", "interview", "--section", "core-ideas",
         "--count", "2", "--in-order"],
        input=answers, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in {**os.environ, **env}.items() if k != "INTERVIEWER_MODEL"},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Question 1/2: What is a decorator?" in out.stdout
    assert "Score:" in out.stdout and "(offline)" in out.stdout
    assert "=== Summary ===" in out.stdout and "Core Ideas:" in out.stdout


@pytest.mark.slow
def test_interview_is_saved_and_exports_in_three_formats(
    tmp_path: Path, tiny_knowledge: Path
) -> None:
    env = {"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge), "INTERVIEWER_HOME": str(tmp_path / "h")}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "interviewer.cli",
            "interview",
            "--count",
            "1",
            "--in-order",
            "--section",
            "web-things",
            "--follow-ups",
            "0",
        ],
        input="Flask is a <b>micro</b> framework [link](http://x) with a small core.\n\n",
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in {**os.environ, **env}.items() if k != "INTERVIEWER_MODEL"},
    )
    assert out.returncode == 0, out.stderr
    session_id = out.stdout.rsplit("Saved as session ", 1)[1].split(":")[0]
    data = json.loads(run("export", session_id, "--format", "json", env=env).stdout)
    assert data["schema"] == 1 and data["session"]["id"] == session_id
    [turn] = data["turns"]
    assert turn["answer"].startswith("Flask is a <b>micro</b> framework")
    assert {"score", "key_points", "feedback", "examiner"} <= set(turn)
    md = run("export", session_id, "--format", "md", env=env).stdout
    assert "&lt;b&gt;micro&lt;/b&gt;" in md and "\\[link](http://x)" in md  # shown literally
    pdf = tmp_path / "t.pdf"
    assert (
        run("export", session_id, "--format", "pdf", "--output", str(pdf), env=env).returncode == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")


def test_export_refuses_bad_ids(tmp_path: Path, tiny_knowledge: Path) -> None:
    env = {"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge), "INTERVIEWER_HOME": str(tmp_path / "h")}
    for bad in ["../../etc/passwd", "0" * 32]:
        out = run("export", bad, "--format", "md", env=env)
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert "not a session id" in out.stderr or "no session" in out.stderr
