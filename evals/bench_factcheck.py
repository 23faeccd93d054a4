"""Typed turns with the local fact-check model on versus off, one command:

    python -m evals.bench_factcheck      # writes evals/results/factcheck_bench.{json,png}

Runs the same load as evals/bench_app.py (20 users, an answer every 3 s, through the
app's own API) against a real `python app.py` twice: with INTERVIEWER_LOCAL_LLM=off and
with the local model on (the app starts it and checks every turn in its background
queue). Reports typed-turn p50/p95 of both runs, their ratio (target: p95 with the model
within 20% of without), lost turns (every acknowledged answer must be in SQLite), and
what became of the checks: landed ("checked"), degraded ("not checked: …", e.g. a full
queue) or still pending when the load stopped. Needs the model installed (`make install`).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from interviewer.config import Settings

from .bench_app import RESULTS, ROOT, Server, run_load, stats


def check_outcomes(home: Path) -> dict[str, int]:
    """How many saved turns' fact checks landed, degraded or are still pending."""
    out = {"checked": 0, "not_checked": 0, "pending": 0, "none": 0}
    with sqlite3.connect(home / "history.sqlite") as db:
        for (grade,) in db.execute("SELECT grade FROM turns"):
            status = json.loads(grade).get("fact_check", "")
            key = ("checked" if status == "checked" else "pending" if status == "pending"
                   else "not_checked" if status.startswith("not checked") else "none")  # fmt: skip
            out[key] += 1
    return out


def run(local_llm: str, port: int, duration: float, settle: float) -> dict[str, object]:
    home = Path(tempfile.mkdtemp(prefix=f"bench-factcheck-{local_llm}-"))
    installed = Settings.from_env().models_path  # share the installed models, don't copy 1 GB
    if installed.is_dir():
        (home / "models").symlink_to(installed, target_is_directory=True)
    env = {"INTERVIEWER_HOME": str(home), "INTERVIEWER_LOCAL_LLM": local_llm}
    saved_env = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        subprocess.run([sys.executable, "-m", "interviewer.cli", "index"], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
        server = Server(home, port)
        time.sleep(settle)  # the rubric warm-up and (when on) the model's start
        records = run_load(server.url, 20, 3.0, duration)
        result: dict[str, object] = dict(stats(records, duration))
        with sqlite3.connect(home / "history.sqlite") as db:
            (saved,) = db.execute("SELECT COUNT(*) FROM turns").fetchone()
        result["lost_turns"] = max(0, int(result["turns"]) - saved)  # type: ignore[call-overload]
        result["checks"] = check_outcomes(home)
        server.stop()
        result["latencies_s"] = sorted(float(r["seconds"]) for r in records if r["ok"])  # type: ignore[arg-type]
        return result
    finally:
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def main() -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=60.0, help="seconds to wait after start")
    args = parser.parse_args()
    off = run("off", 7961, args.duration, args.settle)
    on = run("on", 7962, args.duration, args.settle)
    ratio = round(float(on["p95_ms"]) / max(1.0, float(off["p95_ms"])), 3)  # type: ignore[arg-type]
    result: dict[str, object] = {"model_off": off, "model_on": on, "p95_on_over_off": ratio,
                                 "target_ratio": 1.2, "cpu_count": os.cpu_count()}  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    plot(off, on, RESULTS / "factcheck_bench.png")
    for r in (off, on):
        r.pop("latencies_s")
    (RESULTS / "factcheck_bench.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


def plot(off: dict[str, object], on: dict[str, object], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.5))
    for name, r in (("local model off", off), ("local model on", on)):
        xs = [1000 * x for x in r["latencies_s"]]  # type: ignore[attr-defined]
        share = [i / max(1, len(xs)) for i in range(len(xs))]
        ax.plot(xs, share, label=f"{name} (p95 {r['p95_ms']} ms)")
    ax.set_xlabel("typed turn, submit → feedback (ms), 20 users every 3 s")
    ax.set_ylabel("share of turns")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
