"""Choose the question-matching fusion weights on a dev set that is not the eval set.

    python -m evals.retrieval_dev      # writes evals/results/retrieval_dev.json

Dev queries are the knowledge's own alternative wordings (`asked_as`) and the bank
questions, each asked with itself left out of the index (leave-one-wording-out),
so the eval paraphrases (evals/data/paraphrases*/) play no part in the choice.
Cosines are computed in numpy exactly as Chroma would (unit vectors), which lets
a grid of weights be scored in seconds. It does not touch Chroma or the network.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.domain import Passage
from interviewer.knowledge.answers import Knowledge, load_knowledge
from interviewer.retrieval.embeddings import MiniLMEmbedder
from interviewer.retrieval.kb import SEARCH_DEPTH
from interviewer.retrieval.matching import Fusion, QuestionMatcher
from interviewer.retrieval.records import knowledge_records
from interviewer.retrieval.store import SEARCH_KINDS

RESULTS = Path(__file__).resolve().parent / "results"


def without_wording(kn: Knowledge, qid: str, wording: str) -> Knowledge:
    ref = kn.answers[qid]
    answers = {**kn.answers, qid: replace(ref, asked_as=tuple(a for a in ref.asked_as
                                                              if a != wording))}  # fmt: skip
    return replace(kn, answers=answers)


def without_bank_text(kn: Knowledge, qid: str) -> Knowledge:
    return replace(kn, questions=[replace(q, text="") if q.id == qid else q
                                  for q in kn.questions])  # fmt: skip


def main() -> dict[str, object]:
    s = Settings(home=Path("/nonexistent"), knowledge_dir=REPO_KNOWLEDGE)
    kn = load_knowledge(s.bank_paths, s.answers_dir, strict=False)
    recs = [r for r in knowledge_records(kn) if r.kind in SEARCH_KINDS]
    vectors = MiniLMEmbedder().embed([r.text for r in recs])
    kinds = np.array([r.kind for r in recs])
    queries = [i for i, r in enumerate(recs) if r.kind == "question"]
    cases = []  # (matcher evidence, text, truth, matcher without the wording)
    for i in queries:
        r = recs[i]
        sims = vectors @ vectors[i]
        sims[i] = -2.0
        hits: list[Passage] = []
        for kind in SEARCH_KINDS:
            idx = np.where(kinds == kind)[0]
            for j in idx[np.argsort(-sims[idx])[:SEARCH_DEPTH]]:
                hits.append(Passage(str(recs[j].metadata["question_id"]), kind, recs[j].text,
                                    float(sims[j])))  # fmt: skip
        qid = str(r.metadata["question_id"])
        kn_i = (without_wording(kn, qid, r.text) if "asked_as" in r.metadata
                else without_bank_text(kn, qid))  # fmt: skip
        cases.append((hits, r.text, qid, kn_i, "asked_as" in r.metadata))
    lexical = [QuestionMatcher(c[3]).bm25.scores(c[1]) for c in cases]  # fusion-independent

    def accuracy(f: Fusion) -> tuple[float, float]:
        hit = {True: [], False: []}  # type: dict[bool, list[bool]]
        m = QuestionMatcher(kn, f)
        for (hits, text, qid, _, alt), lex in zip(cases, lexical, strict=True):
            scores = m.scores(text, hits, lex)
            hit[alt].append(max(scores, key=scores.__getitem__) == qid)
        return float(np.mean(hit[True])), float(np.mean(hit[False]))

    base = accuracy(Fusion(1, 0, 0, 0, 0, 0))
    grid = []
    for t2, a, kp, p, lex in itertools.product([0, 0.5], [0, .1, .2], [0, .1], [0, .1],
                                               [0, .2, .4, .6, .8, 1.0]):  # fmt: skip
        f = Fusion(1.0, t2, a, kp, p, lex)
        alt, bank = accuracy(f)
        grid.append((alt + bank, alt, bank, f))
    grid.sort(key=lambda g: -g[0])
    _, alt, bank, chosen = grid[0]
    results: dict[str, object] = {
        "n_dev_wordings": sum(c[4] for c in cases),
        "n_dev_bank_questions": sum(not c[4] for c in cases),
        "nearest_wording_only": {"asked_as": base[0], "bank": base[1]},
        "chosen": asdict(chosen),
        "chosen_accuracy": {"asked_as": round(alt, 4), "bank": round(bank, 4)},
        "top5": [
            {"fusion": asdict(g[3]), "asked_as": round(g[1], 4), "bank": round(g[2], 4)}
            for g in grid[:5]
        ],
        "shipped": asdict(Fusion()),
        "shipped_accuracy": dict(zip(("asked_as", "bank"), accuracy(Fusion()), strict=True)),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "retrieval_dev.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return results


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
