"""Fact-check latency per answer on this machine, one command:

    python -m evals.bench_claim_latency [--answers 12] [--threads 1 2] [--typing 0 4]
    # writes evals/results/claim_latency.{json,png} (--out another name)

For answers of about 120 words (the opening sentences of the model answers, code
removed, spread over the sections: the graded examples are shorter), it starts the
local model server as the app does (`LocalServer`, nice 19) and times, per answer: the
question's prefix (`warm`, which the app runs while the candidate is still answering),
then the whole check of the answer's claims (`check`). With `--typing S` the answer is
typed one sentence every S seconds first, and its finished sentences are judged
meanwhile (`precheck`, as the app does with the draft it receives every 3 s), so the
check at submit finds most of them done. Target: check p95 <= 10 s
from submit to verdicts; the app adds only a SQLite update and a poll to that.
Threads: `auto` is the app's setting (every core, but per prompt only as many threads
as other processes leave cores idle); a number is a fixed count. `--busy F` runs a
process beside it that keeps F of one core busy at normal priority (as typed turns
do), so contention is the same from run to run. The load average at the start of each
run is recorded: a busy machine is slower.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import statistics
import time
from pathlib import Path
from typing import cast

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.examiner.factcheck import FactChecker, claims_of, unwrap
from interviewer.examiner.features import Rubric
from interviewer.examiner.text import sentences
from interviewer.knowledge.answers import load_knowledge
from interviewer.llm.chat import LLMConfig, OpenAIChatModel
from interviewer.llm.local_model import MODEL_NAME, assemble_model
from interviewer.llm.server import LocalServer, app_threads

RESULTS = Path(__file__).parent / "results"
TARGET_P95_S = 10.0


def about_120_words(text: str) -> str:
    prose = re.sub(r"```.*?```", " ", text, flags=re.S)
    out: list[str] = []
    for sentence in sentences(unwrap(prose)):
        out.append(sentence)
        if len(" ".join(out).split()) >= 110:
            break
    return " ".join(out)


def answers(count: int) -> list[tuple[Rubric, str]]:
    """Answers of ~120 words, one per question, round-robin over the sections."""
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    by_section: dict[str, list[tuple[Rubric, str]]] = {}
    for q in knowledge.answerable:
        ref = knowledge.answers[q.id]
        answer = about_120_words(ref.answer)
        if len(answer.split()) >= 100:
            by_section.setdefault(q.section, []).append((Rubric.of(ref), answer))
    picked: list[tuple[Rubric, str]] = []
    while len(picked) < count and any(by_section.values()):
        for items in by_section.values():
            if items and len(picked) < count:
                picked.append(items.pop(0))
    return picked


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def burn(share: float, period: float = 0.1) -> None:
    """Keep `share` of one core busy, in slices of `period` seconds, until killed."""
    while True:
        end = time.perf_counter() + share * period
        while time.perf_counter() < end:
            pass
        time.sleep((1 - share) * period)


def type_out(checker: FactChecker, rubric: Rubric, answer: str, seconds: float) -> None:
    """The answer typed one sentence per `seconds`, its finished sentences prechecked
    meanwhile as the app does while the candidate types (one claim at a time)."""
    said = sentences(answer)
    for i in range(1, len(said)):
        end = time.perf_counter() + seconds
        draft = " ".join(said[:i]) + " " + said[i][:12]
        while time.perf_counter() < end and checker.precheck(rubric, draft, limit=1):
            pass
        time.sleep(max(0.0, end - time.perf_counter()))


def run(threads: str, items: list[tuple[Rubric, str]], busy: float = 0.0,
        typing: float = 0.0) -> dict[str, object]:  # fmt: skip
    settings = Settings.from_env()
    adaptive = threads == "auto"
    server = LocalServer(assemble_model(settings.models_path),
                         settings.home / "logs" / "bench-llm.log",
                         threads=app_threads() if adaptive else int(threads),
                         adaptive=adaptive)  # fmt: skip
    burner = None
    if busy > 0:
        burner = multiprocessing.Process(target=burn, args=(busy,), daemon=True)
        burner.start()
        time.sleep(2)
    load = os.getloadavg()[0]
    url = server.start()
    try:
        model = OpenAIChatModel(LLMConfig(model=MODEL_NAME, base_url=url, timeout=120.0))
        checker = FactChecker(model)
        checker.warm(items[0][0])  # the server's first call also pays its own start-up
        warm_s, check_s, claims = [], [], []
        for rubric, answer in items:
            t0 = time.perf_counter()
            checker.warm(rubric)
            warm_s.append(time.perf_counter() - t0)
            if typing:
                type_out(checker, rubric, answer, typing)
            t1 = time.perf_counter()
            checker.check(rubric, answer)
            t2 = time.perf_counter()
            check_s.append(t2 - t1)
            claims.append(len(claims_of(answer)[0]))
            print(f"  threads {threads}, busy {busy}: {len(claims_of(answer)[0])} claims, "
                  f"prefix {warm_s[-1]:.1f} s, check {t2 - t1:.1f} s", flush=True)  # fmt: skip
    finally:
        server.close()
        if burner is not None:
            burner.kill()
    return {
        "threads": threads, "busy_share_of_a_core": busy, "answers": len(items),
        "typing_s_per_sentence": typing,
        "load_avg_at_start": round(load, 2),
        "claims_mean": round(statistics.mean(claims), 1),
        "words_mean": round(statistics.mean(len(a.split()) for _, a in items), 1),
        "prefix_p50_s": round(statistics.median(warm_s), 2),
        "prefix_p95_s": round(pct(warm_s, .95), 2),
        "check_p50_s": round(statistics.median(check_s), 2),
        "check_p95_s": round(pct(check_s, .95), 2),
        "check_s": [round(s, 2) for s in check_s], "target_check_p95_s": TARGET_P95_S,
    }  # fmt: skip


def plot(results: list[dict[str, object]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    samples = [cast(list[float], r["check_s"]) for r in results]
    labels = [f"threads {r['threads']}" + (f", busy {r['busy_share_of_a_core']}"
                                         if r["busy_share_of_a_core"] else "")
              + (", typed" if r.get("typing_s_per_sentence") else "")
              for r in results]  # fmt: skip
    ax.boxplot(samples, tick_labels=labels)
    ax.axhline(TARGET_P95_S, color="red", linestyle="--", label="target p95")
    ax.set_ylabel("check of one ~120-word answer (s)")
    ax.set_title("Fact-check latency, prefix warmed while answering")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=12)
    parser.add_argument(
        "--threads", nargs="+", default=["auto"], help="'auto' (the app's setting) or fixed counts"
    )
    parser.add_argument(
        "--busy",
        type=float,
        nargs="+",
        default=[0.0],
        help="share of one core another process keeps busy, per run",
    )
    parser.add_argument(
        "--typing",
        type=float,
        nargs="+",
        default=[0.0],
        help="seconds to type each sentence, prechecking the finished ones (0: pasted at once)",
    )
    parser.add_argument("--out", default="claim_latency", help="results file name, no suffix")
    args = parser.parse_args()
    items = answers(args.answers)
    results = [run(t, items, b, w) for w in args.typing for b in args.busy for t in args.threads]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.json").write_text(json.dumps(results, indent=2) + "\n")
    plot(results, RESULTS / f"{args.out}.png")
    for r in results:
        print(
            f"threads {r['threads']}, busy {r['busy_share_of_a_core']}, "
            f"typing {r['typing_s_per_sentence']} s/sentence: "
            f"check p50 {r['check_p50_s']} s, p95 {r['check_p95_s']} s "
            f"(target {TARGET_P95_S} s); prefix p95 {r['prefix_p95_s']} s; "
            f"{r['claims_mean']} claims, {r['words_mean']} words; load {r['load_avg_at_start']}"
        )


if __name__ == "__main__":
    main()
