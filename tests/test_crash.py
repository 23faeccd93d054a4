"""Crash safety: SIGKILL the app mid-session; every acknowledged turn survives and resumes."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from gradio_client import Client

from interviewer.sessions.history import History

from .browser import running_app

pytestmark = pytest.mark.slow

ANSWER = "A decorator takes a function and returns a wrapper; functools.wraps keeps its name."


def test_killed_server_keeps_every_acknowledged_turn(tmp_path: Path) -> None:
    home = tmp_path / "home"
    acknowledged: dict[int, int] = {}
    lock = threading.Lock()
    with running_app(home) as url:
        pid = _server_pid(home)

        def user(n: int) -> None:
            client = Client(url, verbose=False)
            client.predict([], False, 10, "practice", api_name="/on_start")
            done = 0
            try:
                while True:
                    client.predict(f"{ANSWER} ({n}-{done})", api_name="/answer")
                    done += 1
                    if done == 3 and n == 0:
                        os.kill(pid, signal.SIGKILL)  # mid-session, others mid-request
            except Exception:
                pass  # the server is gone
            with lock:
                acknowledged[n] = done

        threads = [threading.Thread(target=user, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    history = History(home / "history.sqlite")
    saved: dict[int, tuple[str, int]] = {}
    for info in history.sessions("local"):
        turns = history.turns(info.id)
        if turns:
            user_n = int(turns[0].answer.rsplit("(", 1)[1].split("-")[0])
            saved[user_n] = (info.id, len(turns))
    assert acknowledged[0] >= 3 and {n for n, a in acknowledged.items() if a} <= set(saved)
    # Each acknowledged answer is in SQLite; one more may be saved whose reply never arrived
    # (even a user's first, so a user with none acknowledged may still have a session).
    for n, acked in acknowledged.items():
        kept = saved[n][1] if n in saved else 0
        assert 0 <= kept - acked <= 1, (n, kept, acked)
    with sqlite3.connect(home / "history.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # After a restart the sessions are offered for resuming, exactly where they stopped.
    with running_app(home) as url:
        client = Client(url, verbose=False)
        client.predict(api_name="/refresh")  # the history tab lists this user's sessions
        session_id = saved[0][0]
        result = client.predict(session_id, api_name="/on_resume_1")
        assert ANSWER[:30] in str(result)


def _server_pid(home: Path) -> int:
    """The app process serving this home (the test's own child)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"app.py" in cmdline and f"INTERVIEWER_HOME={home}".encode() in environ:
            return int(entry.name)
    raise AssertionError("app process not found")
