"""Does the claim check help an LLM examiner too? Measured on dev data.

    python -m evals.remote_factcheck_dev    # with INTERVIEWER_MODEL (+ OPENAI_BASE_URL, key)

With a remote LLM configured the app grades with the full rubric prompt (examiner/llm.py).
Here that examiner grades the clean dev set (a correct partial and a confidently wrong
answer per question, evals/data/misconception_dev), and the claim check's verdicts
(examiner/verdicts.py with the shipped thresholds; P(FALSE) from evals/claims_dev.py's
cache, so the check's model is the local one) are applied to its grades. Reported: correct
partial > wrong without / with the check, correct answers docked by the check, mean scores,
how often the LLM failed and the offline examiner graded instead, seconds per grade. Grades
are kept in evals/results/remote_grades_dev.json per model, so a re-run asks nothing again.
Only the questions whose claims the cache covers are used (30 Python questions today).
The local model is no stand-in here: asked for the full rubric JSON it needs over a minute
per answer and its replies do not parse (examiner/llm.py falls back to the offline grade).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.examiner.factcheck import claims_of
from interviewer.examiner.features import Rubric
from interviewer.examiner.llm import LLMExaminer
from interviewer.examiner.offline import OfflineExaminer
from interviewer.examiner.verdicts import VerdictThresholds
from interviewer.knowledge.answers import load_knowledge
from interviewer.llm.chat import LLMConfig, OpenAIChatModel
from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

from .claims_dev import RESULTS, dev_items
from .factcheck_dev import NO_CHECK, covered, score

UNQUOTED = "\x00"  # no claim contains it, and it contains no claim


def grade_all(examiner: LLMExaminer, model: str, items: list[dict[str, Any]],
              grades: Path) -> dict[str, Any]:  # fmt: skip
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    store: dict[str, Any] = json.loads(grades.read_text()) if grades.exists() else {}
    kept = store.setdefault(model, {})
    for n, item in enumerate(items, 1):
        key = f"{item['question_id']}/{item['label']}"
        if key in kept:
            continue
        ref = knowledge.answers[item["question_id"]]
        start = time.monotonic()
        g = examiner.grade(Rubric.of(ref), item["answer"], ref.examples, ref.probes)
        kept[key] = {"score": g.score, "flags": list(g.flags), "seconds": time.monotonic() - start,
                     # a hit the model did not quote stays a hit (as in verdicts.py)
                     "evidence": [k.evidence or UNQUOTED for k in g.key_points if k.hit],
                     "n_points": len(g.key_points)}  # fmt: skip
        grades.write_text(json.dumps(store, indent=1, sort_keys=True))
        note = "fallback" if "llm-fallback" in g.flags else ""
        print(f"{n}/{len(items)} {key}: {g.score} {note}", flush=True)
    return dict(kept)


def report(items: list[dict[str, Any]], kept: dict[str, Any], model: str,
           cache: dict[str, dict[str, float]]) -> dict[str, Any]:  # fmt: skip
    t = VerdictThresholds()
    by: dict[str, dict[tuple[str, str], float]] = {"without": {}, "with": {}}
    docked = correct = 0
    for item in items:
        g = kept[f"{item['question_id']}/{item['label']}"]
        scored = {**item, "offline": g["score"], "flags": g["flags"], "evidence": g["evidence"],
                  "n_points": g["n_points"], "claims": claims_of(item["answer"])[0]}  # fmt: skip
        p = cache.get(item["question_id"], {})
        plain, checked = score(scored, p, NO_CHECK), score(scored, p, t)
        by["without"][(item["question_id"], item["label"])] = plain
        by["with"][(item["question_id"], item["label"])] = checked
        if item["label"] == "correct":
            correct += 1
            docked += checked < plain
    out: dict[str, Any] = {"model": model, "answers": len(items)}
    for name, s in by.items():
        qids = {q for q, _ in s}
        wins = [s[(q, "correct")] > s[(q, "wrong")] for q in qids]
        out[f"partial_gt_wrong_{name}_check"] = round(sum(wins) / max(1, len(wins)), 4)
        for label in ("correct", "wrong"):
            vals = [v for (_, lab), v in s.items() if lab == label]
            out[f"mean_{label}_{name}_check"] = round(sum(vals) / max(1, len(vals)), 2)
    grades = [kept[f"{i['question_id']}/{i['label']}"] for i in items]
    out["correct_docked_by_check"] = round(docked / max(1, correct), 4)
    out["llm_fallbacks"] = sum("llm-fallback" in g["flags"] for g in grades)
    seconds = sorted(g["seconds"] for g in grades)
    out["seconds_per_grade_p50"] = round(seconds[len(seconds) // 2], 1) if seconds else None
    return out


def main(limit: int | None = None, results: Path = RESULTS) -> dict[str, Any]:
    """`limit`: only the first n questions."""
    cache = json.loads((RESULTS / "claims_dev.json").read_text())["p_false"]
    items = covered([i for i in dev_items() if i["set"] == "clean"], cache)
    if limit:
        first = sorted({i["question_id"] for i in items})[:limit]
        items = [i for i in items if i["question_id"] in first]
    settings = Settings.from_env()
    if not settings.openai_model:
        raise SystemExit("set INTERVIEWER_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY)")
    config = LLMConfig(model=settings.openai_model, api_key=settings.openai_api_key,
                       base_url=settings.openai_base_url, timeout=settings.llm_timeout)  # fmt: skip
    offline = OfflineExaminer(CachedEmbedder(MiniLMEmbedder()))
    examiner = LLMExaminer(OpenAIChatModel(config), offline)
    results.mkdir(parents=True, exist_ok=True)
    kept = grade_all(examiner, config.model, items, results / "remote_grades_dev.json")
    out = report(items, kept, config.model, cache)
    (results / "remote_factcheck_dev.json").write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    print(json.dumps(main(), indent=2))
