"""Count the word-order model and measure the word-salad check on dev data.

    python -m evals.word_order   # interviewer/data/word_order.json, evals/results/word_order.json

The class bigrams are counted from the knowledge's own text (reference answers, key
points, misconception corrections). The check is measured on dev answers only: the
graded examples, misconception_dev, short_dev (written and spoken), topic_dev and
Mohler assignments 1-6, each as written (must not be flagged) and shuffled into a
salad (should be); and what the offline examiner gives the strong graded examples
shuffled, with the check and without. The threshold is not fitted: an answer is a
salad when its order scores less than half a standard deviation above random orders
of its own words (THRESHOLD), and answers under MIN_WORDS words are not judged. The
adversarial set's attacks play no part here.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from interviewer.config import REPO_KNOWLEDGE
from interviewer.examiner.text import words
from interviewer.examiner.word_order import MIN_WORDS, MODEL_FILE, WordOrderModel
from interviewer.knowledge.answers import load_knowledge

from .yaml_sets import load_yaml_dir

HERE = Path(__file__).resolve().parent
MODEL_OUT = REPO_KNOWLEDGE.parent / "interviewer" / "data" / MODEL_FILE
RESULTS = HERE / "results" / "word_order.json"
THRESHOLD = 0.5
BANDS = ((MIN_WORDS, 80), (80, 10_000))


def dev_answers() -> list[tuple[str, str]]:
    """(set, answer) for every dev answer."""
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    out = [("examples", e.answer) for r in knowledge.answers.values() for e in r.examples]
    for v in load_yaml_dir(HERE / "data" / "misconception_dev").values():
        out += [("misconception_dev", v["partial"]), ("misconception_dev", v["wrong"])]
    for v in load_yaml_dir(HERE / "data" / "short_dev").values():
        out += [("short_dev", a) for a in v.values() if isinstance(a, str)]
    for v in load_yaml_dir(HERE / "data" / "topic_dev").values():
        out += [("topic_dev", v["near"]), ("topic_dev", v["far"])]
    with (HERE / "data" / "mohler.csv").open(encoding="utf-8") as f:
        out += [("mohler_dev", row["student_answer"]) for row in csv.DictReader(f)
                if int(row["question_id"].split(".")[0]) <= 6]  # fmt: skip
    return out


def model_texts() -> list[str]:
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    refs = list(knowledge.answers.values())
    return ([r.answer for r in refs] + [k.text for r in refs for k in r.key_points]
            + [m.correction for r in refs for m in r.misconceptions])  # fmt: skip


def shuffled_examples() -> dict[str, float]:
    """Mean offline score of each question's first strong graded example, as written and
    shuffled, with the word-order check on and off (dev data: the knowledge's examples)."""
    from interviewer.examiner.features import Rubric
    from interviewer.examiner.offline import OfflineExaminer, Thresholds
    from interviewer.retrieval.embeddings import CachedEmbedder, MiniLMEmbedder

    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers", strict=False)
    embedder = CachedEmbedder(MiniLMEmbedder())
    on, off = OfflineExaminer(embedder), OfflineExaminer(embedder, thresholds=Thresholds(
        word_order_check=False))  # fmt: skip
    rng = random.Random(5)
    scores: dict[str, list[float]] = {"written": [], "shuffled_check_off": [], "shuffled": []}
    for ref in knowledge.answers.values():
        strong = [e for e in ref.examples if e.score >= 4][:1]
        for e in strong:
            others, tokens = [x for x in ref.examples if x is not e], e.answer.split()
            rng.shuffle(tokens)
            salad, rubric = " ".join(tokens), Rubric.of(ref)
            scores["written"].append(on.grade(rubric, e.answer, others, ref.probes).score)
            scores["shuffled_check_off"].append(off.grade(rubric, salad, others, ref.probes).score)
            scores["shuffled"].append(on.grade(rubric, salad, others, ref.probes).score)
    means = {k: round(sum(v) / len(v), 2) for k, v in scores.items()}
    return means | {"n": len(scores["written"])}


def main() -> dict[str, object]:
    counted = WordOrderModel.count(model_texts())
    model = WordOrderModel(counted.bigrams, counted.smoothing, THRESHOLD)
    MODEL_OUT.write_text(model.to_json() + "\n", encoding="utf-8")
    rng = random.Random(0)
    rows = []  # (set, words, excess as written, excess shuffled)
    for name, answer in dev_answers():
        written = model.excess(answer)
        if written is None:
            continue
        tokens = answer.split()
        rng.shuffle(tokens)
        rows.append((name, len(words(answer)), written, model.excess(" ".join(tokens))))
    bands = {}
    for lo, hi in BANDS:
        band = [r for r in rows if lo <= r[1] < hi]
        salads = [r[3] for r in band if r[3] is not None]
        bands[f"{lo}-{hi - 1}" if hi < 10_000 else f"{lo}+"] = {
            "answers": len(band),
            "written_flagged": sum(r[2] < THRESHOLD for r in band),
            "lowest_written": round(min(r[2] for r in band), 2),
            "salads_caught": round(sum(s < THRESHOLD for s in salads) / len(salads), 3),
        }
    names = sorted({r[0] for r in rows})
    by_set = {name: sum(r[2] < THRESHOLD for r in rows if r[0] == name) for name in names}
    out = {"threshold": THRESHOLD, "min_words": MIN_WORDS, "bands": bands,
           "written_flagged_by_set": by_set, "judged": len(rows),
           "strong_examples_mean_score": shuffled_examples()}  # fmt: skip
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
