"""Interview history: sessions and every turn, saved before it is shown.

One storage layer for both engines, on SQLAlchemy Core: SQLite by default (WAL,
synchronous=FULL, BEGIN IMMEDIATE) and PostgreSQL when DATABASE_URL points at
one, so several app processes can share sessions. Each write is one
transaction; the interview's position (a snapshot) is saved in the same
transaction as its turn, so a session resumes exactly where it stopped. The
schema is versioned and migrated forward on open. A damaged, locked or
unreachable database raises `HistoryError` with a plain message. Reads filter
by user; deciding who the user is (login) happens in the UI. The `banks` and `notes`
tables (a person's own question banks and notes files) are read and written by banks.py
and notes.py.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc

from ..domain import Grade, Turn
from .codec import delivery_from_json, delivery_to_json, grade_from_json, grade_to_json

META = sa.MetaData()
SESSIONS = sa.Table(
    "sessions", META,
    sa.Column("id", sa.String(32), primary_key=True), sa.Column("user", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("examiner", sa.Text, nullable=False),
    sa.Column("plan", sa.Text, nullable=False), sa.Column("finished_at", sa.Text),
    sa.Column("state", sa.Text),
    sa.Index("sessions_by_user", "user", "created_at"),
)  # fmt: skip
TURNS = sa.Table(
    "turns", META,
    sa.Column("session_id", sa.String(32), sa.ForeignKey("sessions.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("question_id", sa.Text, nullable=False), sa.Column("kind", sa.Text, nullable=False),
    sa.Column("prompt", sa.Text, nullable=False), sa.Column("answer", sa.Text, nullable=False),
    sa.Column("grade", sa.Text, nullable=False), sa.Column("at", sa.Text, nullable=False),
    sa.Column("delivery", sa.Text),
)  # fmt: skip
BANKS = sa.Table(
    "banks", META,
    sa.Column("owner", sa.Text, primary_key=True), sa.Column("name", sa.Text, primary_key=True),
    sa.Column("markdown", sa.Text, nullable=False), sa.Column("answers", sa.Text),
    sa.Column("created_at", sa.Text, nullable=False),
)  # fmt: skip
NOTES = sa.Table(
    "notes", META,
    sa.Column("owner", sa.Text, primary_key=True), sa.Column("name", sa.Text, primary_key=True),
    sa.Column("text", sa.Text, nullable=False), sa.Column("digest", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
)  # fmt: skip
VERSION = sa.Table("interviewer_schema", META, sa.Column("version", sa.Integer, nullable=False))
SCHEMA_VERSION = 4  # 1: sessions + turns; 2: sessions.state (resumable sessions);
# 3: turns.delivery (how a spoken answer was delivered, JSON; NULL when typed);
# 4: banks and notes (a person's own question banks and notes files, sessions/banks.py
# and sessions/notes.py)
SESSION_COLUMNS = [c for c in SESSIONS.c if c.name != "state"]


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


def _sqlite_engine(path: Path, timeout: float) -> sa.Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": timeout,
                              "check_same_thread": False}, poolclass=sa.pool.NullPool)  # fmt: skip

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi: Any, _: Any) -> None:
        dbapi.isolation_level = None  # we issue BEGIN ourselves (below)
        dbapi.execute("PRAGMA journal_mode=WAL")
        dbapi.execute("PRAGMA synchronous=FULL")
        dbapi.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # take the write lock up front: no upgrade fails

    return engine


class History:
    def __init__(self, target: Path | str, timeout: float = 10.0) -> None:
        self.where = str(target).split("@")[-1]  # never show a password in messages
        try:
            if isinstance(target, str) and "://" in target:
                args = {"connect_timeout": max(1, int(timeout))}
                self.engine = sa.create_engine(target, pool_pre_ping=True, connect_args=args)
            else:
                self.engine = _sqlite_engine(Path(target), timeout)
            self._migrate()
        except (exc.SQLAlchemyError, OSError) as err:
            raise HistoryError(f"cannot use the history database at {self.where}: "
                               f"{_reason(err)}") from err  # fmt: skip

    def _migrate(self) -> None:
        with self.engine.begin() as db:
            tables = set(sa.inspect(db).get_table_names())
            if "interviewer_schema" in tables:
                version = int(db.execute(sa.select(VERSION.c.version)).scalar_one())
            else:  # a new database, or one made before versioning: infer from its columns
                version = SCHEMA_VERSION
                if "sessions" in tables:
                    columns = {c["name"] for c in sa.inspect(db).get_columns("sessions")}
                    version = 2 if "state" in columns else 1
                META.create_all(db)  # only what is missing
                db.execute(VERSION.insert().values(version=version))
            if version > SCHEMA_VERSION:
                raise HistoryError(f"the history database at {self.where} was written by a newer "
                                   "version of interviewer; upgrade the app")  # fmt: skip
            if version < 2:
                db.exec_driver_sql("ALTER TABLE sessions ADD COLUMN state TEXT")
            # By its columns, not the version: create_all above may have just made the table.
            if "delivery" not in {c["name"] for c in sa.inspect(db).get_columns("turns")}:
                db.exec_driver_sql("ALTER TABLE turns ADD COLUMN delivery TEXT")
            if version < 4:
                BANKS.create(db, checkfirst=True)
            NOTES.create(db, checkfirst=True)  # also for a version 4 made before notes existed
            db.execute(VERSION.update().values(version=SCHEMA_VERSION))

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """A connection in one transaction; database errors become a `HistoryError`."""
        try:
            with self.engine.begin() as db:
                yield db
        except exc.OperationalError as err:
            raise HistoryError(f"the history database at {self.where} is busy or unreachable: "
                               f"{_reason(err)}") from err  # fmt: skip
        except exc.DatabaseError as err:
            raise HistoryError(f"the history database at {self.where} is damaged: "
                               f"{_reason(err)}") from err  # fmt: skip

    def create_session(self, user: str, examiner: str, plan: dict[str, object], at: str,
                       state: dict[str, object] | None = None) -> str:  # fmt: skip
        session_id = uuid.uuid4().hex
        with self.transaction() as db:
            db.execute(SESSIONS.insert().values(
                id=session_id, user=user, created_at=at, examiner=examiner, plan=json.dumps(plan),
                state=json.dumps(state) if state is not None else None))  # fmt: skip
        return session_id

    def add_turn(self, session_id: str, turn: Turn, state: dict[str, object] | None = None) -> int:
        """Append a turn (and the interview's new position); durable when this returns."""
        with self.transaction() as db:
            seq = db.execute(sa.select(sa.func.coalesce(sa.func.max(TURNS.c.seq), 0) + 1)
                             .where(TURNS.c.session_id == session_id)).scalar_one()  # fmt: skip
            db.execute(TURNS.insert().values(
                session_id=session_id, seq=seq, question_id=turn.question_id, kind=turn.kind,
                prompt=turn.prompt, answer=turn.answer, grade=grade_to_json(turn.grade),
                at=turn.at, delivery=delivery_to_json(turn.delivery)))  # fmt: skip
            if state is not None:
                db.execute(SESSIONS.update().where(SESSIONS.c.id == session_id)
                           .values(state=json.dumps(state)))  # fmt: skip
        return int(seq)

    def update_grade(self, session_id: str, seq: int, grade: Grade) -> None:
        """Replace a saved turn's grade (a fact check that landed after the turn was saved)."""
        with self.transaction() as db:
            db.execute(TURNS.update().where(TURNS.c.session_id == session_id,
                                            TURNS.c.seq == seq)
                       .values(grade=grade_to_json(grade)))  # fmt: skip

    def save_state(self, session_id: str, state: dict[str, object]) -> None:
        with self.transaction() as db:
            db.execute(SESSIONS.update().where(SESSIONS.c.id == session_id)
                       .values(state=json.dumps(state)))  # fmt: skip

    def finish(self, session_id: str, at: str) -> None:
        with self.transaction() as db:
            db.execute(SESSIONS.update().where(SESSIONS.c.id == session_id).values(finished_at=at))

    def state(self, session_id: str) -> dict[str, Any] | None:
        rows = self.read(sa.select(SESSIONS.c.state).where(SESSIONS.c.id == session_id))
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def session(self, session_id: str, user: str | None = None) -> SessionInfo:
        """A session by id; with `user`, only if it belongs to that user."""
        rows = self.read(sa.select(*SESSION_COLUMNS).where(SESSIONS.c.id == session_id))
        if not rows or (user is not None and rows[0][1] != user):
            raise KeyError(session_id)
        return _info(rows[0])

    def sessions(self, user: str) -> list[SessionInfo]:
        rows = self.read(sa.select(*SESSION_COLUMNS).where(SESSIONS.c.user == user)
                          .order_by(SESSIONS.c.created_at))  # fmt: skip
        return [_info(r) for r in rows]

    def turns(self, session_id: str) -> list[Turn]:
        q = sa.select(*_TURN_COLUMNS).where(TURNS.c.session_id == session_id).order_by(TURNS.c.seq)
        return [_turn(r) for r in self.read(q)]

    def user_turns(self, user: str) -> list[tuple[str, Turn]]:
        """Every turn of a user, oldest first, with its session id."""
        q = (sa.select(TURNS.c.session_id, *_TURN_COLUMNS)
             .join(SESSIONS, SESSIONS.c.id == TURNS.c.session_id)
             .where(SESSIONS.c.user == user).order_by(TURNS.c.at, TURNS.c.seq))  # fmt: skip
        return [(r[0], _turn(r[1:])) for r in self.read(q)]

    def read(self, query: sa.Executable) -> list[Any]:
        """The rows of a query; database errors become a `HistoryError`."""
        try:
            with self.engine.connect() as db:
                return list(db.execute(query).all())
        except exc.DatabaseError as err:
            raise HistoryError(f"the history database at {self.where} cannot be read: "
                               f"{_reason(err)}") from err  # fmt: skip

    def close(self) -> None:
        self.engine.dispose()


_TURN_COLUMNS = [TURNS.c[name] for name in ("question_id", "kind", "prompt", "answer", "grade",
                                            "at", "delivery")]  # fmt: skip


def _turn(r: Any) -> Turn:
    return Turn(r[0], r[1], r[2], r[3], grade_from_json(r[4]), r[5], delivery_from_json(r[6]))


def _info(r: Any) -> SessionInfo:
    return SessionInfo(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5])


def _reason(err: BaseException) -> str:
    orig = getattr(err, "orig", None)
    return str(orig or err).splitlines()[0]
