"""How long a person waits for the first grade of a freshly started app, one command:

    python -m evals.bench_first_answer    # writes evals/results/first_answer.json

Starts a real `python app.py` on loopback with the default examiner (offline grade, fact
check in the background), on a home with no index and then again on the home it left, and
times through the app's API: start to first page, then submit → feedback for the first
answers of an interview. The fact check is not waited for (it lands later, in the panel).
It leaves out the install and `interviewer index` (evals/bench_first_run.py times those).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from gradio_client import Client

from .bench_app import Server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "evals" / "results" / "first_answer.json"
ANSWER = (
    "Python frees memory mainly by reference counting, and a cyclic garbage collector finds "
    "groups of objects that only refer to each other."
)


def first_answers(home: Path, port: int, n: int = 3) -> dict[str, object]:
    server = Server(home, port)
    try:
        client = Client(server.url, verbose=False)
        client.predict([], False, 5, "practice", api_name="/on_start")
        seconds = []
        for _ in range(n):
            start = time.perf_counter()
            client.predict(ANSWER, api_name="/answer")
            seconds.append(round(time.perf_counter() - start, 2))
        waited = time.perf_counter()
        while not list(home.glob("rubric-cache/*/index.json")):  # written by the warm-up
            if time.perf_counter() - waited > 300:
                raise RuntimeError("the app wrote no rubric cache")
            time.sleep(1)
        return {"first_page_s": round(server.cold_start, 1), "answers_s": seconds}
    finally:
        server.stop()


def main() -> None:
    os.environ["INTERVIEWER_LOCAL_LLM"] = "on"  # the default a person gets (Server says off)
    home = Path(tempfile.mkdtemp(prefix="first-answer-")) / "home"
    result = {
        "fresh_home": first_answers(home, 7961),  # builds the index and the rubric cache
        "second_start": first_answers(home, 7962),  # what `make run` gives after `index`
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg()[0],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
