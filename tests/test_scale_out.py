"""Scale-out on existing engines: sessions in PostgreSQL, Chroma as a server, two app processes.

Needs TEST_DATABASE_URL (a PostgreSQL database the tests may wipe); `make test` sets it to
the database scripts/system-deps creates. Without it these tests are reported as skipped,
with what to do, never as passed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from gradio_client import Client

from interviewer.config import _database_url
from interviewer.sessions.history import META, SCHEMA_VERSION, VERSION, History

from .browser import free_port, running_app
from .system_deps import database_url
from .test_history import GRADE, turn

URL = database_url()
pytestmark = [pytest.mark.slow, pytest.mark.needs("postgresql")]


@pytest.fixture
def pg() -> Iterator[str]:
    assert URL
    url = _database_url(URL)
    assert url
    engine = sa.create_engine(url)
    with engine.begin() as db:
        META.drop_all(db)
    engine.dispose()
    yield url


def test_postgres_round_trip_and_user_isolation(pg: str) -> None:
    h = History(pg)
    sid = h.create_session("ana", "offline", {"count": 2}, "2026-01-01T00:00:00+00:00", {"p": 0})
    assert h.add_turn(sid, turn("first"), {"p": 1}) == 1
    assert h.add_turn(sid, turn()) == 2
    other = History(pg)  # a second app process
    assert [t.answer for t in other.turns(sid)] == ["first", turn().answer]
    assert other.turns(sid)[0].grade == GRADE and other.state(sid) == {"p": 1}
    assert other.sessions("bob") == [] and [s.id for s in other.sessions("ana")] == [sid]
    with pytest.raises(KeyError):
        other.session(sid, user="bob")
    with sa.create_engine(pg).connect() as db:
        assert db.execute(sa.select(VERSION.c.version)).scalar_one() == SCHEMA_VERSION


def test_concurrent_writers_lose_nothing(pg: str) -> None:
    histories = [History(pg), History(pg)]
    sessions = [histories[i % 2].create_session(f"u{i}", "offline", {}, "t") for i in range(8)]

    def write(i: int) -> None:
        for _ in range(10):
            histories[i % 2].add_turn(sessions[i], turn())

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [len(histories[0].turns(s)) for s in sessions] == [10] * 8


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port, data = free_port(), tmp_path_factory.mktemp("chroma")
    proc = subprocess.Popen([chroma, "run", "--path", str(data), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert time.monotonic() < deadline and proc.poll() is None, "chroma run failed"
            time.sleep(0.2)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_a_session_started_on_one_app_continues_on_another(
    pg: str, chroma_port: int, tmp_path: Path
) -> None:
    shared = {"DATABASE_URL": pg, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port),
              "INTERVIEWER_USERS": "ann:pw", "INTERVIEWER_SECRET": "shared"}  # fmt: skip
    with running_app(tmp_path / "a", **shared) as url_a:
        a = Client(url_a, auth=("ann", "pw"), verbose=False)
        a.predict([], False, 3, "practice", api_name="/on_start")
        a.predict("A decorator wraps a function and returns the wrapper.", api_name="/answer")
        with running_app(tmp_path / "b", **shared) as url_b:
            b = Client(url_b, auth=("ann", "pw"), verbose=False)
            b.predict(api_name="/refresh")
            history = History(pg)
            (session,) = history.sessions("ann")
            resumed = b.predict(session.id, api_name="/on_resume_1")
            assert "A decorator wraps a function" in str(resumed)
            b.predict("functools.wraps keeps the wrapped function's name.", api_name="/answer")
    turns = History(pg).turns(session.id)
    assert [t.answer[:12] for t in turns] == ["A decorator ", "functools.wr"]
