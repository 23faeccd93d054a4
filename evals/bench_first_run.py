"""`make run` on a fresh clone, to the first page served, stage by stage.

    python -m evals.bench_first_run     # writes evals/results/first_run.json (~5-10 minutes)

Clones this repository into a temporary folder and runs what `make run` runs, timing each
stage: `make install` (venv, packages, the local model joined into a fresh
INTERVIEWER_HOME), `interviewer index` (the knowledge embedded into Chroma), and
`python app.py` until its first page answers. pip's download cache is off, so packages
come from the registry as on a new machine. One thing is not fresh: the llama-cpp-python
wheel, built once per machine (~15 minutes on 2 cores) into ~/.cache/interviewer/wheels;
the report says whether it was there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .bench_app import RESULTS, ROOT

WHEELS = Path.home() / ".cache" / "interviewer" / "wheels"
PORT = 7967


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, list[str]]:
    """Seconds the command took, and the progress lines it printed ("== …")."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("==")]
    return round(time.perf_counter() - start, 1), lines


def first_page(repo: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    app = subprocess.Popen([str(repo / ".venv/bin/python"), "app.py"], cwd=repo, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1):
                    return round(time.perf_counter() - start, 1)
            except OSError:
                if app.poll() is not None or time.perf_counter() - start > 300:
                    sys.exit("the app did not serve its first page")
                time.sleep(0.1)
    finally:
        app.terminate()
        app.wait(timeout=30)


def main() -> dict[str, object]:
    wheel_cached = any(WHEELS.glob("llama_cpp_python-*.whl"))
    with tempfile.TemporaryDirectory(prefix="first-run-") as tmp:
        repo, home = Path(tmp) / "repo", Path(tmp) / "home"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
        env = {**os.environ, "INTERVIEWER_HOME": str(home), "INTERVIEWER_PORT": str(PORT),
               "PIP_NO_CACHE_DIR": "1", "GRADIO_ANALYTICS_ENABLED": "False"}  # fmt: skip
        env.pop("VIRTUAL_ENV", None)
        install, progress = timed(["make", "install"], repo, env)
        index, _ = timed([str(repo / ".venv/bin/interviewer"), "index"], repo, env)
        start = first_page(repo, env)
    result: dict[str, object] = {
        "install_s": install, "index_s": index, "start_to_first_page_s": start,
        "total_s": round(install + index + start, 1),
        "llama_wheel_was_cached": wheel_cached, "pip_cache": "off",
        "progress_lines": progress, "cpu_count": os.cpu_count(),
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "first_run.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
