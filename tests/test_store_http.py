"""The store against a real `chroma run` server on loopback (CHROMA_HOST mode)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from interviewer.config import Settings
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.retrieval.store import StoreError

from .fakes import HashingEmbedder

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((data / "server.log").read_text(errors="replace")) from None
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("chroma run did not start in 60 s")
    yield port
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def test_http_store_builds_searches_and_is_shared(
    tiny_settings: Settings, chroma_server: int
) -> None:
    settings = replace(tiny_settings, chroma_host="127.0.0.1", chroma_port=chroma_server)
    kb = KnowledgeBase.open(settings, HashingEmbedder())
    assert kb.ensure_index(force=True).rebuilt
    assert kb.search("What is Flask?", k=1)[0].question_id == "web-things-01"
    # A second process-like client sees the same index, already current.
    other = KnowledgeBase.open(settings, HashingEmbedder())
    assert not other.ensure_index().rebuilt
    assert other.store.reference("core-ideas-01").question == "What is a decorator?"
    assert not (settings.home / "chroma").exists()  # nothing written to the embedded path


def test_unreachable_server_gives_a_clear_error(tiny_settings: Settings) -> None:
    settings = replace(tiny_settings, chroma_host="127.0.0.1", chroma_port=_free_port())
    with pytest.raises(StoreError, match=r"cannot open the Chroma store at 127\.0\.0\.1"):
        KnowledgeBase.open(settings, HashingEmbedder())
