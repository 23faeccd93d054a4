"""The word-salad check: real sentences pass, their words shuffled do not (no model needed)."""

from __future__ import annotations

import random

from interviewer.examiner.word_order import MIN_WORDS, WordOrderModel, classes, shipped_model

ANSWER = (
    "A decorator is a function that takes another function and returns a new one, usually a "
    "wrapper that runs code before and after the original call. You apply it with the @ syntax "
    "above the definition, which is the same as reassigning the name to the decorated result. "
    "It is good practice to use functools.wraps on the wrapper so that the name and the "
    "docstring of the original function are kept for debugging and introspection."
)


def _shuffled(text: str, seed: int) -> str:
    tokens = text.split()
    random.Random(seed).shuffle(tokens)
    return " ".join(tokens)


def test_the_shipped_model_loads_with_its_threshold() -> None:
    model = shipped_model()
    assert model is not None
    assert model.threshold > 0 and "the" in model.bigrams


def test_written_sentences_pass_and_most_shuffles_of_them_do_not() -> None:
    model = shipped_model()
    assert model is not None
    assert not model.is_salad(ANSWER)
    caught = sum(model.is_salad(_shuffled(ANSWER, seed)) for seed in range(20))
    assert caught >= 12  # a salad scores like a random order: most fall below the threshold


def test_the_same_text_always_gets_the_same_verdict() -> None:
    model = shipped_model()
    assert model is not None
    salad = _shuffled(ANSWER, 1)
    assert model.excess(salad) == model.excess(salad)


def test_short_answers_and_code_are_not_judged() -> None:
    model = shipped_model()
    assert model is not None
    assert model.excess("A decorator wraps a function and returns a new one.") is None
    code = "\n".join(f"x{i} = compute(x{i - 1}, factor={i})" for i in range(1, 60))
    assert model.excess(f"Like this:\n```python\n{code}\n```") is None
    assert len(ANSWER.split()) >= MIN_WORDS


def test_classes_keep_function_words_and_collapse_the_rest() -> None:
    assert classes('Set app.config["X"] to the value.') == ["<s>", "·", "·x", "to", "the", "·"]
    assert classes("It is running quickly.") == ["<s>", "it", "is", "·ing", "·ly"]


def test_a_model_counted_from_text_prefers_its_order() -> None:
    text = "The cache is in the app. The key is in the dict. The value is in the list."
    model = WordOrderModel.count([text])
    assert model.log_likelihood(classes(text)) > model.log_likelihood(classes(_shuffled(text, 2)))
