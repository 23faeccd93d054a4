"""Load generator: simulated candidates answering through the app's own API (gradio_client).

Run as its own process (the benchmark starts it) so the clients never share the
server's CPU scheduling with Python threads of the server. Each user starts a
10-question practice interview, then submits a typed answer every `interval`
seconds (starting a new interview when one ends) and times submit → feedback.
Clients connect and start their interviews before the measured period begins.
Writes a JSON list of {user, t, seconds, ok, error} to --out.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from pathlib import Path

import yaml
from gradio_client import Client

ANSWERS_DIR = Path(__file__).parent / "data" / "adversarial"


def answer_pool() -> list[str]:
    pool = []
    for path in sorted(ANSWERS_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).values():
            pool += [entry["excellent"], entry["partial"], entry["wrong"]]
    return pool or ["A decorator wraps a function and returns a new callable."]


def user_loop(url: str, user: int, interval: float, duration: float, pool: list[str],
              records: list[dict[str, object]], lock: threading.Lock,
              ready: threading.Barrier) -> None:  # fmt: skip
    rng = random.Random(user)
    client = Client(url, verbose=False)
    client.predict([], False, 10, "practice", api_name="/on_start")
    ready.wait()  # everyone connected and started: the measured period begins together
    until = time.monotonic() + duration
    time.sleep(rng.uniform(0, interval))  # spread the users over the interval
    answered = 0
    while time.monotonic() < until:
        due = time.monotonic() + interval
        start = time.perf_counter()
        record: dict[str, object] = {"user": user, "t": time.time()}
        try:
            result = client.predict(rng.choice(pool), api_name="/answer")
            record.update(seconds=time.perf_counter() - start, ok=True)
            answered += 1
            if "That's the end of the interview" in json.dumps(result):
                client.predict([], False, 10, "practice", api_name="/on_start")
        except Exception as exc:  # counted, reported, and the user carries on
            record.update(seconds=time.perf_counter() - start, ok=False, error=repr(exc)[:200])
        with lock:
            records.append(record)
        time.sleep(max(0.0, due - time.monotonic()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--interval", type=float, default=3.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    pool = answer_pool()
    records: list[dict[str, object]] = []
    lock = threading.Lock()
    ready = threading.Barrier(args.users)
    threads = [threading.Thread(target=user_loop, daemon=True,
                                args=(args.url, u, args.interval, args.duration, pool, records,
                                      lock, ready))
               for u in range(args.users)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=args.duration + 120)
    args.out.write_text(json.dumps(records), encoding="utf-8")


if __name__ == "__main__":
    main()
