"""Check the notes cut (examiner/notes_reference.py's MIN_SCORE) with the real embedder.

    python -m evals.notes_threshold   # writes evals/results/notes_threshold.json

Eight short notes passages (seven Python/Flask topics and one about cooking), 13
questions each answered by one passage (paraphrased, some sharing few words with
it) and 10 Python/Flask questions none of them answers. For each cut it counts the
related questions whose passage is kept, the unrelated questions that keep some
passage, and the related questions that also keep a passage that does not answer
them (the reference takes up to three passages above the cut).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from interviewer.examiner.notes_reference import MIN_SCORE
from interviewer.retrieval.embeddings import MiniLMEmbedder

OUT = Path(__file__).parent / "results" / "notes_threshold.json"
CUTS = (0.30, MIN_SCORE, 0.40, 0.45, 0.50)

PASSAGES = {
    "blueprints": (
        "Blueprints split a Flask app into parts that group views, templates and static "
        "files. Each blueprint is registered on the app with a URL prefix. Large apps "
        "split into blueprints stay organised because each feature owns its routes."
    ),
    "app-context": (
        "Flask pushes an application context for each request and CLI command. "
        "current_app and g live in it; g is reset for every request, so it suits a "
        "database connection opened in before_request and closed in teardown_appcontext."
    ),
    "gil": (
        "The GIL lets only one thread run Python bytecode at a time in CPython. Threads "
        "still help for I/O-bound work because the lock is released while waiting on "
        "sockets or files; CPU-bound work needs multiprocessing or native extensions that"
        " release it."
    ),
    "generators": (
        "A generator function uses yield and returns an iterator that produces values "
        "lazily. Its state is kept between next() calls, so a pipeline of generators "
        "processes a large file line by line without holding it in memory."
    ),
    "sqlalchemy-session": (
        "The SQLAlchemy session is a unit of work: objects added to it are flushed as "
        "INSERTs and UPDATEs, and commit ends the transaction. In Flask, scope one "
        "session per request and remove it at teardown so connections return to the pool."
    ),
    "decorators": (
        "A decorator is a function that takes a function and returns a replacement, "
        "usually a wrapper. functools.wraps copies the name and docstring to the wrapper."
        " Decorators with arguments are factories that return the real decorator."
    ),
    "csrf": (
        "CSRF tricks a logged-in browser into sending a forged request. Flask-WTF puts a "
        "secret token in each form and checks it on POST; SameSite cookies block most "
        "cross-site posts too."
    ),
    "cooking": (
        "To make a risotto, toast the rice in butter, add warm stock a ladle at a time "
        "and stir until creamy. Finish with parmesan off the heat."
    ),
}
RELATED = [
    ("Why would you split a Flask app into blueprints?", "blueprints"),
    ("How do you organise a large Flask application?", "blueprints"),
    ("What is the application context in Flask and what is g for?", "app-context"),
    ("Where should a Flask app keep its database connection during a request?", "app-context"),
    ("What is the GIL and when do threads still help?", "gil"),
    ("Why are Python threads not faster for CPU-bound work?", "gil"),
    ("What does yield do in Python?", "generators"),
    ("How would you process a 10 GB log file without running out of memory?", "generators"),
    ("How should SQLAlchemy sessions be scoped in a web app?", "sqlalchemy-session"),
    ("What happens when you commit a SQLAlchemy session?", "sqlalchemy-session"),
    ("How do you write a decorator that keeps the wrapped function's name?", "decorators"),
    ("What is a decorator with arguments?", "decorators"),
    ("How does Flask protect forms against CSRF?", "csrf"),
]
UNRELATED = [
    "What is the difference between a list and a tuple?",
    "How does Python's garbage collector handle reference cycles?",
    "What HTTP status code means the resource was not found?",
    "How do you deploy Flask behind gunicorn and nginx?",
    "What is a metaclass?",
    "How do you write unit tests with pytest fixtures?",
    "Explain Big-O of dictionary lookups.",
    "How do you hash passwords securely?",
    "What is the difference between __str__ and __repr__?",
    "How do you paginate a query result in an API?",
]


def main() -> None:
    embedder = MiniLMEmbedder()
    names = list(PASSAGES)
    vectors = embedder.embed([PASSAGES[n] for n in names])
    own, other, unrelated = [], [], []
    for question, want in RELATED:
        scores = vectors @ embedder.embed([question])[0]
        i = names.index(want)
        own.append(float(scores[i]))
        other.append(float(max(s for j, s in enumerate(scores) if j != i)))
    for question in UNRELATED:
        unrelated.append(float((vectors @ embedder.embed([question])[0]).max()))
    cuts = {f"{c:.2f}": {"related_kept": sum(s >= c for s in own),
                         "unrelated_kept": sum(s >= c for s in unrelated),
                         "wrong_passage_kept": sum(s >= c for s in other)}
            for c in CUTS}  # fmt: skip
    result = {"model": embedder.model_id, "related": len(own), "unrelated": len(unrelated),
              "related_min": min(own), "related_median": float(np.median(own)),
              "unrelated_max": max(unrelated), "unrelated_median": float(np.median(unrelated)),
              "wrong_passage_max": max(other), "cuts": cuts}  # fmt: skip
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
