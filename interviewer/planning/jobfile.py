"""Reading a job description: pasted text, or a .txt, .md or .pdf file.

Text files go through knowledge/textfiles.py (size cap, binary and encoding checks,
one clear message each). A PDF's text comes from poppler's `pdftotext`, a system
program (no PDF library is a dependency); without it, or for a scanned PDF with no
text layer, the message says to paste the text instead. It leaves out OCR and .docx.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..domain import KnowledgeError
from ..knowledge.textfiles import read_text

SUFFIXES = (".txt", ".md", ".markdown", ".pdf")
MAX_BYTES = 1024 * 1024  # a job ad is a few KB; a PDF with images a few hundred
MAX_CHARS = 50_000  # more text than any job ad; longer input is refused, not cut
PDF_SECONDS = 20


def check_text(text: str, where: str = "job description") -> str:
    """The text, stripped; ValueError with a clear message when it cannot be a job ad."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ValueError(f"{where} is empty: paste the job ad's text")
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"{where} is too long ({len(text):,} characters; the limit is {MAX_CHARS:,})"
        )
    if "\x00" in text:
        raise ValueError(f"{where} looks binary (contains NUL bytes), not text")
    if sum(c.isalpha() for c in text) < 20:
        raise ValueError(f"{where} has almost no words: paste the job ad's text")
    return text


def read_job_description(path: Path) -> str:
    """The text of a job-description file; KnowledgeError or ValueError naming the file."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise KnowledgeError(
            path, None, f"unsupported file type '{suffix or 'none'}' (use .txt, .md or .pdf)"
        )
    if suffix == ".pdf":
        return check_text(_pdf_text(path), str(path))
    return check_text(read_text(path, max_bytes=MAX_BYTES), str(path))


def _pdf_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KnowledgeError(path, None, f"cannot read file ({exc.strerror})") from exc
    if size > MAX_BYTES * 10:
        raise KnowledgeError(path, None, f"PDF is too large ({size:,} bytes)")
    with path.open("rb") as f:
        if f.read(5) != b"%PDF-":
            raise KnowledgeError(path, None, "not a PDF file (no %PDF- header)")
    exe = shutil.which("pdftotext")
    if exe is None:
        raise KnowledgeError(
            path,
            None,
            "reading PDFs needs poppler's pdftotext (apt install poppler-utils); "
            "or save the job ad as .txt",
        )
    try:
        done = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, timeout=PDF_SECONDS, check=False)  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise KnowledgeError(path, None, "reading the PDF took too long") from exc
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KnowledgeError(
            path, None, f"cannot read the PDF ({why[-1] if why else 'pdftotext failed'})"
        )
    text = done.stdout.decode("utf-8", "replace").replace("\f", "\n")
    if not text.strip():
        raise KnowledgeError(
            path, None, "the PDF has no text layer (a scan?): paste the job ad's text instead"
        )
    return text
