"""A TokenScorer that remembers: each distinct prompt is sent to the model once, ever.

Evals judge the same claims many times (a threshold grid, a re-run after a change
elsewhere); the answers are kept in a JSON file keyed by a hash of the messages,
so a re-run costs nothing and reproduces the same numbers. Delete the file to
ask the model again. Not for the app: there every answer is new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from interviewer.llm.chat import TokenScorer


class CachedScorer:
    def __init__(self, model: TokenScorer, path: Path) -> None:
        self.model, self.path, self.name = model, path, model.name
        self.cache: dict[str, dict[str, float]] = (
            json.loads(path.read_text("utf-8")) if path.exists() else {}
        )
        self.asked = 0

    def first_token_logprobs(self, messages: Sequence[dict[str, str]],
                             top: int = 10) -> dict[str, float]:  # fmt: skip
        key = hashlib.sha256(json.dumps([list(messages), top]).encode()).hexdigest()[:24]
        if key not in self.cache:
            self.cache[key] = self.model.first_token_logprobs(messages, top)
            self.asked += 1
            self.save()
        return self.cache[key]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.cache, sort_keys=True), "utf-8")
        os.replace(tmp, self.path)
