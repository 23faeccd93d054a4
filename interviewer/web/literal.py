"""Text shown inside Markdown as it was written: candidate text literal, prompts safe.

`plain` escapes HTML and every Markdown mark, for text that is data (a candidate's
answer, an uploaded file's name); `md_text` the marks of our own text (rubrics).
`prompt_markdown` is for the interviewer's prompts
from the bank: their `code` spans stay code, but a bare `__init__` shows as written
rather than as bold "init", HTML shows as typed, and in a challenge ("You said “…” —
are you sure? …") the candidate's quoted words go through `plain`. It renders nothing.
"""

from __future__ import annotations

import html
import re

_CODE_SPAN = re.compile(r"(`[^`\n]*`)")
_CHALLENGE = re.compile(r"(You said “)(.*)(” — are you sure\? )(.*)", re.S)


def plain(text: str) -> str:
    """Text that Markdown renders literally (HTML escaped, Markdown punctuation escaped)."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", escaped).replace("\n", "  \n")
    # Break autolinking of bare URLs: the entity still shows ':' / '.', but nothing is a link.
    return re.sub(r"(?i)(\w):(?=//)", r"\1&#58;", escaped).replace("www.", "www&#46;")


def md_text(text: str) -> str:
    """Our own text (rubrics) inside Markdown: `__init__` must not turn into bold 'init'."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def bank_markdown(text: str) -> str:
    """Our own prompt text: `code` spans kept as code, the rest through `md_text`."""
    return "".join(part if _CODE_SPAN.fullmatch(part) else md_text(part)
                   for part in _CODE_SPAN.split(text))  # fmt: skip


def prompt_markdown(text: str) -> str:
    """A bank prompt (question or follow-up) for the chat, the candidate's words literal."""
    m = _CHALLENGE.fullmatch(text)
    if m is None:
        return bank_markdown(text)
    return m.group(1) + plain(m.group(2)) + m.group(3) + bank_markdown(m.group(4))
