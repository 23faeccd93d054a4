"""People's own banks as the interview sees them: questions, references, which grading applies.

`OwnBanks` joins the stored banks (sessions/banks.py, parsed by knowledge/own_bank.py,
parsed once per stored version), their Chroma collections (own_index.py) and the notes
(own_notes.py: the bank owner's uploaded files and the notes everyone shares from
`interviewer ingest`). `add` stores a checked bank and indexes it with progress;
`delete` removes both. A question's reference is its authored answer when the answers
file has one, else one made from the nearest notes (examiner/notes_reference.py), and
comes with the line the feedback shows about it. It holds no UI and grades nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..domain import Question, ReferenceAnswer
from ..examiner.notes_reference import AUTHORED, notes_reference
from ..knowledge.own_bank import OwnBank, build_bank, owner_key, split_id
from ..sessions.banks import StoredBank, banks_named, delete_bank, list_banks, save_bank
from ..sessions.history import History
from .own_index import authored, collection_name, drop_bank, has_bank, index_bank
from .own_notes import OwnNotes
from .store import KnowledgeStore

NOTES_DEPTH = 6


class OwnBanks:
    def __init__(self, history: History, store: KnowledgeStore) -> None:
        self.history, self.store = history, store
        self.notes = OwnNotes(history, store)
        self._parsed: dict[tuple[str, str, str], OwnBank] = {}
        self._lock = threading.Lock()

    def banks(self, owner: str) -> list[OwnBank]:
        return [self._parse(s) for s in list_banks(self.history, owner)]

    def questions(self, owner: str) -> list[Question]:
        return [q for b in self.banks(owner) for q in b.questions]

    def question(self, question_id: str) -> Question | None:
        bank = self._bank_of(question_id)
        return next((q for q in bank.questions if q.id == question_id), None) if bank else None

    def reference(self, question_id: str) -> tuple[ReferenceAnswer, str]:
        """What to grade an answer against, and the line saying so; KeyError if unknown."""
        bank = self._bank_of(question_id)
        question = self.question(question_id)
        if bank is None or question is None:
            raise KeyError(question_id)
        name = collection_name(bank.owner, bank.name)
        ref = authored(self.store.client, self.store.ef, name, question_id)
        if ref is None and question_id in bank.answers:  # not indexed (yet): the stored file
            ref = bank.answers[question_id]
        if ref is not None:
            return ref, AUTHORED
        hits = self.notes.nearest(bank.owner, question.text, NOTES_DEPTH)
        return notes_reference(question, hits)

    def add(self, bank: OwnBank, at: str,
            progress: Callable[[int, int], None] | None = None) -> int:  # fmt: skip
        """Store the bank (replacing one of the same name), then index it."""
        save_bank(self.history, StoredBank(bank.owner, bank.name, bank.markdown,
                                           bank.answers_yaml, at))  # fmt: skip
        return self._index(bank, progress)

    def delete(self, owner: str, name: str) -> bool:
        drop_bank(self.store.client, collection_name(owner, name))
        return delete_bank(self.history, owner, name)

    def _index(self, bank: OwnBank, progress: Callable[[int, int], None] | None = None) -> int:
        return index_bank(self.store.client, self.store.ef, self.store.embedder,
                          collection_name(bank.owner, bank.name), bank.questions, bank.answers,
                          progress)  # fmt: skip

    def _bank_of(self, question_id: str) -> OwnBank | None:
        parts = split_id(question_id)
        if parts is None:
            return None
        key, name, _ = parts
        found = [s for s in banks_named(self.history, name) if owner_key(s.owner) == key]
        return self._parse(found[0]) if found else None

    def _parse(self, stored: StoredBank) -> OwnBank:
        key = (stored.owner, stored.name, stored.created_at)
        with self._lock:
            bank = self._parsed.get(key)
        if bank is None:  # stored banks were checked on upload: this parse does not fail
            bank = build_bank(stored.owner, stored.name, stored.markdown, stored.answers,
                              f"{stored.name}.md", f"{stored.name}.yaml")  # fmt: skip
            if not has_bank(self.store.client, collection_name(stored.owner, stored.name)):
                self._index(bank)  # a Chroma store wiped or new: index from the stored text
            with self._lock:
                self._parsed[key] = bank
        return bank
