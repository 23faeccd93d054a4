"""Which bank question a free text is about, and search results ranked by it.

A paraphrase often sits nearer a neighbour's wording than its own ("context
managers" vs "the `with` statement"), so one nearest passage is a weak vote.
Per question this fuses: the best cosine to its wordings (bank text + asked_as),
the mean of its two best, the best to its answer, to a key point, to a probe,
and BM25 over its words (scaled so the query's best question has 1). The
weights were chosen on a leave-one-wording-out dev set (evals/retrieval_dev.py),
never on the eval paraphrases. User documents have no question and keep their
cosine. It leaves out learning-to-rank and query rewriting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..domain import Passage
from ..knowledge.answers import Knowledge
from .lexical import BM25


@dataclass(frozen=True)
class Fusion:
    question: float = 1.0
    question_top2: float = 0.5
    answer: float = 0.1
    key_point: float = 0.0
    probe: float = 0.1
    lexical: float = 0.6

    def total(self) -> float:
        return (self.question + self.question_top2 + self.answer + self.key_point
                + self.probe + self.lexical)  # fmt: skip


class QuestionMatcher:
    def __init__(self, knowledge: Knowledge, fusion: Fusion | None = None) -> None:
        self.fusion = fusion or Fusion()
        self.ids: list[str] = []
        docs: list[list[str]] = []
        for q in knowledge.questions:
            ref = knowledge.answers.get(q.id)
            parts = [q.text]
            if ref is not None:
                parts += [*ref.asked_as, ref.answer, *(k.text for k in ref.key_points)]
            self.ids.append(q.id)
            docs.append(parts)
        self.bm25 = BM25(docs)

    def scores(self, text: str, hits: Sequence[Passage],
               lexical: Sequence[float] | None = None) -> dict[str, float]:  # fmt: skip
        """Fused relevance per question that has any evidence; higher is closer.

        `lexical`: BM25 scores of `text` per question, if already computed (evals reuse them).
        """
        best: dict[tuple[str, str], float] = {}
        wordings: dict[str, list[float]] = defaultdict(list)
        for h in hits:
            if not h.question_id:
                continue
            key = (h.question_id, h.kind)
            best[key] = max(best.get(key, -1.0), h.score)
            if h.kind == "question":
                wordings[h.question_id].append(h.score)
        # A question absent from a kind's nearest list gets that list's weakest score.
        floor = {kind: min((s for (_, k), s in best.items() if k == kind), default=0.0)
                 for kind in ("question", "answer", "key_point", "probe")}  # fmt: skip
        lexical = self.bm25.scores(text) if lexical is None else lexical
        top_lexical = max(lexical, default=0.0) or 1.0
        f = self.fusion
        out: dict[str, float] = {}
        for qid, lex in zip(self.ids, lexical, strict=True):
            if not any((qid, k) in best for k in floor) and lex == 0.0:
                continue
            q = best.get((qid, "question"), floor["question"])
            two = sorted(wordings.get(qid, []), reverse=True)[:2] or [q]
            total = (f.question * q + f.question_top2 * sum(two) / len(two)
                     + f.answer * best.get((qid, "answer"), floor["answer"])
                     + f.key_point * best.get((qid, "key_point"), floor["key_point"])
                     + f.probe * best.get((qid, "probe"), floor["probe"])
                     + f.lexical * lex / top_lexical)  # fmt: skip
            out[qid] = total / f.total()
        return out

    def rank(self, text: str, hits: Sequence[Passage], k: int) -> list[Passage]:
        """Passages ordered by their question's fused score, then their own cosine.

        Only the best wording of each question is kept: six phrasings of one question
        tell a reader nothing more. A passage's score becomes its question's score; its
        own cosine stays in metadata["similarity"].
        """
        fused = self.scores(text, hits)
        seen: set[str] = set()
        out: list[tuple[float, float, Passage]] = []
        for h in sorted(hits, key=lambda p: p.score, reverse=True):
            if not h.question_id:
                out.append((h.score, h.score, h))
                continue
            if h.question_id not in fused:
                continue
            if h.kind == "question":
                if h.question_id in seen:
                    continue
                seen.add(h.question_id)
            score = fused[h.question_id]
            meta = {**h.metadata, "similarity": round(h.score, 4)}
            out.append((score, h.score, replace(h, score=round(score, 4), metadata=meta)))
        out.sort(key=lambda t: (t[0], t[1]), reverse=True)
        return [p for _, _, p in out[:k]]
