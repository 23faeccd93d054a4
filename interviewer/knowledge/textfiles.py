"""Read a user-supplied text file safely: size cap, binary and encoding checks.

Every file a person gives us (banks, answer files, documents to ingest) passes
through here so the messages are the same everywhere. It does not parse formats.
"""

from __future__ import annotations

from pathlib import Path

from ..domain import KnowledgeError

MAX_BYTES = 5 * 1024 * 1024


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """Return the file's text, or raise KnowledgeError naming the file."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KnowledgeError(path, None, f"cannot read file ({exc.strerror})") from exc
    if size > max_bytes:
        raise KnowledgeError(
            path, None, f"file is too large ({size:,} bytes; the limit is {max_bytes:,})"
        )
    data = path.read_bytes()
    if not data.strip():
        raise KnowledgeError(path, None, "file is empty")
    if b"\x00" in data[:8192]:
        raise KnowledgeError(path, None, "file looks binary (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KnowledgeError(
            path, line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
