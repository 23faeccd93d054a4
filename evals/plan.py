"""Job description -> interview plan: are the chosen questions the ones an expert would pick?

    python -m evals.plan            # writes evals/results/plan.{json,png}

Twelve job ads (evals/data/job_descriptions/, labels.yaml) each list the bank sections
an expert would practise for the job and the skills the bank has no question about,
written before the planner was tuned. Six are dev (the vocabulary and weights were
tuned on them), six held out. Per ad, for a plan of N questions (N = 8 reported;
5 and 12 plotted):
- section precision: the share of chosen questions from an expert-picked section,
- section recall: the share of expert-picked sections with at least one question,
- not-covered precision / recall: reported "not in the question bank" skills against the
  expected ones (skills labelled `either` are not scored either way; names compare
  case-insensitively),
- plan time per ad. Means over the ads of each split. No history: weak spots are
  measured by spaced.py's own tests, not here.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

import yaml

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.knowledge.answers import load_knowledge
from interviewer.planning.jobfile import read_job_description
from interviewer.planning.plan import Planner, plan_for_text

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "job_descriptions"
RESULTS = HERE / "results"
COUNT = 8
COUNTS = (5, 8, 12)


def load_set() -> list[tuple[str, str, dict[str, Any]]]:
    """(file name, text, labels) for every job description, in file order."""
    labels = yaml.safe_load((DATA / "labels.yaml").read_text("utf-8"))
    return [(name, read_job_description(DATA / name), labels[name]) for name in sorted(labels)]


def section_of(question_id: str) -> str:
    return question_id.rsplit("-", 1)[0]


def score(plan_ids: list[str], not_covered: list[str], labels: dict[str, Any]) -> dict[str, float]:
    expected = set(labels["sections"])
    chosen = [section_of(q) for q in plan_ids]
    want = {s.casefold() for s in labels["not_covered"]}
    either = {s.casefold() for s in labels.get("either") or ()}
    got = {s.casefold() for s in not_covered} - either
    return {
        "section_precision": sum(s in expected for s in chosen) / max(1, len(chosen)),
        "section_recall": len(expected & set(chosen)) / len(expected),
        "not_covered_precision": len(got & want) / len(got) if got else 1.0,
        "not_covered_recall": len(got & want) / len(want) if want else 1.0,
    }


def mean(rows: list[dict[str, float]], key: str) -> float:
    return round(statistics.fmean(r[key] for r in rows), 4)


def main() -> dict[str, Any]:
    RESULTS.mkdir(exist_ok=True)
    settings = Settings(home=Path("."), knowledge_dir=REPO_KNOWLEDGE)
    knowledge = load_knowledge(settings.bank_paths, settings.answers_dir, strict=False)
    planner = Planner(knowledge)
    ads = load_set()
    per_ad: list[dict[str, Any]] = []
    by_count: dict[str, dict[str, dict[str, float]]] = {}
    for n in COUNTS:
        rows: dict[str, list[dict[str, float]]] = {"dev": [], "held-out": []}
        for name, text, labels in ads:
            start = time.perf_counter()
            plan = plan_for_text(text, planner, n)
            ms = (time.perf_counter() - start) * 1000
            ids = [q.question_id for q in plan.questions]
            row = score(ids, plan.not_covered, labels)
            rows[labels["split"]].append(row)
            if n == COUNT:
                missed = sorted(set(labels["sections"]) - {section_of(q) for q in ids})
                scores = {k: round(v, 3) for k, v in row.items()}
                per_ad.append({"job": name, "split": labels["split"], "ms": round(ms, 1),
                               **scores, "questions": ids, "not_covered": plan.not_covered,
                               "missed_sections": missed})  # fmt: skip
        by_count[str(n)] = {split: {k: mean(r, k) for k in r[0]} for split, r in rows.items()}
    results: dict[str, Any] = {
        "count": COUNT,
        "n_ads": {s: sum(a[2]["split"] == s for a in ads) for s in ("dev", "held-out")},
        "dev": by_count[str(COUNT)]["dev"],
        "held_out": by_count[str(COUNT)]["held-out"],
        "by_count": by_count,
        "plan_ms_p50": round(statistics.median(a["ms"] for a in per_ad), 1),
        "plan_ms_max": round(max(a["ms"] for a in per_ad), 1),
        "per_ad": per_ad,
    }
    (RESULTS / "plan.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    plot(results)
    return results


def plot(results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = ["section_precision", "section_recall", "not_covered_precision", "not_covered_recall"]
    names = [
        "section\nprecision",
        "section\nrecall",
        "not covered\nprecision",
        "not covered\nrecall",
    ]
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    for i, (split, color) in enumerate((("dev", "#90cdf4"), ("held_out", "#2b6cb0"))):
        vals = [results[split][k] * 100 for k in keys]
        xs = [j + (i - 0.5) * 0.38 for j in range(len(keys))]
        a.bar(xs, vals, width=0.38, color=color, label=split.replace("_", "-"))
        for x, v in zip(xs, vals, strict=True):
            a.text(x, v + 1, f"{v:.0f}", ha="center", fontsize=8)
    a.set_xticks(range(len(keys)), names)
    a.set_ylim(0, 110)
    a.set_ylabel("%")
    a.set_title(f"Plan of {results['count']} questions vs expert picks")
    a.legend(loc="lower right")
    counts = [int(n) for n in results["by_count"]]
    for split, style in (("dev", "--"), ("held-out", "-")):
        for k, color in (("section_precision", "#2b6cb0"), ("section_recall", "#38a169")):
            ys = [results["by_count"][str(n)][split][k] * 100 for n in counts]
            b.plot(counts, ys, style, marker="o", color=color, label=f"{k.split('_')[1]} ({split})")
    b.set_xlabel("questions in the plan (N)")
    b.set_ylabel("%")
    b.set_ylim(0, 105)
    b.set_title("Section precision and recall by plan size")
    b.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "plan.png", dpi=110)


if __name__ == "__main__":
    out = main()
    print(json.dumps({k: v for k, v in out.items() if k != "per_ad"}, indent=2))
