"""Interview history in SQLite: sessions and every turn, saved before it is shown.

WAL mode, one transaction per write, so a crash loses nothing that was
acknowledged. Grades are stored as JSON next to the turn, and the interview's
position (a snapshot) is saved in the same transaction as each turn, so a
session resumes exactly where it stopped. A damaged or locked database raises
`HistoryError` with a plain message instead of a traceback. Reads filter by
user; deciding who the user is (login) happens in the UI.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .domain import Grade, KeyPointResult, Turn

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, created_at TEXT NOT NULL,
    examiner TEXT NOT NULL, plan TEXT NOT NULL, finished_at TEXT, state TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
    question_id TEXT NOT NULL, kind TEXT NOT NULL, prompt TEXT NOT NULL, answer TEXT NOT NULL,
    grade TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (session_id, seq)
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(user, created_at);
"""


class HistoryError(RuntimeError):
    """The history database cannot be used."""


@dataclass(frozen=True)
class SessionInfo:
    id: str
    user: str
    created_at: str
    examiner: str
    plan: dict[str, object]
    finished_at: str | None


def grade_to_json(grade: Grade) -> str:
    d = grade.as_json()
    d["key_points"] = [
        {"text": k.text, "weight": k.weight, "hit": k.hit, "evidence": k.evidence}
        for k in grade.key_points
    ]
    return json.dumps(d, ensure_ascii=False)


def grade_from_json(text: str) -> Grade:
    d = json.loads(text)
    points = tuple(KeyPointResult(k["text"], k.get("weight", 1), k["hit"], k.get("evidence", ""))
                   for k in d["key_points"])  # fmt: skip
    return Grade(d["score"], points, d["feedback"], d["follow_up"], d.get("confidence", 1.0),
                 d["examiner"], d.get("max_score", 5.0), tuple(d.get("flags", ())))  # fmt: skip


class History:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=10, check_same_thread=False,
                                       isolation_level=None)  # fmt: skip
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(sessions)")}
            if "state" not in columns:  # databases made before resumable sessions
                self._db.execute("ALTER TABLE sessions ADD COLUMN state TEXT")
        except (sqlite3.DatabaseError, OSError) as exc:
            raise HistoryError(f"cannot use the history database at {path}: {exc}") from exc

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise HistoryError(f"the history database at {self.path} is busy or "
                                   f"unwritable: {exc}") from exc  # fmt: skip
            except sqlite3.DatabaseError as exc:
                raise HistoryError(
                    f"the history database at {self.path} is damaged: {exc}"
                ) from exc

    def create_session(self, user: str, examiner: str, plan: dict[str, object], at: str,
                       state: dict[str, object] | None = None) -> str:  # fmt: skip
        session_id = uuid.uuid4().hex
        with self._tx() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, NULL, ?)",
                       (session_id, user, at, examiner, json.dumps(plan),
                        json.dumps(state) if state is not None else None))  # fmt: skip
        return session_id

    def add_turn(self, session_id: str, turn: Turn, state: dict[str, object] | None = None) -> int:
        """Append a turn (and the interview's new position); durable when this returns."""
        with self._tx() as db:
            (seq,) = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE session_id = ?",
                                (session_id,)).fetchone()  # fmt: skip
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (session_id, seq, turn.question_id, turn.kind, turn.prompt, turn.answer,
                        grade_to_json(turn.grade), turn.at))  # fmt: skip
            if state is not None:
                db.execute("UPDATE sessions SET state = ? WHERE id = ?",
                           (json.dumps(state), session_id))  # fmt: skip
        return int(seq)

    def save_state(self, session_id: str, state: dict[str, object]) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE sessions SET state = ? WHERE id = ?", (json.dumps(state), session_id)
            )

    def state(self, session_id: str) -> dict[str, Any] | None:
        rows = self._read("SELECT state FROM sessions WHERE id = ?", (session_id,))
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def user_turns(self, user: str) -> list[tuple[str, Turn]]:
        """Every turn of a user, oldest first, with its session id."""
        rows = self._read("SELECT t.session_id, t.question_id, t.kind, t.prompt, t.answer, "
                          "t.grade, t.at FROM turns t JOIN sessions s ON s.id = t.session_id "
                          "WHERE s.user = ? ORDER BY t.at, t.seq", (user,))  # fmt: skip
        return [(r[0], Turn(r[1], r[2], r[3], r[4], grade_from_json(r[5]), r[6])) for r in rows]

    def finish(self, session_id: str, at: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE sessions SET finished_at = ? WHERE id = ?", (at, session_id))

    def session(self, session_id: str, user: str | None = None) -> SessionInfo:
        """A session by id; with `user`, only if it belongs to that user."""
        row = self._read("SELECT id, user, created_at, examiner, plan, finished_at FROM sessions "
                         "WHERE id = ?", (session_id,))  # fmt: skip
        if not row or (user is not None and row[0][1] != user):
            raise KeyError(session_id)
        r = row[0]
        return SessionInfo(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5])

    def sessions(self, user: str) -> list[SessionInfo]:
        rows = self._read("SELECT id, user, created_at, examiner, plan, finished_at FROM sessions "
                          "WHERE user = ? ORDER BY created_at", (user,))  # fmt: skip
        return [SessionInfo(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows]

    def turns(self, session_id: str) -> list[Turn]:
        rows = self._read("SELECT question_id, kind, prompt, answer, grade, at FROM turns "
                          "WHERE session_id = ? ORDER BY seq", (session_id,))  # fmt: skip
        return [Turn(r[0], r[1], r[2], r[3], grade_from_json(r[4]), r[5]) for r in rows]

    def _read(self, sql: str, args: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return list(self._db.execute(sql, args).fetchall())
        except sqlite3.DatabaseError as exc:
            raise HistoryError(f"the history database at {self.path} is damaged: {exc}") from exc

    def close(self) -> None:
        self._db.close()
