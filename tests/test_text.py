"""The rule-based text helpers the examiner leans on (no model needed)."""

from __future__ import annotations

import random

import pytest

from interviewer.examiner.text import clauses, dedupe_sentences, looks_scrambled, negated


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


CODE_REFERENCE = (
    "Use a session per request and commit once. ```python\nuser = User(name=name)\n"
    "db.session.add(user)\ndb.session.commit()\ndb.session.refresh(user)\n"
    "db.session.delete(user)\ndb.session.commit()\n``` The db.session object is scoped to "
    "the app context, so db.session.remove() runs at teardown and db.session.rollback() "
    "undoes a failed db.session.commit() before the next request uses db.session again."
)


@pytest.mark.parametrize("seed", range(5))
def test_a_reference_with_code_shuffled_into_salad_is_scrambled(seed: int) -> None:
    # Its tokens keep inner pairs ("db", "session") that match the reference by chance.
    tokens = CODE_REFERENCE.split()
    random.Random(seed).shuffle(tokens)
    assert looks_scrambled(" ".join(tokens), CODE_REFERENCE)


def test_the_reference_in_its_own_order_is_not_scrambled() -> None:
    assert not looks_scrambled(CODE_REFERENCE, CODE_REFERENCE)
    assert not looks_scrambled("Commit once per request; the session is scoped to the app "
                               "context and removed at teardown.", CODE_REFERENCE)  # fmt: skip


def test_a_sentence_said_twice_counts_once_and_padding_not_at_all() -> None:
    text, dropped = dedupe_sentences("A list is mutable. A list is mutable. Tuples are not.")
    assert (text, dropped) == ("A list is mutable. Tuples are not.", 1)
    text, dropped = dedupe_sentences("Tuples are immutable." + " It matters." * 3)
    assert (text, dropped) == ("Tuples are immutable.", 3)
    assert dedupe_sentences("No repeats here. None at all.") == ("No repeats here. None at all.", 0)
