"""Memory of the whole app with speech and the local fact-check model loaded, one command:

    python -m evals.bench_memory      # writes evals/results/memory.json

Starts a real `python app.py` with the local model on, waits for the model server it
owns to answer, has a fact check run (typed answers through the load generator for a
few seconds) and a spoken answer transcribed (loads whisper), then sums the resident
memory (VmRSS) of the app and every process it started. Target: < 3 GB. RSS counts
shared pages once per process, so the sum is an upper bound. Needs the model installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gradio_client import Client, handle_file

from interviewer.config import Settings

from .bench_app import RESULTS, ROOT, SPOKEN, Server, rss_mb, run_load

TARGET_MB = 3 * 1024


def children(pid: int) -> list[int]:
    """Every descendant of pid, from /proc."""
    parent_of: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent_of[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, parent in parent_of.items() if parent == current]
        found += kids
        frontier += kids
    return found


def model_server(pid: int) -> int | None:
    for child in children(pid):
        try:
            if b"interviewer.llm.serve" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        except OSError:
            continue
    return None


def main() -> dict[str, object]:
    home = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    installed = Settings.from_env().models_path  # share the installed models, don't copy 1 GB
    if installed.is_dir():
        (home / "models").symlink_to(installed, target_is_directory=True)
    os.environ.update({"INTERVIEWER_HOME": str(home), "INTERVIEWER_LOCAL_LLM": "on"})
    subprocess.run([sys.executable, "-m", "interviewer.cli", "index"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    server = Server(home, 7963)
    try:
        deadline = time.monotonic() + 180
        while model_server(server.proc.pid) is None and time.monotonic() < deadline:
            time.sleep(1)
        llm = model_server(server.proc.pid)
        if llm is None:
            raise SystemExit("the app did not start its local model server")
        run_load(server.url, 2, 3.0, 10.0)  # a few typed answers: checks use the model's cache
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "answer.wav"
            subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), SPOKEN], check=True)
            Client(server.url, verbose=False).predict(handle_file(str(wav)), "",
                                                      api_name="/transcribe")  # fmt: skip
        time.sleep(20)  # let a pending check run
        app = rss_mb(server.proc.pid)
        model = rss_mb(llm)
        others = sum(rss_mb(p) for p in children(server.proc.pid) if p != llm)
    finally:
        server.stop()
    total = app + model + others
    result: dict[str, object] = {
        "app_rss_mb": round(app, 1), "model_server_rss_mb": round(model, 1),
        "other_children_rss_mb": round(others, 1), "total_rss_mb": round(total, 1),
        "target_mb": TARGET_MB, "met": total < TARGET_MB,
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "memory.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
