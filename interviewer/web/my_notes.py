"""The "My banks" tab's notes part: upload, list and delete a person's notes files. No UI library.

One upload may hold several files; every one is read and checked (knowledge/own_notes.py)
before any is saved, so a binary, non-UTF-8, empty or too large file leaves nothing
stored, and the `MAX_NOTES` limit is checked here against the stored files. Saving
and indexing (with a progress callback) are retrieval/own_notes.py's. Results are
`Changes` keyed by ui.py's component names: the status line, the notes list and the
delete picker. File names and errors are shown through `views.plain`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..domain import OwnNote
from ..knowledge.own_notes import MAX_NOTES, NotesRejected, chunks_of, read_note
from ..retrieval.own_notes import OwnNotes
from . import views
from .ui_updates import Changes, update

Progress = Callable[[float, str], None]  # fraction done, what is happening


class MyNotes:
    def __init__(self, notes: OwnNotes, now: Callable[[], str]) -> None:
        self.own, self.now = notes, now

    def upload(self, user: str, paths: Sequence[str] | None,
               progress: Progress | None = None) -> Changes:  # fmt: skip
        """Check every file, then store and index them all; on any problem nothing is saved."""
        if not paths:
            return {**self.refresh(user), "notes_status": "⚠️ Choose notes files first."}
        try:
            notes = self._checked(user, [Path(p) for p in paths])
        except NotesRejected as exc:
            lines = "\n".join(f"- {views.plain(line)}" for line in exc.errors)
            return {**self.refresh(user), "notes_status": f"❌ Not saved:\n\n{lines}"}
        total = sum(len(chunks_of(n.text)) for n in notes)
        done = 0
        if progress is not None:
            progress(0.0, "Indexing your notes")
        for note in notes:

            def indexed(n: int, _: int, before: int = done, name: str = note.name) -> None:
                if progress is not None:
                    progress((before + n) / max(total, 1), f"Indexing {name}")

            done += self.own.add(note, indexed)
        names = ", ".join(f"**{views.plain(n.name)}**" for n in notes)
        status = f"✅ Saved {names}: {done} passage(s) indexed."
        return {**self.refresh(user), "notes_status": status}

    def _checked(self, user: str, paths: list[Path]) -> list[OwnNote]:
        at = self.now()
        errors: list[str] = []
        notes: dict[str, OwnNote] = {}
        for path in paths:
            try:
                note = read_note(path, user, at)
                notes[note.name] = note  # the same name twice: the last one counts
            except NotesRejected as exc:
                errors.extend(exc.errors)
        if errors:
            raise NotesRejected(errors)
        stored = {n.name for n in self.own.notes(user)}
        after = len(stored | set(notes))
        if after > MAX_NOTES:
            raise NotesRejected([f"you would have {after} notes files; the most allowed is "
                                 f"{MAX_NOTES}, so delete some first"])  # fmt: skip
        return list(notes.values())

    def delete(self, user: str, name: str | None) -> Changes:
        if not name:
            return {**self.refresh(user), "notes_status": "⚠️ Pick a notes file to delete."}
        gone = self.own.delete(user, name)
        status = (f"🗑 Deleted **{views.plain(name)}**; questions without an answer no longer "
                  "use it." if gone else f"⚠️ No notes file named {views.plain(name)}.")  # fmt: skip
        return {**self.refresh(user), "notes_status": status}

    def refresh(self, user: str) -> Changes:
        notes = self.own.notes(user)
        names = [n.name for n in notes]
        pick = update(choices=names, value=names[-1] if names else None)
        return {"notes_list": notes_table(notes), "notes_pick": pick}


def notes_table(notes: list[OwnNote]) -> str:
    if not notes:
        return "_No notes yet. Upload some above._"
    lines = [f"| Notes file ({len(notes)} of {MAX_NOTES}) | Words | Added |", "|---|---|---|"]
    for n in notes:
        lines.append(f"| {views.plain(n.name)} | {len(n.text.split()):,} "
                     f"| {views.plain(n.created_at[:10])} |")  # fmt: skip
    return "\n".join(lines)
