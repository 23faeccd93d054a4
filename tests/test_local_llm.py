"""The local fact-check model as a managed component: assembly, its server, its faults.

Fast tests fake the parts and the server; the slow ones start the real model.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.domain import KeyPoint
from interviewer.examiner.agreement import agreement
from interviewer.examiner.factcheck import FactChecker
from interviewer.examiner.features import Rubric
from interviewer.examiner.verdicts import VerdictThresholds
from interviewer.knowledge.answers import load_knowledge
from interviewer.llm import local_model
from interviewer.llm.chat import LLMConfig, LLMError, LLMTimeout, OpenAIChatModel
from interviewer.llm.local_model import LocalModelError, assemble_model
from interviewer.llm.server import LocalServer, ManagedModel

from .openai_server import ScriptedOpenAIServer

LEN = Rubric(
    question="What does len() return for a list?",
    reference="len(xs) returns the number of items in the list xs, as an int. It does not look "
    "at the values, so len([5, 7]) is 2.",
    key_points=(KeyPoint("It returns how many items the list has.", 1),),
)


def test_missing_parts_say_how_to_install_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_model, "_part_file", lambda n: None)
    with pytest.raises(LocalModelError, match=r"22 of 22 missing.*make install"):
        assemble_model(tmp_path)
    assert not list(tmp_path.glob("*"))


def test_corrupt_parts_fail_the_checksum_and_leave_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part = tmp_path / "part.bin"
    part.write_bytes(b"GGUF" + b"\0" * 1000)
    monkeypatch.setattr(local_model, "_part_file", lambda n: part)
    models = tmp_path / "models"
    with pytest.raises(LocalModelError, match="corrupt"):
        assemble_model(models)
    assert not list(models.glob("*"))  # no half-written model, no stamp


def test_a_server_that_cannot_start_is_an_llm_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "models" / local_model.MODEL_FILE
    bogus.parent.mkdir()
    bogus.write_bytes(b"not a model")
    monkeypatch.setattr("interviewer.llm.server.assemble_model", lambda d, progress=None: bogus)
    model = ManagedModel(tmp_path / "models", tmp_path / "llm.log", retry_after=60)
    with pytest.raises(LLMError, match="exited"):
        model.first_token_logprobs([{"role": "user", "content": "hi"}])
    with pytest.raises(LLMError, match="exited"):  # not retried at once: no restart storm
        model.first_token_logprobs([{"role": "user", "content": "hi"}])


class _BusyServer:
    """A running server that, like llama_cpp.server mid-completion, answers no probe."""

    def __init__(self) -> None:
        self.closed = False

    def running(self) -> bool:
        return not self.closed

    def alive(self) -> bool:
        raise AssertionError("a running server must not be probed before each call")

    def close(self) -> None:
        self.closed = True


class _Client:
    def __init__(self, *replies: object) -> None:
        self.replies = list(replies)

    def first_token_logprobs(self, messages: object, top: int = 10) -> dict[str, float]:
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return dict(reply)  # type: ignore[call-overload]


def managed(tmp_path: Path, server: _BusyServer, client: _Client) -> ManagedModel:
    model = ManagedModel(tmp_path / "models", tmp_path / "llm.log")
    model._server, model._client = server, client  # type: ignore[assignment]
    return model


def test_a_busy_server_is_used_not_probed_and_not_restarted(tmp_path: Path) -> None:
    server = _BusyServer()
    model = managed(tmp_path, server, _Client({"FALSE": -0.1}, {"TRUE": -0.2}))
    assert model.first_token_logprobs([]) == {"FALSE": -0.1}
    assert model.first_token_logprobs([]) == {"TRUE": -0.2}
    assert not server.closed


def test_a_hung_server_is_restarted_after_calls_time_out_in_a_row(tmp_path: Path) -> None:
    server = _BusyServer()
    hung = LLMTimeout("the LLM did not answer in time")
    model = managed(tmp_path, server, _Client(hung, {"TRUE": -0.1}, hung, hung))
    with pytest.raises(LLMTimeout):
        model.first_token_logprobs([])
    model.first_token_logprobs([])  # an answer in between: one slow call is not a hang
    with pytest.raises(LLMTimeout):
        model.first_token_logprobs([])
    assert not server.closed
    with pytest.raises(LLMTimeout):
        model.first_token_logprobs([])
    assert server.closed and model._server is None  # the next call starts a fresh server


def test_logprobs_over_the_openai_protocol_and_its_failures() -> None:
    with ScriptedOpenAIServer() as server:
        server.enqueue(
            {"content": "FALSE", "top_logprobs": {"FALSE": -0.1, "TRUE": -2.5}},
            {"content": "Sure"},
            {"status": 500},
            {"drop": True},
        )
        model = OpenAIChatModel(LLMConfig("m", base_url=server.base_url, max_retries=0))
        checker = FactChecker(model)
        assert checker.judge(LEN, "len returns the sum of the list.") > 0.9
        body = server.requests[0]
        assert body["max_tokens"] == 1 and body["logprobs"] is True and body["top_logprobs"] == 10
        for _ in range(3):  # no logprobs, a 500, a dropped connection
            with pytest.raises(LLMError):
                checker.judge(LEN, "len returns the number of items.")


@pytest.fixture(scope="module")
def real_model() -> ManagedModel:
    settings = Settings.from_env({})  # the user's models folder, where `make install` put it
    model = ManagedModel(settings.models_path, settings.home / "local-llm.log", timeout=120)
    assert model.start(), f"the local model did not start: {model.error}"
    yield model  # type: ignore[misc]
    model.close()


@pytest.mark.slow
def test_the_real_model_tells_a_false_sentence_from_a_true_one(real_model: ManagedModel) -> None:
    checker = FactChecker(real_model)
    wrong = checker.judge(LEN, "len() returns the sum of the numbers in the list.")
    right = checker.judge(LEN, "len() gives you how many items the list has.")
    assert wrong > right + 0.2, (wrong, right)


@pytest.mark.slow
def test_the_real_model_sides_a_short_answer_with_the_misconception_it_states(
    real_model: ManagedModel,
) -> None:
    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers")
    rubric = Rubric.of(knowledge.answers["python-basics-01"])  # what are Python's key features
    weak = next(m for m in rubric.misconceptions if "weakly typed" in m.claim)
    wrong = "Python is weakly typed, so adding the string '1' to the number 1 quietly gives '11'."
    right = "Python is strongly typed: '1' + 1 raises a TypeError; you convert with int() or str()."
    sided, denied = (agreement(real_model, rubric, a, weak) for a in (wrong, right))
    assert sided >= VerdictThresholds().short_agree and denied < 0.5, (sided, denied)


@pytest.mark.slow
def test_a_server_started_from_a_short_lived_thread_outlives_that_thread(tmp_path: Path) -> None:
    # The app starts the model from a start-up thread that ends at once; the kernel's
    # parent-death signal follows the forking thread, so the server must not be forked there.
    settings = Settings.from_env({})
    model = ManagedModel(settings.models_path, tmp_path / "local-llm.log", timeout=120)
    started: list[bool] = []
    thread = threading.Thread(target=lambda: started.append(model.start()))
    thread.start()
    thread.join()
    try:
        assert started == [True], model.error
        time.sleep(2)
        server = model._server
        assert server is not None and server.running(), "the server died with the start thread"
        assert FactChecker(model).judge(LEN, "len() gives you how many items the list has.") < 1
    finally:
        model.close()


@pytest.mark.slow
def test_the_server_dies_with_the_app_even_on_sigkill(tmp_path: Path) -> None:
    settings = Settings.from_env({})
    script = (
        "import sys, time; from pathlib import Path\n"
        "from interviewer.llm.server import LocalServer\n"
        "from interviewer.llm.local_model import assemble_model\n"
        f"s = LocalServer(assemble_model(Path({str(settings.models_path)!r})), "
        f"Path({str(tmp_path / 'log')!r}))\n"
        "s.start(); print(s.process.pid, flush=True); time.sleep(600)\n"
    )
    app = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    child = int(app.stdout.readline())
    os.kill(app.pid, signal.SIGKILL)
    app.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the model server outlived the app that started it")


def test_local_server_refuses_without_the_runtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("interviewer.llm.server.runtime_available", lambda: False)
    with pytest.raises(LocalModelError, match="llama-cpp-python is not installed"):
        LocalServer(tmp_path / "m.gguf", tmp_path / "log").start()
