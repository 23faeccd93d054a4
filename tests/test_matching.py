"""Question matching: dense evidence per question fused with BM25, without a model."""

from __future__ import annotations

from interviewer.domain import KeyPoint, Passage, Probe, Question, ReferenceAnswer
from interviewer.knowledge.answers import Knowledge
from interviewer.retrieval.lexical import BM25, terms
from interviewer.retrieval.matching import Fusion, QuestionMatcher


def _knowledge() -> Knowledge:
    def q(
        i: str, text: str, answer: str, asked: tuple[str, ...] = ()
    ) -> tuple[Question, ReferenceAnswer]:
        question = Question(i, "Part", "Section", "section", 1, text)
        ref = ReferenceAnswer(i, text, answer, (KeyPoint(answer, 1),), (Probe("Why?", ()),),
                              asked_as=asked)  # fmt: skip
        return question, ref

    pairs = [
        q(
            "ctx",
            "What are context managers?",
            "Objects with __enter__ and __exit__ for setup and teardown.",
            ("How do I write my own context manager?",),
        ),
        q(
            "with",
            "Explain the with statement.",
            "The with keyword calls __enter__, then __exit__ even on errors.",
        ),
        q("gil", "What is the GIL?", "A lock letting one thread run bytecode at a time."),
    ]
    return Knowledge([p[0] for p in pairs], {p[1].question_id: p[1] for p in pairs})


def test_terms_drop_stop_words_and_stem() -> None:
    assert terms("How do the Decorators decorate?") == ["decora", "decora"]


def test_bm25_prefers_the_document_with_the_rare_word() -> None:
    bm = BM25([["generators yield values"], ["decorators wrap functions"], ["yield to traffic"]])
    s = bm.scores("what does a decorator wrap")
    assert s[1] > 0 and s[0] == 0 and s[2] == 0


def test_words_break_a_tie_the_embeddings_cannot() -> None:
    m = QuestionMatcher(_knowledge())
    # Both twins look equally close to the embeddings ...
    hits = [Passage("ctx", "question", "What are context managers?", 0.70),
            Passage("with", "question", "Explain the with statement.", 0.70),
            Passage("gil", "question", "What is the GIL?", 0.20)]  # fmt: skip
    # ... but only one question's words contain "__exit__"-style vocabulary of the query.
    scores = m.scores("Which keyword calls __exit__ even on errors?", hits)
    assert scores["with"] > scores["ctx"] > scores["gil"]
    dense_only = QuestionMatcher(_knowledge(), Fusion(lexical=0.0))
    tie = dense_only.scores("Which keyword calls __exit__ even on errors?", hits)
    assert tie["with"] == tie["ctx"]  # without the words, nothing separates them


def test_rank_groups_by_question_and_keeps_one_wording_each() -> None:
    m = QuestionMatcher(_knowledge(), Fusion(lexical=0.0))
    hits = [Passage("ctx", "question", "What are context managers?", 0.90),
            Passage("ctx", "question", "How do I write my own context manager?", 0.85),
            Passage("ctx", "answer", "Objects with __enter__ ...", 0.60),
            Passage("with", "question", "Explain the with statement.", 0.88),
            Passage("", "document", "my notes on context managers", 0.95)]  # fmt: skip
    ranked = m.rank("context managers", hits, k=10)
    ctx = [p for p in ranked if p.question_id == "ctx"]
    assert [p.kind for p in ctx] == ["question", "answer"]  # the second wording collapsed
    assert ctx[0].metadata["similarity"] == 0.9  # own cosine kept beside the fused score
    assert ranked[0].kind == "document" and ranked[0].score == 0.95  # notes keep their cosine
    order = [p.question_id for p in ranked if p.question_id]
    assert order.index("ctx") < order.index("with")
    assert len(m.rank("context managers", hits, k=2)) == 2
