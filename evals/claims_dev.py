"""P(FALSE) of every claim in the dev sets, from the claim-check model (cached).

    python -m evals.claims_dev [--hints] [--no-reference] [--framing contradiction] [--shots]
                               [--limit N]                             # claims_dev*.json

Dev data only (never the adversarial set, never SemEval): (1) evals/data/misconception_dev,
a correct partial and a confidently wrong answer per question; (2) the knowledge's graded
examples (strong ones are correct, wrong-but-plausible ones are not); (3) the independent
review's correct counterparts of the Python misconception claims (each sentence is true);
(4) evals/data/short_dev, short (1-2 sentence) and spoken-style (fillers, self-corrections)
answers per question, one correct and one confidently wrong of each kind.
Each answer is split into claims as the app splits it (examiner/factcheck.py) and every
claim is judged once; results are keyed by question and sentence, so evals/factcheck_dev.py
can choose thresholds without the model. The model is the local one (started here) unless
INTERVIEWER_FACTCHECK_URL names an OpenAI-compatible server with logprobs.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.factcheck import FRAMINGS, FactChecker, claims_of
from interviewer.examiner.features import Rubric
from interviewer.knowledge.answers import load_knowledge
from interviewer.llm.local_model import MODEL_NAME
from interviewer.llm.server import N_CTX

from .claim_model import claim_model
from .yaml_sets import load_yaml_dir

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
COUNTERPARTS = HERE / "data" / "counterparts.txt"


def counterparts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    qid = ""
    for line in COUNTERPARTS.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        if " " not in line.strip():
            qid = line.strip()
        else:
            out.setdefault(qid, []).append(line.strip())
    return out


def dev_items() -> list[dict[str, Any]]:
    """[{set, question_id, label ('correct'|'wrong'), answer}] in question order."""
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    items: list[dict[str, Any]] = []
    clean = load_yaml_dir(HERE / "data" / "misconception_dev")
    parts = counterparts()
    short = load_yaml_dir(HERE / "data" / "short_dev")
    for qid, ref in sorted(knowledge.answers.items()):
        if qid in clean:
            items.append({"set": "clean", "question_id": qid, "label": "correct",
                          "answer": clean[qid]["partial"]})  # fmt: skip
            items.append({"set": "clean", "question_id": qid, "label": "wrong",
                          "answer": clean[qid]["wrong"]})  # fmt: skip
        for e in ref.examples:
            if e.score >= 4 or (e.score <= 2 and e.hits == ()):
                label = "correct" if e.score >= 4 else "wrong"
                items.append({"set": "examples", "question_id": qid, "label": label,
                              "answer": e.answer, "score": e.score})  # fmt: skip
        for kind in ("short", "spoken"):  # evals/data/short_dev: 1-3 sentence answers
            if qid in short:
                items.append({"set": kind, "question_id": qid, "label": "correct",
                              "answer": short[qid][f"{kind}_right"]})  # fmt: skip
                items.append({"set": kind, "question_id": qid, "label": "wrong",
                              "answer": short[qid][f"{kind}_wrong"]})  # fmt: skip
        for s in parts.get(qid, []):
            items.append({"set": "counterparts", "question_id": qid, "label": "correct",
                          "answer": s})  # fmt: skip
    return items


def main(hints: bool = False, limit: int | None = None,
         sets: tuple[str, ...] = ("clean", "counterparts", "examples", "short", "spoken"),
         python_only: bool = False, reference: bool = True,
         framing: str = "truth", shots: bool = False) -> Path:  # fmt: skip
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    suffix = (
        ("-hints" if hints else "")
        + ("" if reference else "-no-reference")
        + ("" if framing == "truth" else f"-{framing}")
        + ("-shots" if shots else "")
    )
    out = RESULTS / f"claims_dev{suffix}.json"
    cache: dict[str, dict[str, float]] = {}
    if out.exists():
        cache = json.loads(out.read_text())["p_false"]
    model, server = claim_model(n_ctx=2048 if shots else N_CTX)  # the examples take ~550 tokens
    checker = FactChecker(model, hints=hints, reference=reference, framing=framing, shots=shots)
    items = [i for i in dev_items() if i["set"] in sets]
    if python_only:  # the questions the review wrote correct counterparts for
        items = [i for i in items if i["question_id"] in counterparts()]
    qids = sorted({i["question_id"] for i in items})[: limit or None]
    t0, n = time.monotonic(), 0
    try:
        for qid in qids:
            rubric = Rubric.of(knowledge.answers[qid])
            done = cache.setdefault(qid, {})
            for item in (i for i in items if i["question_id"] == qid):
                for claim in claims_of(item["answer"])[0]:
                    if claim not in done:
                        done[claim] = round(checker.judge(rubric, claim), 4)
                        n += 1
            rate = (time.monotonic() - t0) / max(1, n)
            print(f"{qid}: {n} claims judged, {rate:.2f} s each", flush=True)
            _write(out, cache, hints, reference, framing, shots)
    finally:
        if server:
            server.close()
    return out


def _write(out: Path, cache: dict[str, dict[str, float]], hints: bool,
           reference: bool = True, framing: str = "truth",
           shots: bool = False) -> None:  # fmt: skip
    out.parent.mkdir(exist_ok=True)
    tmp = out.with_suffix(".tmp")
    meta = {
        "model": MODEL_NAME,
        "hints": hints,
        **({} if reference else {"reference": False}),
        **({} if framing == "truth" else {"framing": framing}),
        **({"shots": True} if shots else {}),
    }
    tmp.write_text(json.dumps({**meta, "p_false": cache}, indent=1, sort_keys=True))
    os.replace(tmp, out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hints", action="store_true", help="list misconceptions in the prompt")
    ap.add_argument("--limit", type=int, help="only the first N questions")
    ap.add_argument("--sets", default="clean,counterparts,examples,short,spoken",
                    help="comma-separated")  # fmt: skip
    ap.add_argument("--python-only", action="store_true",
                    help="only the 30 questions with correct counterparts")  # fmt: skip
    ap.add_argument("--no-reference", action="store_true",
                    help="leave the reference answer out of the prompt")  # fmt: skip
    ap.add_argument("--framing", default="truth", choices=sorted(FRAMINGS),
                    help="how each claim is asked (examiner/factcheck.py)")  # fmt: skip
    ap.add_argument("--shots", action="store_true",
                    help="worked examples first (prompts/claim_shots.md)")  # fmt: skip
    args = ap.parse_args()
    print(main(args.hints, args.limit, tuple(args.sets.split(",")), args.python_only,
               not args.no_reference, args.framing, args.shots))  # fmt: skip
