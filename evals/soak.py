"""Soak test: 50 simulated users for 5 minutes against the real app, one command:

    python -m evals.soak            # writes evals/results/soak.{json,png}

Offline examiner, SQLite history, the load generator in its own process (evals/load.py).
Reports turn latency p50/p95/p99, errors, lost turns (acknowledged answers missing from
SQLite afterwards; must be 0) and the server's resident memory every 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .bench_app import RESULTS, ROOT, Server, rss_mb, run_load, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between answers")
    parser.add_argument("--duration", type=float, default=300.0)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="soak-home-"))
    subprocess.run([sys.executable, "-m", "interviewer.cli", "index"], check=True, cwd=ROOT,
                   env={**os.environ, "INTERVIEWER_HOME": str(home)},
                   stdout=subprocess.DEVNULL)  # fmt: skip
    server = Server(home, 7961)
    time.sleep(40)  # the start-up warm-up
    memory: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        t0 = time.monotonic()
        while not stop.is_set():
            memory.append((round(time.monotonic() - t0, 1), round(rss_mb(server.proc.pid), 1)))
            stop.wait(2)

    threading.Thread(target=sample, daemon=True).start()
    records = run_load(server.url, args.users, args.interval, args.duration)
    stop.set()
    server.stop()
    result = stats(records, args.duration)
    with sqlite3.connect(home / "history.sqlite") as db:
        (saved,) = db.execute("SELECT COUNT(*) FROM turns").fetchone()
    report = {"users": args.users, "interval_s": args.interval, "duration_s": args.duration,
              **result, "saved_in_sqlite": saved, "lost_turns": max(0, result["turns"] - saved),
              "memory_mb": {"start": memory[0][1], "end": memory[-1][1],
                            "max": max(m[1] for m in memory)},
              "memory_mb_over_time": memory}  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    _plot(records, memory)
    print(json.dumps({k: v for k, v in report.items() if k != "memory_mb_over_time"}, indent=2))


def _plot(records: list[dict[str, object]], memory: list[tuple[float, float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
    t0 = min(float(r["t"]) for r in records)  # type: ignore[arg-type]
    a.scatter([float(r["t"]) - t0 for r in records],  # type: ignore[arg-type]
              [1000 * float(r["seconds"]) for r in records], s=4)  # type: ignore[arg-type]  # fmt: skip
    a.set(title="Turn latency, 50 users", xlabel="s", ylabel="ms")
    b.plot([m[0] for m in memory], [m[1] for m in memory])
    b.set(title="Server resident memory", xlabel="s", ylabel="MB")
    fig.savefig(RESULTS / "soak.png", dpi=110)


if __name__ == "__main__":
    main()
