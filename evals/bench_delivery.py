"""How long the delivery analysis adds to a spoken answer (target: under 50 ms).

    python -m evals.bench_delivery     # writes evals/results/delivery_bench.json

Times `analyse` (examiner/delivery.py) on synthetic answers: 1–3 minutes of timed
words at 110–190 words per minute, with fillers, hedges and long pauses mixed in, the
size of what Whisper returns for a real answer. Transcription itself is not included
(it is the speech model's time, seconds per answer); this is only what the analysis adds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from interviewer.examiner.delivery import Word, analyse

from .bench_app import RESULTS

VOCABULARY = (
    "a generator uses yield to produce values lazily one at a time so the caller "
    "can stop early and memory stays flat while a list builds every item"
).split()
EXTRAS = ["um,", "uh,", "like,", "you know,", "basically,", "sort of", "I think", "maybe"]


def synthetic_answer(rng: random.Random) -> tuple[list[Word], float]:
    seconds = rng.uniform(60, 180)
    per_word = 60 / rng.uniform(110, 190)
    words: list[Word] = []
    t = rng.uniform(0.2, 1.5)
    while t < seconds:
        token = rng.choice(EXTRAS) if rng.random() < 0.06 else rng.choice(VOCABULARY)
        if rng.random() < 0.08:
            token += "."
        for part in token.split():
            words.append((part, t, t + per_word * 0.85))
            t += per_word
        if rng.random() < 0.01:
            t += rng.uniform(2, 5)  # a long pause
    return words, t + rng.uniform(0.2, 1.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(7)
    answers = [synthetic_answer(rng) for _ in range(args.answers)]
    for words, duration in answers[:20]:  # warm up (regex compilation, caches)
        analyse(words, duration)
    times: list[float] = []
    for words, duration in answers:
        start = time.perf_counter()
        analyse(words, duration)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    result = {
        "answers": len(times),
        "words_mean": round(statistics.mean(len(w) for w, _ in answers)),
        "ms_mean": round(statistics.mean(times), 3),
        "ms_p95": round(times[int(0.95 * (len(times) - 1))], 3),
        "ms_max": round(times[-1], 3),
        "target_ms": 50,
    }
    print(f"delivery analysis over {result['answers']} answers of ~{result['words_mean']} "
          f"words: mean {result['ms_mean']} ms, p95 {result['ms_p95']} ms, "
          f"max {result['ms_max']} ms (target < 50 ms)")  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "delivery_bench.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
