"""The rule-based text helpers the examiner leans on (no model needed)."""

from __future__ import annotations

import pytest

from interviewer.examiner.text import clauses, negated


def test_a_compound_sentence_splits_into_its_claims() -> None:
    sentence = "A JWT is encrypted with the secret key, so it is safe to store the password in it."
    assert clauses(sentence) == [
        "A JWT is encrypted with the secret key",
        "it is safe to store the password in it",
    ]


@pytest.mark.parametrize(
    "sentence",
    ["A tuple is immutable.", "It is fast, so use it.", "Lists are mutable and tuples are not."],
)
def test_a_sentence_with_one_claim_has_no_clauses(sentence: str) -> None:
    assert clauses(sentence) == []  # short parts ("use it") are not claims of their own


@pytest.mark.parametrize(
    ("text", "denies"),
    [
        ("The payload is signed, not encrypted.", True),
        ("Tuples can't be changed.", True),
        ("Flask never escapes this.", True),
        ("It is not true that it doesn't work.", False),  # two negations
        ("Notably, the node is known.", False),  # words that merely contain "no"/"not"
        ("Reference counting frees objects at once.", False),
    ],
)
def test_negated_counts_negations_by_parity(text: str, denies: bool) -> None:
    assert negated(text) is denies
