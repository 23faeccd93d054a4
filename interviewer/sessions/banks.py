"""A person's own question banks, stored with their history (the `banks` table).

Each row is the bank's Markdown and answers YAML as uploaded, keyed by owner and bank
name; saving a bank under a name it already has replaces it. Past sessions keep their
turns (prompt, answer, grade), so deleting a bank never makes a session unreadable.
Parsing and limits live in knowledge/own_bank.py; the table and its migration in
history.py, through its public `transaction` and `read`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .history import BANKS, History


@dataclass(frozen=True)
class StoredBank:
    owner: str
    name: str
    markdown: str
    answers: str  # "" when no answers file was uploaded
    created_at: str


_COLUMNS = [BANKS.c.owner, BANKS.c.name, BANKS.c.markdown, BANKS.c.answers, BANKS.c.created_at]


def save_bank(history: History, bank: StoredBank) -> None:
    """Store a bank, replacing the owner's bank of the same name in the same transaction."""
    with history.transaction() as db:
        db.execute(BANKS.delete().where(BANKS.c.owner == bank.owner, BANKS.c.name == bank.name))
        db.execute(BANKS.insert().values(owner=bank.owner, name=bank.name,
                                         markdown=bank.markdown, answers=bank.answers or None,
                                         created_at=bank.created_at))  # fmt: skip


def list_banks(history: History, owner: str) -> list[StoredBank]:
    """The owner's banks, oldest first."""
    q = sa.select(*_COLUMNS).where(BANKS.c.owner == owner).order_by(BANKS.c.created_at)
    return [_bank(r) for r in history.read(q)]


def banks_named(history: History, name: str) -> list[StoredBank]:
    """Every owner's bank of this name (to find a question's bank from its id's hash)."""
    return [_bank(r) for r in history.read(sa.select(*_COLUMNS).where(BANKS.c.name == name))]


def delete_bank(history: History, owner: str, name: str) -> bool:
    with history.transaction() as db:
        gone = db.execute(BANKS.delete().where(BANKS.c.owner == owner, BANKS.c.name == name))
    return bool(gone.rowcount)


def _bank(r: Any) -> StoredBank:
    return StoredBank(r[0], r[1], r[2], r[3] or "", r[4])
