"""Hands-free turns in a real browser: end of speech → transcript shown, against the target.

    python -m evals.bench_handsfree       # writes evals/results/handsfree_bench.json

A real `python app.py` (offline examiner, local fact-check model off) and headless
chromium whose microphone is an espeak-ng answer followed by silence (each time the
microphone opens the file starts again). Hands-free mode runs `--turns` turns with no
clicks; the page's controller logs when the recording stopped (the silence detector's
decision: the end of speech as the app knows it) and when the transcript showed in the
answer box. Then, hands-free off, `--turns` typed answers of the same text time the
audio-free turn (submit → the next prompt). Last, with the server stopped, the same
model transcribes what the microphone heard (the answer and the silence window) on the
app's two threads. Target: p95 of stop → transcript ≤ 1.5 × (median typed turn + median
speech-to-text). Questions are not read aloud unless `--read-aloud` (that time is not
measured, and piper would only lengthen the run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from interviewer.config import Settings
from interviewer.web.handsfree import SILENCE_SECONDS
from interviewer.web.speech import Transcriber

from .bench_app import RESULTS, ROOT, Server

SPOKEN = "A generator uses yield to produce values lazily, one at a time, so it saves memory."
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--use-fake-ui-for-media-stream",
         "--use-fake-device-for-media-stream",
         "--autoplay-policy=no-user-gesture-required"]  # fmt: skip


def make_audio(folder: Path) -> tuple[Path, Path]:
    """The microphone's file (speech, then 8 s of silence) and what one turn records."""
    speech, mic, heard = folder / "speech.wav", folder / "mic.wav", folder / "heard.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(speech), SPOKEN], check=True)
    subprocess.run(["sox", str(speech), "-r", "48000", str(mic), "pad", "0.5", "8"], check=True)
    subprocess.run(["sox", str(speech), "-r", "48000", str(heard), "pad", "0.5",
                    str(SILENCE_SECONDS)], check=True)  # fmt: skip
    return mic, heard


def p(values: list[float], q: float) -> float:
    """Percentile within the data (a p95 of 8 runs is not extrapolated past the maximum)."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def events(page: Page) -> list[dict[str, float | str]]:
    return list(page.evaluate("window.interviewerHandsfree.log"))


def hands_free_turns(page: Page, turns: int) -> list[dict[str, float]]:
    """Each turn's stop → transcript and (last loud frame) → transcript, in ms."""
    out: list[dict[str, float]] = []
    loads: list[float] = []  # the machine's 1-minute load average as each turn ended
    deadline = time.monotonic() + 240 * turns
    while len(out) < turns and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        log = events(page)
        stops = [e for e in log if e["event"] == "stop" and e.get("speechEnd")]
        shown = [e for e in log if e["event"] == "transcript"]
        uploads = [e for e in log if e["event"] == "upload"]
        out = []
        for stop, upload, transcript in zip(stops, uploads, shown, strict=False):
            t_stop, t_shown = float(stop["t"]), float(transcript["t"])
            out.append({"stop_to_transcript_ms": round(t_shown - t_stop, 1),
                        # the browser's part (recorder flush, file handed to the upload field)
                        "stop_to_upload_ms": round(float(upload["t"]) - t_stop, 1),
                        "speech_end_to_transcript_ms": round(t_shown - float(stop["speechEnd"]), 1),
                        "chars": float(transcript.get("chars", 0))})  # fmt: skip
        loads += [round(os.getloadavg()[0], 2)] * (len(out) - len(loads))
        if any(e["event"] in ("error", "done") for e in log):
            break
    return [{**turn, "load_average_1min": load} for turn, load in zip(out, loads, strict=False)][
        :turns
    ]


def typed_turns(page: Page, turns: int) -> list[float]:
    """Submit → the next prompt arrives in the page, in ms, for typed answers."""
    times = []
    for _ in range(turns):
        if "That's the end" in page.locator("#chat").inner_text():
            break
        page.locator("#answer textarea").fill(SPOKEN)
        before = sum(1 for e in events(page) if e["event"] == "prompt")
        t0 = page.evaluate("() => { document.querySelector('#submit').click(); "
                           "return performance.now(); }")  # fmt: skip
        page.wait_for_function(
            "n => window.interviewerHandsfree.log.filter(e => e.event === 'prompt').length > n",
            arg=before, timeout=120_000)  # fmt: skip
        prompt = [e for e in events(page) if e["event"] == "prompt"][-1]
        times.append(round(float(prompt["t"]) - t0, 1))
        page.wait_for_timeout(300)
    return times


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": round(p(values, 50), 1), "p95_ms": round(p(values, 95), 1),
            "max_ms": round(max(values), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument("--read-aloud", action="store_true")
    parser.add_argument("--settle", type=float, default=20.0, help="seconds to wait after start")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-home-"))
    env = {**os.environ, "INTERVIEWER_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "interviewer.cli", "index"], check=True, cwd=ROOT,
                   env=env, stdout=subprocess.DEVNULL)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        mic, heard = make_audio(Path(tmp))
        server = Server(home, 7961)
        try:
            time.sleep(args.settle)
            with sync_playwright() as pw:
                capture = f"--use-file-for-fake-audio-capture={mic}"
                browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=[*FLAGS, capture])  # fmt: skip
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(server.url)
                expect(page.locator("#start")).to_be_visible(timeout=60_000)
                if not args.read_aloud:
                    page.locator("#speak input[type=checkbox]").uncheck()
                page.locator("#handsfree input[type=checkbox]").check()
                page.locator("#count input[type=number]").fill("10")
                page.locator("#count input[type=number]").press("Enter")
                page.locator("#start").click()
                spoken = hands_free_turns(page, args.turns)
                page.locator("#handsfree input[type=checkbox]").uncheck()
                page.wait_for_timeout(1000)
                typed = typed_turns(page, args.turns)
                browser.close()
        finally:
            server.stop()
        transcriber = Transcriber(Settings.from_env({"INTERVIEWER_HOME": str(home)}).models_path)
        transcriber.load()
        transcriber.transcribe(heard)  # the first call warms up
        # As the app transcribes answers: with word timestamps (for the delivery feedback).
        stt = [1000 * transcriber.transcribe(heard, word_timestamps=True).seconds
               for _ in range(5)]  # fmt: skip
    stop_ms = [t["stop_to_transcript_ms"] for t in spoken]
    base = statistics.median(typed) + statistics.median(stt)
    result = {
        "turns": spoken,
        "stop_to_transcript": summary(stop_ms),
        "speech_end_to_transcript": summary([t["speech_end_to_transcript_ms"] for t in spoken]),
        "silence_window_s": SILENCE_SECONDS,
        "typed_turn_submit_to_prompt": summary(typed),
        "stt_ms": summary(stt),
        "target_ms": round(1.5 * base, 1),
        "meets_target": p(stop_ms, 95) <= 1.5 * base,
        "read_aloud": args.read_aloud,
        "cpu_count": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "handsfree_bench.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "turns"}, indent=2))
    print(f"stop → transcript p50 {p(stop_ms, 50):.0f} ms, p95 {p(stop_ms, 95):.0f} ms; "
          f"target p95 ≤ 1.5 × ({statistics.median(typed):.0f} typed + "
          f"{statistics.median(stt):.0f} STT) = {1.5 * base:.0f} ms: "
          f"{'met' if result['meets_target'] else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
