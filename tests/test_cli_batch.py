"""`interviewer grade`: --batch JSON lines, and the configured examiner, as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.slow

GRADE_KEYS = {"score", "max_score", "key_points", "feedback", "follow_up", "confidence",
              "examiner", "flags"}  # fmt: skip
GOOD = "A decorator wraps a function and returns a new function that adds behaviour."


def run(*args: str, env: dict[str, str],
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    full = {**{k: v for k, v in os.environ.items() if k != "INTERVIEWER_MODEL"}, **env}
    return subprocess.run([sys.executable, "-m", "interviewer.cli", *args], input=stdin,
                          capture_output=True, text=True, env=full, timeout=300)  # fmt: skip


@pytest.fixture
def env(tmp_path: Path, tiny_knowledge: Path) -> dict[str, str]:
    env = {"INTERVIEWER_KNOWLEDGE": str(tiny_knowledge), "INTERVIEWER_HOME": str(tmp_path / "h")}
    built = run("index", env=env)
    assert built.returncode == 0, built.stderr
    assert "rubric cache written" in built.stdout
    return env


def test_batch_keeps_order_puts_errors_in_place_and_exits_2(
    tmp_path: Path, env: dict[str, str]
) -> None:
    lines = [
        json.dumps({"question_id": "core-ideas-01", "answer": GOOD}),
        '{"question_id": "core-ideas-02", "answer": ',
        json.dumps({"question_id": "web-things-01", "answer": "Flask is a small web framework."}),
        json.dumps({"question_id": "nope-01", "answer": "x"}),
        json.dumps({"question_id": "core-ideas-02"}),
        "",
        json.dumps({"question_id": "core-ideas-02", "answer": ""}),
        json.dumps(["core-ideas-01", GOOD]),
        json.dumps({"question_id": "core-ideas-01", "answer": 5}),
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join(lines) + "\n", "utf-8")
    out = run("grade", "--batch", str(batch), "--json", env=env)
    assert out.returncode == 2, out.stderr
    assert "6 of 9 line(s) could not be graded" in out.stderr and "Traceback" not in out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(rows) == len(lines)
    assert ["error" in r for r in rows] == [
        False, True, False, True, True, True, False, True, True]  # fmt: skip
    assert all(set(r) >= GRADE_KEYS for r in rows if "error" not in r)
    errors = {r["line"]: r["error"] for r in rows if "error" in r}
    assert errors[2].startswith("not JSON")
    assert errors[4] == "no question with id 'nope-01' (see `interviewer bank`)"
    assert errors[5] == "missing field 'answer'"
    assert errors[6] == "empty line"
    assert errors[8].startswith("expected an object")
    assert errors[9] == "'answer' must be a string"
    assert rows[6]["score"] == 0 and "no-answer" in rows[6]["flags"]
    assert rows[0]["key_points"][0]["text"] == "first point about core-ideas-01"
    assert rows[2]["key_points"][0]["text"] == "first point about web-things-01"
    # The batch grade is the single grade, key for key.
    single = run("grade", "--question-id", "core-ideas-01", "--answer", GOOD, "--json", env=env)
    assert single.returncode == 0, single.stderr
    assert json.loads(single.stdout) == rows[0]


def test_batch_from_stdin_without_errors_exits_0(env: dict[str, str]) -> None:
    stdin = "".join(json.dumps({"question_id": q, "answer": GOOD}) + "\n"
                    for q in ("web-things-01", "core-ideas-01", "core-ideas-02"))  # fmt: skip
    out = run("grade", "--batch", "-", env=env, stdin=stdin)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r["key_points"][0]["text"].rsplit(" ", 1)[1] for r in rows] == [
        "web-things-01", "core-ideas-01", "core-ideas-02"]  # fmt: skip
    assert all(r["examiner"] == "offline" for r in rows)


def test_grade_argument_mistakes_exit_2(env: dict[str, str]) -> None:
    unknown = run("grade", "--question-id", "nope-01", "--answer", "x", env=env)
    assert unknown.returncode == 2 and "no question with id 'nope-01'" in unknown.stderr
    both = run("grade", "--batch", "-", "--answer", "x", env=env, stdin="")
    assert both.returncode == 2 and "--batch reads" in both.stderr
    missing = run("grade", "--batch", "/nonexistent/answers.jsonl", env=env)
    assert missing.returncode == 2 and "answers.jsonl" in missing.stderr
    assert "Traceback" not in unknown.stderr + both.stderr + missing.stderr


@pytest.fixture
def server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as s:
        yield s


def test_grade_uses_the_llm_examiner_when_a_model_is_set(
    env: dict[str, str], server: ScriptedOpenAIServer
) -> None:
    reply = {"score": 4.0, "key_points": [{"index": 1, "hit": True, "evidence": "wraps"}],
             "good": "Clear.", "missing": "An example.", "tip": "Show one.",
             "follow_up": "How would you write one?"}  # fmt: skip
    server.enqueue({"content": json.dumps(reply)})
    llm = {**env, "INTERVIEWER_MODEL": "test-model", "OPENAI_BASE_URL": server.base_url,
           "OPENAI_API_KEY": "k"}  # fmt: skip
    out = run("grade", "--question-id", "core-ideas-01", "--answer", GOOD, "--json", env=llm)
    assert out.returncode == 0, out.stderr
    grade = json.loads(out.stdout)
    assert grade["examiner"] == "llm:test-model"
    assert grade["score"] == 4.0 and grade["follow_up"] == "How would you write one?"
    assert len(server.requests) == 1
    prompt = server.requests[0]["messages"][1]["content"]
    assert GOOD in prompt and "first point about core-ideas-01" in prompt
    offline = run("grade", "--question-id", "core-ideas-01", "--answer", GOOD, "--json", env=env)
    assert json.loads(offline.stdout)["examiner"] == "offline"  # INTERVIEWER_MODEL unset
