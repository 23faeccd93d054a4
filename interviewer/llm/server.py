"""Running the local LLM: its server as a child process, and a client that restarts it.

`LocalServer` runs `python -m interviewer.llm.serve` on a free loopback port as a child
process that dies with its parent (even on SIGKILL) at a lower CPU priority than the
app, and stops it on `close()`. It speaks the OpenAI protocol with logprobs, so the
rest of the code talks to it through chat.py like any other server. `ManagedModel`
starts it on first use and again after a crash. Only serve.py, in that child, imports llama_cpp.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .local_model import MODEL_NAME, LocalModelError, assemble_model, runtime_available

N_CTX = 1024  # the claim prompt stays under ~700 tokens (the reference is trimmed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    with contextlib.suppress(OSError):  # Linux: SIGTERM when the app dies, even by SIGKILL
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    os.nice(19)  # typed turns (the app's own threads) come first


def app_threads() -> int:
    """The most threads of the app's own model server: every core, used only while idle
    (`--adaptive`: a prompt uses one thread while the app grades typed turns)."""
    return os.cpu_count() or 1


class LocalServer:
    """The local model's OpenAI-compatible server on loopback, owned by this process."""

    def __init__(self, model: Path, log: Path, threads: int = 2, n_ctx: int = N_CTX,
                 adaptive: bool = False) -> None:  # fmt: skip
        self.model, self.log, self.threads, self.n_ctx = model, log, threads, n_ctx
        self.adaptive = adaptive
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, timeout: float = 120.0) -> str:
        """Start the server and wait until it answers; returns its base URL."""
        if not runtime_available():
            raise LocalModelError("llama-cpp-python is not installed: run `make install`")
        self.port = free_port()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "interviewer.llm.serve", "--model", str(self.model),
                   "--name", MODEL_NAME, "--port", str(self.port), "--n-ctx", str(self.n_ctx),
                   "--threads", str(self.threads),
                   *(["--adaptive"] if self.adaptive else [])]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL,
                                            preexec_fn=_die_with_parent)  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LocalModelError(
                    f"the local model server exited ({self.process.returncode}); see {self.log}"
                )
            if self.alive():
                return self.base_url
            time.sleep(0.25)
        self.close()
        raise LocalModelError(f"the local model server did not start in {timeout:g} s")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def alive(self) -> bool:
        """Running and answering (only meaningful while no completion is in progress)."""
        if not self.running():
            return False
        try:
            with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class ManagedModel:
    """A TokenScorer backed by a `LocalServer` this process starts on first use.

    Starting is lazy and thread-safe; a server that died is started again on the
    next call (at most once every `retry_after` seconds), so a crash costs the
    checks in flight, never the app. A running server is not probed over HTTP before
    each call: llama_cpp.server answers even /models only between completions, so a
    probe during another thread's check would time out and restart a healthy, busy
    server. A hung one shows as calls that time out: after `HUNG_AFTER` in a row it is
    restarted. Every failure is an `LLMError` for callers.
    """

    HUNG_AFTER = 2

    def __init__(self, models_dir: Path, log: Path, timeout: float = 30.0,
                 retry_after: float = 30.0) -> None:  # fmt: skip
        self.name = MODEL_NAME
        self.models_dir, self.log, self.timeout = models_dir, log, timeout
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._server: LocalServer | None = None
        self._client: Any = None
        self._failed_at = -1e9
        self._timeouts = 0
        self.error = ""
        # The kernel's parent-death signal follows the thread that forked, not the process:
        # a server started from a short-lived thread (the app's start-up one) died with it.
        # This executor's one thread lives as long as the model, so every start comes from it.
        self._owner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="local-llm-owner")

    def _ensure(self) -> Any:
        from .chat import LLMConfig, LLMError, OpenAIChatModel

        with self._lock:
            if self._server is not None and self._server.running():
                return self._client
            if time.monotonic() - self._failed_at < self.retry_after and self.error:
                raise LLMError(self.error)
            if self._server is not None:
                self._server.close()
            try:
                self._server = LocalServer(assemble_model(self.models_dir), self.log,
                                           threads=app_threads(), adaptive=True)  # fmt: skip
                url = self._owner.submit(self._server.start).result()
            except (LocalModelError, OSError) as exc:
                self._server, self._failed_at, self.error = None, time.monotonic(), str(exc)
                raise LLMError(self.error) from exc
            self.error = ""
            config = LLMConfig(model=MODEL_NAME, base_url=url, timeout=self.timeout,
                               max_retries=0)  # fmt: skip
            self._client = OpenAIChatModel(config)
            return self._client

    def start(self) -> bool:
        """Start the server now (e.g. in a background thread at app start); True when up."""
        from .chat import LLMError

        try:
            self._ensure()
            return True
        except LLMError:
            return False

    def first_token_logprobs(self, messages: Sequence[dict[str, str]],
                             top: int = 10) -> dict[str, float]:  # fmt: skip
        from .chat import LLMTimeout

        client = self._ensure()
        try:
            out = dict(client.first_token_logprobs(messages, top))
        except LLMTimeout:
            self._timed_out()
            raise
        self._timeouts = 0
        return out

    def _timed_out(self) -> None:
        with self._lock:
            self._timeouts += 1
            if self._timeouts >= self.HUNG_AFTER and self._server is not None:
                self._server.close()  # hung: the next call starts a fresh one
                self._server, self._timeouts = None, 0

    def close(self) -> None:
        with self._lock:
            if self._server is not None:
                self._server.close()
                self._server = None
