"""Retrieval evals: recall@1/@3 and latency of the knowledge store, one command.

    python -m evals.retrieval            # writes evals/results/retrieval.{json,png}

Measures, with the real bundled MiniLM and an embedded Chroma in a temp dir:
- recall@1 with each of the 90 bank questions as the query (target 100%),
- recall@1 with 90 paraphrased questions (evals/data/paraphrases/, target >= 95%),
  and with a second, later set of 90 (evals/data/paraphrases_fresh/) written by
  someone who saw only the bank questions, after the fusion weights were chosen
  on dev wordings (evals/retrieval_dev.py) — neither set was tuned on,
- recall@1 of Mohler et al.'s 81 questions against their own 81 reference answers,
- seconds to build the whole knowledge index (target < 20 s),
- query latency p50/p95 over repeated free-text searches (target p95 < 30 ms).
It does not measure grading (see evals/grading.py).
"""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.retrieval.kb import KnowledgeBase

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def recall(
    kb: KnowledgeBase, queries: list[tuple[str, str]], k: int
) -> tuple[float, list[dict[str, str]]]:
    misses = []
    hits = 0
    for qid, text in queries:
        # Distinct questions in rank order: search groups a question's passages together.
        got = list(dict.fromkeys(p.question_id for p in kb.search(text, k=30)))[:k]
        if qid in got:
            hits += 1
        else:
            misses.append({"id": qid, "query": text, "got": got[0] if got else ""})
    return hits / len(queries), misses


def paraphrases(folder: str = "paraphrases") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for f in sorted((HERE / "data" / folder).glob("*.yaml")):
        out.extend((str(k), str(v)) for k, v in yaml.safe_load(f.read_text("utf-8")).items())
    return out


def mohler_recall(kb: KnowledgeBase) -> float:
    refs: dict[str, tuple[str, str]] = {}
    with open(HERE / "data" / "mohler.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            refs.setdefault(row["question_id"], (row["question"], row["reference_answer"]))
    for qid, (_, ref) in refs.items():
        kb.store.replace_document(f"mohler:{qid}", [ref], digest=f"mohler-{qid}")
    hits = 0
    for qid, (question, _) in refs.items():
        top = kb.store.search(question, k=1, kinds=())
        hits += bool(top) and top[0].source == f"mohler:{qid}"
    return hits / len(refs)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> dict[str, object]:
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home), knowledge_dir=REPO_KNOWLEDGE)
        kb = KnowledgeBase.open(settings)
        kb.store.embedder.embed(["warm up"])  # model load is start-up cost, not index cost
        report = kb.ensure_index(force=True)
        bank = [(q.id, q.text) for q in kb.questions]
        para = paraphrases()
        r1_bank, miss_bank = recall(kb, bank, 1)
        r1_para, miss_para = recall(kb, para, 1)
        r3_para, _ = recall(kb, para, 3)
        fresh = paraphrases("paraphrases_fresh")
        r1_fresh, miss_fresh = recall(kb, fresh, 1)
        r3_fresh, _ = recall(kb, fresh, 3)
        latencies = []
        for _ in range(3):
            for _, text in bank + para:
                t = time.perf_counter()
                kb.search(text, k=5)
                latencies.append((time.perf_counter() - t) * 1000)
        # A separate store so Mohler's answers never mix with the product's knowledge.
        with tempfile.TemporaryDirectory() as mohler_home:
            mkb = KnowledgeBase.open(Settings(home=Path(mohler_home), knowledge_dir=REPO_KNOWLEDGE))
            mkb.ensure_index()
            r1_mohler = mohler_recall(mkb)
    results: dict[str, object] = {
        "index_build_seconds": round(report.seconds, 2),
        "indexed": report.counts,
        "recall@1_bank_questions": round(r1_bank, 4),
        "recall@1_paraphrases": round(r1_para, 4),
        "recall@3_paraphrases": round(r3_para, 4),
        "n_paraphrases": len(para),
        "recall@1_fresh_paraphrases": round(r1_fresh, 4),
        "recall@3_fresh_paraphrases": round(r3_fresh, 4),
        "n_fresh_paraphrases": len(fresh),
        "recall@1_mohler_question_to_reference": round(r1_mohler, 4),
        "query_ms_p50": round(statistics.median(latencies), 2),
        "query_ms_p95": round(percentile(latencies, 0.95), 2),
        "n_queries_timed": len(latencies),
        "misses_bank": miss_bank,
        "misses_paraphrases": miss_para,
        "misses_fresh_paraphrases": miss_fresh,
    }
    (RESULTS / "retrieval.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    plot(results, latencies)
    return results


def plot(results: dict[str, object], latencies: list[float]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    names = ["bank", "paraphrases", "@3", "fresh set", "Mohler q→ref"]
    keys = [
        "recall@1_bank_questions",
        "recall@1_paraphrases",
        "recall@3_paraphrases",
        "recall@1_fresh_paraphrases",
        "recall@1_mohler_question_to_reference",
    ]
    vals = [float(results[k]) * 100 for k in keys]  # type: ignore[arg-type]
    a.bar(names, vals, color=["#2b6cb0", "#3182ce", "#63b3ed", "#2c7a7b", "#805ad5"])
    a.set_ylim(0, 105)
    a.set_ylabel("recall (%)")
    a.set_title("Retrieval recall")
    for i, v in enumerate(vals):
        a.text(i, v + 1, f"{v:.1f}", ha="center")
    a.tick_params(axis="x", rotation=15)
    b.hist(latencies, bins=40, color="#38a169")
    b.axvline(float(results["query_ms_p95"]), color="k", ls="--", label="p95")  # type: ignore[arg-type]
    b.set_xlabel("query latency (ms)")
    b.set_title("Free-text search latency")
    b.legend()
    fig.tight_layout()
    fig.savefig(RESULTS / "retrieval.png", dpi=110)


if __name__ == "__main__":
    out = main()
    print(json.dumps({k: v for k, v in out.items() if not k.startswith("misses")}, indent=2))
