"""App benchmarks through the app's own API, one command:

    python -m evals.bench_app        # writes evals/results/app_bench.{json,png}

Measures, against a real `python app.py` on loopback (offline examiner, local fact-check
model off; evals/bench_factcheck.py compares typed turns with it on):
- typed-turn latency submit → feedback (after the start-up warm-up) with 20 simulated
  users each answering every 3 s (load generator in a separate process, evals/load.py),
  errors, and lost turns: every acknowledged answer must be in SQLite afterwards
  (target p95 < 400 ms, 0 errors, 0 lost);
- the saturation point: turns/s at which p95 passes 1 s, stepping the offered load up;
- server memory over time;
- cold start: launching the app (index already built) to the first page served (< 8 s);
- speech-to-text of a 30 s answer on 2 cores (< 4 s) and the server's memory with voice
  loaded (< 1.2 GB).
Piper read-aloud runs in its own event and is not part of the typed-turn latency.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from gradio_client import Client, handle_file

from interviewer.config import Settings
from interviewer.web.speech import Transcriber

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
SPOKEN = (
    "Decorators wrap a function in another function. The wrapper runs code before and "
    "after the call, and functools wraps keeps the original name and docstring. "
) * 3


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Server:
    def __init__(self, home: Path, port: int) -> None:
        self.home, self.port = home, port
        self.url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "INTERVIEWER_HOME": str(home), "INTERVIEWER_PORT": str(port),
               "GRADIO_ANALYTICS_ENABLED": "False"}  # fmt: skip
        env.pop("INTERVIEWER_MODEL", None)
        env.setdefault("INTERVIEWER_LOCAL_LLM", "off")  # evals/bench_factcheck.py measures it on
        start = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=1)
                break
            except OSError:
                if self.proc.poll() is not None or time.perf_counter() - start > 180:
                    raise RuntimeError("the app did not start") from None
                time.sleep(0.05)
        self.cold_start = time.perf_counter() - start

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def run_load(url: str, users: int, interval: float, duration: float) -> list[dict[str, object]]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    subprocess.run([sys.executable, "-m", "evals.load", url, "--users", str(users), "--interval",
                    str(interval), "--duration", str(duration), "--out", str(out)],
                   cwd=ROOT, check=True)  # fmt: skip
    return list(json.loads(out.read_text()))


def stats(records: list[dict[str, object]], duration: float) -> dict[str, float]:
    ok = [float(r["seconds"]) for r in records if r["ok"]]  # type: ignore[arg-type]
    t0 = min((float(r["t"]) for r in records), default=0.0)  # type: ignore[arg-type]
    steady = [float(r["seconds"]) for r in records  # type: ignore[arg-type]
              if r["ok"] and float(r["t"]) - t0 >= 15]  # type: ignore[arg-type]  # fmt: skip
    return {"turns": len(ok), "errors": len(records) - len(ok),
            "turns_per_s": round(len(ok) / duration, 2),
            "p50_ms": round(1000 * p(ok, 50), 1) if ok else 0.0,
            "p95_ms": round(1000 * p(ok, 95), 1) if ok else 0.0,
            "p99_ms": round(1000 * p(ok, 99), 1) if ok else 0.0,
            "p95_ms_after_15s": round(1000 * p(steady, 95), 1) if steady else 0.0}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--stage", type=float, default=30.0, help="seconds per saturation step")
    parser.add_argument("--settle", type=float, default=40.0, help="seconds to wait after start")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-home-"))
    subprocess.run([sys.executable, "-m", "interviewer.cli", "index"], check=True, cwd=ROOT,
                   env={**os.environ, "INTERVIEWER_HOME": str(home)},
                   stdout=subprocess.DEVNULL)  # fmt: skip
    colds = []
    for port in (7951, 7952, 7953):
        s = Server(home, port)
        colds.append(s.cold_start)
        s.stop()
    server = Server(home, 7954)
    time.sleep(args.settle)  # let the background rubric warm-up finish, as on a running server
    memory: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        t0 = time.monotonic()
        while not stop.is_set():
            memory.append((round(time.monotonic() - t0, 1), round(rss_mb(server.proc.pid), 1)))
            stop.wait(2)

    threading.Thread(target=sample, daemon=True).start()
    main_records = run_load(server.url, 20, 3.0, args.duration)
    main_stats = stats(main_records, args.duration)
    with sqlite3.connect(home / "history.sqlite") as db:
        (saved,) = db.execute("SELECT COUNT(*) FROM turns").fetchone()
    main_stats["saved_in_sqlite"] = saved
    main_stats["lost_turns"] = max(0, main_stats["turns"] - saved)
    saturation = []
    for users, interval in ((20, 1.5), (20, 1.25), (20, 1.0), (30, 1.0), (40, 0.5)):
        st = stats(run_load(server.url, users, interval, args.stage), args.stage)
        saturation.append({"users": users, "interval_s": interval,
                           "offered_per_s": round(users / interval, 1), **st})  # fmt: skip
        if st["p95_ms"] > 1000:
            break
    # Speech: a ~30 s spoken answer, through the API (loads whisper in the server), then in-process.
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "answer.wav"
        subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), SPOKEN], check=True)
        client = Client(server.url, verbose=False)
        api_start = time.perf_counter()
        client.predict(handle_file(str(wav)), "", api_name="/transcribe")
        api_seconds = time.perf_counter() - api_start
        rss_voice = rss_mb(server.proc.pid)
        stop.set()
        server.stop()
        transcriber = Transcriber(Settings.from_env({"INTERVIEWER_HOME": str(home)}).models_path)
        transcriber.load()
        runs = [transcriber.transcribe(wav) for _ in range(3)]
    saturated = next((s for s in saturation if s["p95_ms"] > 1000), None)
    result: dict[str, object] = {
        "typed_turn_20_users_every_3s": main_stats,
        "saturation_steps": saturation,
        "saturation_turns_per_s": saturated["turns_per_s"] if saturated else None,
        "cold_start_s": {"runs": [round(c, 2) for c in colds], "max": round(max(colds), 2)},
        "memory_mb_over_time": memory,
        "stt": {
            "audio_s": round(runs[0].audio_seconds, 1),
            "model": runs[0].model,
            "seconds": [round(r.seconds, 2) for r in runs],
            "first_call_through_api_s": round(api_seconds, 2),
            "server_rss_mb_with_voice": round(rss_voice, 1),
        },
        "cpu_count": os.cpu_count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "app_bench.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    plot(result, main_records)
    print(json.dumps({k: v for k, v in result.items() if k != "memory_mb_over_time"}, indent=2))


def plot(result: dict[str, object], records: list[dict[str, object]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4), layout="constrained")
    t0 = min(float(r["t"]) for r in records)  # type: ignore[arg-type]
    axes[0].scatter([float(r["t"]) - t0 for r in records],  # type: ignore[arg-type]
                    [1000 * float(r["seconds"]) for r in records], s=6)  # type: ignore[arg-type]  # fmt: skip
    axes[0].axhline(400, color="red", lw=1, ls="--", label="target p95 400 ms")
    axes[0].set(title="Typed turn latency, 20 users / 3 s", xlabel="s", ylabel="ms")
    axes[0].legend()
    steps = result["saturation_steps"]
    assert isinstance(steps, list)
    axes[1].plot([s["turns_per_s"] for s in steps], [s["p95_ms"] for s in steps], marker="o")
    axes[1].axhline(1000, color="red", lw=1, ls="--", label="1 s")
    axes[1].set(title="Saturation", xlabel="turns / s served", ylabel="p95 ms")
    axes[1].legend()
    mem = result["memory_mb_over_time"]
    assert isinstance(mem, list)
    axes[2].plot([m[0] for m in mem], [m[1] for m in mem])
    axes[2].set(title="Server resident memory", xlabel="s", ylabel="MB")
    fig.savefig(RESULTS / "app_bench.png", dpi=110)


if __name__ == "__main__":
    main()
