"""A person's notes files, uploaded from the browser: checked, limited and cut into chunks.

The formats are `interviewer ingest`'s (documents.py: Markdown, reStructuredText, plain
text, HTML with its tags stripped) and so is the chunking. Limits: `MAX_BYTES` per file
and `MAX_NOTES` files per person (the latter counted by the caller, which knows the
stored files). Too large, binary, non-UTF-8 or empty files are refused with one
`file: message` line naming the uploaded file. It does not store (sessions/notes.py),
index or search (retrieval/own_notes.py) anything.
"""

from __future__ import annotations

from pathlib import Path

from ..domain import KnowledgeError, OwnNote
from .documents import SUFFIXES, chunk_text, digest, read_document
from .own_bank import MAX_BYTES

MAX_NOTES = 50
MAX_NAME = 80


class NotesRejected(ValueError):
    """Notes files that cannot be used; `errors` are `file: message` lines."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def note_name(filename: str) -> str:
    """The name a file is listed and cited under: its base name, shortened if long."""
    name = Path(filename).name.strip()
    if len(name) > MAX_NAME:
        stem, suffix = Path(name).stem, Path(name).suffix
        name = stem[: MAX_NAME - len(suffix)] + suffix
    return name


def read_note(path: Path, owner: str, at: str, shown: str | None = None) -> OwnNote:
    """An uploaded notes file as an `OwnNote`, or `NotesRejected` saying why not."""
    shown = note_name(shown or path.name)
    if path.suffix.lower() not in SUFFIXES:
        raise NotesRejected([f"{shown}: notes are {', '.join(sorted(SUFFIXES))} files"])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise NotesRejected([f"{shown}: file is too large ({size:,} bytes; the limit is "
                                 "1 MB per file)"])  # fmt: skip
        text = read_document(path)
    except KnowledgeError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise NotesRejected([f"{shown}{where}: {exc.message}"]) from exc
    except OSError as exc:
        raise NotesRejected([f"{shown}: cannot read the file ({exc.strerror})"]) from exc
    if not chunks_of(text):
        raise NotesRejected([f"{shown}: file has no readable text"])
    return OwnNote(owner, shown, text, digest(text), at)


def chunks_of(text: str) -> list[str]:
    return chunk_text(text)
