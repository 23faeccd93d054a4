"""Text shown inside Markdown as it was written: candidate text literal, prompts safe.

`plain` escapes HTML and every Markdown mark, for text that is data (a candidate's
answer, an uploaded file's name). `prompt_markdown` is for the interviewer's prompts
from the bank: their `code` spans stay code, but a bare `__init__` shows as written
rather than as bold "init", HTML shows as typed, and in a challenge ("You said “…” —
are you sure? …") the candidate's quoted words go through `plain`. It renders nothing.
"""

from __future__ import annotations

import html
import re

_CODE_SPAN = re.compile(r"(`[^`\n]*`)")
_MARKS = re.compile(r"([\\*_{}\[\]<>#|])")
_CHALLENGE = re.compile(r"(You said “)(.*)(” — are you sure\? )(.*)", re.S)


def plain(text: str) -> str:
    """Text that Markdown renders literally (HTML escaped, Markdown punctuation escaped)."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", escaped).replace("\n", "  \n")
    # Break autolinking of bare URLs: the entity still shows ':' / '.', but nothing is a link.
    return re.sub(r"(?i)(\w):(?=//)", r"\1&#58;", escaped).replace("www.", "www&#46;")


def bank_markdown(text: str) -> str:
    """Our own prompt text: `code` spans kept as code, the rest shown as written."""
    return "".join(part if _CODE_SPAN.fullmatch(part) else _MARKS.sub(r"\\\1", part)
                   for part in _CODE_SPAN.split(text))  # fmt: skip


def prompt_markdown(text: str) -> str:
    """A bank prompt (question or follow-up) for the chat, the candidate's words literal."""
    m = _CHALLENGE.fullmatch(text)
    if m is None:
        return bank_markdown(text)
    return m.group(1) + plain(m.group(2)) + m.group(3) + bank_markdown(m.group(4))
