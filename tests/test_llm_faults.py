"""Interviews while the LLM misbehaves: every turn saved, always a grade, never a hang.

Each fault is scripted for every attempt the SDK makes (1 + 2 retries)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.llm import LLMExaminer
from interviewer.examiner.offline import OfflineExaminer
from interviewer.llm.chat import LLMConfig, OpenAIChatModel
from interviewer.retrieval.embeddings import CachedEmbedder
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.sessions.history import History
from interviewer.web.practice import Practice

from .fakes import HashingEmbedder
from .openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.slow  # real timeouts and retries take ~15 s

GOOD = json.dumps({"score": 4, "key_points": [{"index": 1, "hit": True}], "good": "Solid.",
                   "missing": "", "tip": "", "follow_up": ""})  # fmt: skip
FAULTS = [
    ("500s", [{"status": 500}] * 3, "failed (500)"),
    ("429s", [{"status": 429}] * 3, "rate-limiting"),
    ("timeout", [{"sleep": 3, "content": GOOD}] * 3, "did not answer in time"),
    ("dropped", [{"drop": True}] * 3, "cannot reach"),
    ("broken json twice", [{"content": "{not json"}, {"content": "still [not json"}], "JSON"),
    ("schema violation twice", [{"content": '{"score": 9}'}] * 2, ""),
]


@pytest.mark.parametrize(("name", "steps", "message"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_turn_survives_every_llm_fault(
    tiny_settings: Settings, tmp_path: Path, name: str, steps: list[dict[str, object]], message: str
) -> None:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    with ScriptedOpenAIServer() as server:
        server.enqueue(*steps, {"content": GOOD}, {"content": GOOD})
        chat = OpenAIChatModel(LLMConfig(model="m", api_key="k", base_url=server.base_url,
                                         timeout=1.0, max_retries=2))  # fmt: skip
        examiner = LLMExaminer(chat, OfflineExaminer(CachedEmbedder(HashingEmbedder())))
        practice = Practice(InterviewEngine(EngineDeps(kb, examiner, rng=random.Random(0))),
                            History(tmp_path / "h.sqlite"))  # fmt: skip
        state = practice.start("ann", [], 2)
        start = time.monotonic()
        state, fb = practice.answer(state, "a first point about it, explained properly")
        assert time.monotonic() - start < 10  # bounded by timeout x attempts, never a hang
        state, _ = practice.answer(state, "the second answer")
    turns = practice.history.turns(state.session_id)
    assert len(turns) == 2
    first = turns[0].grade
    assert first.examiner == "offline" and "llm-fallback" in first.flags
    assert message in first.feedback
    assert fb is not None and "offline examiner graded this" in fb.feedback
    assert turns[1].grade.examiner == "llm:m"  # the next turn uses the LLM again
