"""Features of an answer against its rubric, for the calibrated offline scorer.

Given the question, the reference answer and weighted key points (the reference's
sentences when a rubric has none, as for external data sets), computes 28 numbers:
sentence-embedding similarities (MiniLM), weighted key-point coverage, stemmed
word recall/precision, lengths, the share of function words (keyword lists have
few), and BERTScore-style token alignment (contextual word pieces of the answer
matched greedily to those of the reference and the question), and the same
overlaps on BM25's prefix-stemmed terms plus how well each reference sentence is
matched (these six were added when dev cross-validation preferred them). It also keeps the
per-key-point best match, which becomes the Grade's evidence. It does not score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..domain import KeyPoint, Misconception, ReferenceAnswer
from ..retrieval.embeddings import TokenEmbedder
from ..retrieval.lexical import terms
from .text import STOPWORDS, content_words, sentences, words

FEATURE_NAMES = (
    "cos_answer_reference", "cos_answer_question", "keypoint_coverage", "sentence_precision",
    "word_recall", "word_precision", "word_recall_beyond_question", "log_words",
    "log_length_ratio", "function_word_share", "best_sentence_match",
    "token_recall", "token_precision", "token_f1", "token_recall_question",
    "token_precision_question", "tokens_matched_0.6", "tokens_matched_0.7",
    "tokens_matched_0.8", "tokens_matched_0.9", "token_min_match", "token_p25_match",
    "term_recall", "term_recall_beyond_question", "term_precision",
    "reference_sentence_recall", "reference_sentence_min", "novel_term_share",
)  # fmt: skip

_TOKEN_SKIP = frozenset(
    [*"the a an of to in is are and or it that this be for on with as by at from".split(),
     ".", ",", "(", ")", "'", '"']
)  # fmt: skip


@dataclass(frozen=True)
class Rubric:
    question: str
    reference: str
    key_points: tuple[KeyPoint, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()

    @classmethod
    def of(cls, ref: ReferenceAnswer) -> Rubric:
        return cls(ref.question, ref.answer, ref.key_points, ref.misconceptions)

    def points(self) -> tuple[KeyPoint, ...]:
        return self.key_points or tuple(KeyPoint(s, 1) for s in sentences(self.reference))


@dataclass(frozen=True)
class Analysis:
    vector: np.ndarray
    point_similarity: np.ndarray  # best cosine per key point
    point_evidence: tuple[str, ...]  # the answer sentence that matched each key point best
    answer_vector: np.ndarray
    cos_question: float
    cos_reference: float
    sentences: tuple[str, ...] = ()
    sentence_vectors: np.ndarray | None = None
    point_vectors: np.ndarray | None = None


def _token_scores(
    a: np.ndarray, a_tok: list[str], r: np.ndarray, r_tok: list[str]
) -> tuple[float, float, np.ndarray]:
    m = r @ a.T
    keep_r = np.array([t not in _TOKEN_SKIP for t in r_tok] or [True])
    keep_a = np.array([t not in _TOKEN_SKIP for t in a_tok] or [True])
    best_r = m.max(axis=1)
    best_a = m.max(axis=0)
    best_r = best_r[keep_r] if keep_r.any() and len(keep_r) == len(best_r) else best_r
    best_a = best_a[keep_a] if keep_a.any() and len(keep_a) == len(best_a) else best_a
    return float(best_r.mean()), float(best_a.mean()), best_r


def analyse(embedder: TokenEmbedder, rubric: Rubric, answer: str) -> Analysis:
    points = rubric.points()
    answer_sentences = sentences(answer) or [answer]
    # Token pass first: it also yields the answer's sentence vector, saving a model run.
    (ta, tok_a), (tr, tok_r), (tq, tok_q) = embedder.embed_tokens(
        [answer, rubric.reference, rubric.question]
    )
    texts = [
        answer,
        rubric.reference,
        rubric.question,
        *answer_sentences,
        *(p.text for p in points),
    ]
    vecs = embedder.embed(texts)
    ea, er, eq = vecs[0], vecs[1], vecs[2]
    s = vecs[3 : 3 + len(answer_sentences)]
    k = vecs[3 + len(answer_sentences) :]
    sim = k @ s.T  # key points x answer sentences
    best = sim.max(axis=1)
    weights = np.array([p.weight for p in points], dtype=np.float64)
    coverage = float((best * weights).sum() / weights.sum())

    ca, cr, cq = (
        content_words(answer),
        content_words(rubric.reference),
        content_words(rubric.question),
    )
    n_answer, n_ref = len(words(answer)), len(words(rubric.reference))
    rec, pre, per_token = _token_scores(ta, tok_a, tr, tok_r)
    rec_q, pre_q, _ = _token_scores(ta, tok_a, tq, tok_q)
    f1 = 2 * rec * pre / (rec + pre) if rec + pre > 0 else 0.0
    ta_, tr_, tq_ = set(terms(answer)), set(terms(rubric.reference)), set(terms(rubric.question))
    beyond = tr_ - tq_
    ref_vecs = embedder.embed(sentences(rubric.reference) or [rubric.reference])
    ref_match = (ref_vecs @ s.T).max(axis=1)
    vector = np.array([
        float(ea @ er), float(ea @ eq), coverage, float(sim.max(axis=0).mean()),
        len(ca & cr) / max(1, len(cr)), len(ca & (cr | cq)) / max(1, len(ca)),
        len(ca & (cr - cq)) / max(1, len(cr - cq)), math.log1p(n_answer),
        math.log1p(n_answer) - math.log1p(n_ref),
        sum(w in STOPWORDS for w in words(answer)) / max(1, n_answer), float(sim.max()),
        rec, pre, f1, rec_q, pre_q,
        float((per_token > 0.6).mean()), float((per_token > 0.7).mean()),
        float((per_token > 0.8).mean()), float((per_token > 0.9).mean()),
        float(per_token.min()), float(np.percentile(per_token, 25)),
        len(ta_ & tr_) / max(1, len(tr_)), len(ta_ & beyond) / max(1, len(beyond)),
        len(ta_ & (tr_ | tq_)) / max(1, len(ta_)), float(ref_match.mean()),
        float(ref_match.min()), len(ta_ - tr_ - tq_) / max(1, len(ta_)),
    ])  # fmt: skip
    evidence = tuple(answer_sentences[int(i)] for i in sim.argmax(axis=1))
    return Analysis(vector, best, evidence, ea, float(ea @ eq), float(ea @ er),
                    tuple(answer_sentences), s, k)  # fmt: skip
