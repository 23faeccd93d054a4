"""A person's own notes files, stored with their history (the `notes` table).

Each row is one uploaded file's readable text, keyed by owner and file name, with the
digest of that text (which version the notes index holds); saving a file under a name
it already has replaces it. Reading and checking files live in knowledge/own_notes.py,
indexing in retrieval/own_notes.py; the table and its migration in history.py, through
its public `transaction` and `read`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..domain import OwnNote
from .history import NOTES, History

_COLUMNS = [NOTES.c.owner, NOTES.c.name, NOTES.c.text, NOTES.c.digest, NOTES.c.created_at]


def save_note(history: History, note: OwnNote) -> None:
    """Store a notes file, replacing the owner's file of the same name in one transaction."""
    with history.transaction() as db:
        db.execute(NOTES.delete().where(NOTES.c.owner == note.owner, NOTES.c.name == note.name))
        db.execute(NOTES.insert().values(owner=note.owner, name=note.name, text=note.text,
                                         digest=note.digest,
                                         created_at=note.created_at))  # fmt: skip


def list_notes(history: History, owner: str) -> list[OwnNote]:
    """The owner's notes files, oldest first."""
    q = sa.select(*_COLUMNS).where(NOTES.c.owner == owner).order_by(NOTES.c.created_at,
                                                                     NOTES.c.name)  # fmt: skip
    return [_note(r) for r in history.read(q)]


def note_versions(history: History, owner: str) -> list[tuple[str, str]]:
    """(name, digest) of the owner's notes files, without reading their text."""
    q = sa.select(NOTES.c.name, NOTES.c.digest).where(NOTES.c.owner == owner)
    return [(r[0], r[1]) for r in history.read(q)]


def delete_note(history: History, owner: str, name: str) -> bool:
    with history.transaction() as db:
        gone = db.execute(NOTES.delete().where(NOTES.c.owner == owner, NOTES.c.name == name))
    return bool(gone.rowcount)


def _note(r: Any) -> OwnNote:
    return OwnNote(r[0], r[1], r[2], r[3], r[4])
