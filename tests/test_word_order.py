"""The word-salad check: real sentences pass, their words shuffled do not (no model needed)."""

from __future__ import annotations

import random

import pytest

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


FORMATS = {
    "bullets": "- The GIL is a mutex in CPython.\n- Only one thread runs Python bytecode at a "
    "time.\n- It protects reference counting, which is not thread-safe.\n- CPU-bound threads do "
    "not run in parallel; use multiprocessing.\n- I/O-bound threads release the GIL while they "
    "wait on sockets or disk.\n- C extensions like NumPy can release it during heavy work.",
    "inline code": "Use `@app.errorhandler(404)` to register a handler, and return "
    "`render_template('404.html'), 404` so the status is kept. For APIs return "
    "`jsonify(error='not found'), 404`. On a blueprint, `@bp.errorhandler` only sees errors "
    "raised in that blueprint's views, while `@bp.app_errorhandler` registers for the whole app, "
    "which matters for 404s that never reach a blueprint.",
    "spoken, no punctuation": "so basically the gil is a lock in cpython that lets only one "
    "thread run python bytecode at a time and that's because reference counting isn't thread "
    "safe so if you have cpu bound work threads won't help you and you'd use multiprocessing "
    "instead but for io bound stuff threads are fine because the gil gets released while you "
    "wait on the network",
    "telegraphic": "Decorator: function taking function, returning wrapper. Wrapper calls "
    "original, adds behaviour before/after. Apply with @name above def. Use functools.wraps to "
    "keep __name__, __doc__. Decorators with arguments need extra outer function returning the "
    "decorator. Class-based decorators implement __call__. Common uses: logging, caching, auth "
    "checks, timing, retries.",
    "code in the sentence": "You call db.session.add(user) then db.session.commit(), and on an "
    "IntegrityError you call db.session.rollback() before returning a 409; with Flask-SQLAlchemy "
    "db.session is scoped to the app context so db.session.remove() runs at teardown "
    "automatically, and in tests you use app.app_context() with db.create_all() and "
    "db.drop_all() around each test function.",
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_real_answers_in_other_formats_are_not_salads(name: str) -> None:
    model = shipped_model()
    assert model is not None
    excess = model.excess(FORMATS[name])
    assert excess is not None and excess > model.threshold + 1.5  # well clear, not just over
