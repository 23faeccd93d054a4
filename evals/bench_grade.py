"""How fast `interviewer grade` answers from the command line, one command:

    python -m evals.bench_grade    # writes evals/results/grade_cli.json

On a fresh home with its index built (`interviewer index`, not timed), it times
`interviewer grade --question-id … --json` as new processes (each call is cold: the
interpreter, the embedder and the rubric vectors load every time), then one
`interviewer grade --batch FILE --json` over the dev set's partial and wrong answers
(evals/data/misconception_dev, a line per answer), start to exit, and checks that every
line came back graded. Both with the local model off (`INTERVIEWER_LOCAL_LLM=off`: the
offline examiner), as the targets are stated; with the model on, the fact check's
own time comes on top (evals/bench_claim_latency.py).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .yaml_sets import load_yaml_dir

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "evals" / "results" / "grade_cli.json"
CLI = [sys.executable, "-m", "interviewer.cli"]
TARGETS = {"cold_s": 5.0, "batch_answers_per_s": 5.0}


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([*CLI, *args], env=env, cwd=ROOT, input=stdin, capture_output=True,
                          text=True, timeout=900, check=True)  # fmt: skip
    return time.perf_counter() - start, done.stdout


def main(calls: int = 5) -> dict[str, object]:
    answers = [{"question_id": q, "answer": a[kind]}
               for q, a in load_yaml_dir(ROOT / "evals" / "data" / "misconception_dev").items()
               for kind in ("partial", "wrong")]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INTERVIEWER_HOME": tmp, "INTERVIEWER_LOCAL_LLM": "off"}
        env.pop("INTERVIEWER_MODEL", None)
        run(["index"], env)
        cold = []
        for item in answers[:calls]:
            seconds, out = run(["grade", "--question-id", item["question_id"], "--answer",
                                item["answer"], "--json"], env)  # fmt: skip
            assert "score" in json.loads(out)
            cold.append(round(seconds, 2))
        batch = Path(tmp) / "answers.jsonl"
        batch.write_text("".join(json.dumps(a) + "\n" for a in answers), "utf-8")
        seconds, out = run(["grade", "--batch", str(batch), "--json"], env)
    graded = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(graded) == len(answers) and all("score" in g for g in graded), len(graded)
    result = {
        "cold_calls_s": cold,
        "cold_p50_s": statistics.median(cold),
        "cold_max_s": max(cold),
        "batch_answers": len(answers),
        "batch_s": round(seconds, 2),
        "batch_answers_per_s": round(len(answers) / seconds, 1),
        "load_avg_at_end": round(os.getloadavg()[0], 2),
        "targets": TARGETS,
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
