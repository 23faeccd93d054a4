from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from interviewer.domain import Grade, KeyPointResult, Turn
from interviewer.sessions.codec import grade_to_json
from interviewer.sessions.history import History, HistoryError

GRADE = Grade(3.5, (KeyPointResult("is compares identity", 3, True, "same object"),
                    KeyPointResult("use is for None", 2, False)), "fb", "Why None?", 0.8,
              "offline", flags=("anchored:3",))  # fmt: skip


def turn(answer: str = "<img src=x onerror=alert(1)> is checks identity") -> Turn:
    return Turn("python-basics-03", "question", "What is the difference?", answer, GRADE,
                "2026-01-01T00:00:00+00:00")  # fmt: skip


def test_turns_round_trip_in_order_and_survive_reopening(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    sid = h.create_session("ana", "offline", {"count": 3}, "2026-01-01T00:00:00+00:00")
    assert h.add_turn(sid, turn("first")) == 1
    assert h.add_turn(sid, turn()) == 2
    h.close()
    again = History(tmp_path / "h.sqlite")
    turns = again.turns(sid)
    assert [t.answer for t in turns] == ["first", turn().answer]
    assert turns[1].grade == GRADE
    assert again.session(sid).plan == {"count": 3}
    assert [s.id for s in again.sessions("ana")] == [sid]
    assert again.sessions("bob") == []


def test_sessions_of_other_users_are_not_found(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    sid = h.create_session("ana", "offline", {}, "t")
    assert h.session(sid, user="ana").user == "ana"
    with pytest.raises(KeyError):
        h.session(sid, user="bob")


def test_database_uses_wal(tmp_path: Path) -> None:
    History(tmp_path / "h.sqlite")
    mode = sqlite3.connect(tmp_path / "h.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_damaged_database_gives_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "h.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="cannot use the history database"):
        History(bad)


def test_a_locked_database_gives_a_clear_error(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite", timeout=0.1)
    sid = h.create_session("ana", "offline", {}, "t")
    other = sqlite3.connect(tmp_path / "h.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(HistoryError, match="busy"):
        h.add_turn(sid, turn())
    other.execute("ROLLBACK")
    assert h.add_turn(sid, turn()) == 1  # nothing half-written by the failed attempt


def test_a_database_from_before_resumable_sessions_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE sessions (id TEXT PRIMARY KEY, user TEXT NOT NULL, created_at TEXT NOT NULL,
            examiner TEXT NOT NULL, plan TEXT NOT NULL, finished_at TEXT);
        INSERT INTO sessions VALUES ('old', 'ana', '2025-01-01', 'offline', '{}', NULL);
    """)
    db.close()
    h = History(path)
    assert h.session("old").user == "ana" and h.state("old") is None
    h.add_turn("old", turn(), {"position": 1})
    assert h.state("old") == {"position": 1}
    assert [sid for sid, _ in h.user_turns("ana")] == ["old"] and h.user_turns("bob") == []


def test_an_unreachable_database_server_is_a_clear_error_without_the_password() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(
        HistoryError, match=r"cannot use the history database at 127\.0\.0\.1"
    ) as err:
        History(f"postgresql+psycopg://u:secret@127.0.0.1:{port}/db", timeout=2)
    assert "secret" not in str(err.value)


def spoken_turn() -> Turn:
    from interviewer.examiner.delivery import analyse

    words = [("Um,", 0.5, 0.7), ("a", 0.8, 0.9), ("<b>copy</b>", 1.0, 1.4), ("shares.", 4.0, 4.4)]
    return replace(turn("A copy shares."), delivery=analyse(words, 5.0))


def test_a_spoken_turn_keeps_its_delivery(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    sid = h.create_session("ana", "offline", {}, "2026-01-01T00:00:00+00:00")
    h.add_turn(sid, spoken_turn())
    h.add_turn(sid, turn())
    h.update_grade(sid, 1, GRADE)  # a fact check landing leaves the delivery alone
    spoken, typed = History(tmp_path / "h.sqlite").turns(sid)
    assert spoken.answer == "A copy shares." and typed.delivery is None
    assert spoken.delivery is not None and spoken.delivery.pauses == ((1.4, 4.0),)
    # Stored as the JSON the exports give (seconds to 0.01, wpm to 0.1).
    assert spoken.delivery.as_json() == spoken_turn().delivery.as_json()  # type: ignore[union-attr]
    assert [t.delivery for _, t in h.user_turns("ana")] == [spoken.delivery, None]


def test_a_database_from_before_delivery_is_migrated_and_its_turns_still_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v2.sqlite"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE sessions (id VARCHAR(32) PRIMARY KEY, user TEXT NOT NULL,
            created_at TEXT NOT NULL, examiner TEXT NOT NULL, plan TEXT NOT NULL,
            finished_at TEXT, state TEXT);
        CREATE TABLE turns (session_id VARCHAR(32) REFERENCES sessions(id), seq INTEGER,
            question_id TEXT NOT NULL, kind TEXT NOT NULL, prompt TEXT NOT NULL,
            answer TEXT NOT NULL, grade TEXT NOT NULL, at TEXT NOT NULL,
            PRIMARY KEY (session_id, seq));
        CREATE TABLE interviewer_schema (version INTEGER NOT NULL);
        INSERT INTO interviewer_schema VALUES (2);
        INSERT INTO sessions VALUES ('old', 'ana', '2025-01-01', 'offline', '{}', NULL, NULL);
    """)
    db.execute("INSERT INTO turns VALUES ('old', 1, 'q', 'question', 'p', 'typed', ?, 't')",
               (grade_to_json(GRADE),))  # fmt: skip
    db.commit()
    db.close()
    h = History(path)
    [old] = h.turns("old")
    assert old.answer == "typed" and old.grade == GRADE and old.delivery is None
    h.add_turn("old", spoken_turn())
    new = h.turns("old")[1].delivery
    assert new is not None and new.as_json() == spoken_turn().delivery.as_json()  # type: ignore[union-attr]
    h.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM interviewer_schema").fetchone() == (4,)
    History(path).close()  # opens again without migrating twice


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    History(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE interviewer_schema SET version = 99")
    with pytest.raises(HistoryError, match="newer version"):
        History(path)
