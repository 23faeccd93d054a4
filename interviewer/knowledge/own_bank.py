"""A person's own question bank, uploaded from the browser: checked, limited and namespaced.

A bank is a Markdown file in the seed's format (bank.py) with, optionally, an answers
YAML in the knowledge format (answers.py); both are validated with `file:line` messages
naming the uploaded file. Limits: `MAX_BYTES` per file, `MAX_QUESTIONS` per bank,
`MAX_BANKS` per person (the last is counted by the caller, which knows the stored banks).
Ids are namespaced so they never meet the built-in bank's or another person's:
`u-<owner hash>-<bank slug>--<section slug>-NN`. In the answers file a question keeps
its plain id (`<section slug>-NN`), as in the built-in knowledge. Questions without an
answer are kept: they are graded against the person's notes (examiner/notes_reference.py).
It does not store (sessions/banks.py), index (retrieval/own_index.py) or grade anything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..domain import KnowledgeError, Question, ReferenceAnswer
from .answers import parse_answers
from .bank import parse_bank, slugify
from .fields import Errors
from .textfiles import read_text

MAX_BYTES = 1024 * 1024
MAX_QUESTIONS = 300
MAX_BANKS = 20
MAX_NAME = 40
PREFIX = "u-"
_OWN_ID = re.compile(r"^u-(?P<owner>[0-9a-f]{8})-(?P<bank>[a-z0-9-]+?)--(?P<rest>.+)$")


class BankRejected(ValueError):
    """An upload that cannot be used; `errors` are `file:line: message` lines."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class OwnBank:
    owner: str
    name: str  # the bank's slug, from its file name
    markdown: str
    answers_yaml: str = ""  # "" when no answers file was given
    questions: tuple[Question, ...] = ()
    answers: Mapping[str, ReferenceAnswer] = field(default_factory=dict)  # by namespaced id


def owner_key(owner: str) -> str:
    return hashlib.sha256(owner.encode()).hexdigest()[:8]


def id_prefix(owner: str, name: str) -> str:
    return f"{PREFIX}{owner_key(owner)}-{name}--"


def split_id(question_id: str) -> tuple[str, str, str] | None:
    """(owner hash, bank slug, plain id) of an own-bank question or section id; else None."""
    m = _OWN_ID.match(question_id)
    return (m["owner"], m["bank"], m["rest"]) if m else None


def is_own(question_id: str) -> bool:
    return split_id(question_id) is not None


def section_label(bank: str, section: str) -> str:
    return f"{bank} › {section}"


def label_from_id(question_id: str) -> str:
    """A readable section for an id whose bank is gone: `bank › section-slug`."""
    parts = split_id(question_id)
    if parts is None:
        return question_id
    return section_label(parts[1], re.sub(r"-\d+$", "", parts[2]))


def bank_name(filename: str) -> str:
    name = slugify(Path(filename).stem)[:MAX_NAME].strip("-")
    if not name:
        raise BankRejected([f"{filename}: the file name needs letters or digits (it names the "
                            "bank)"])  # fmt: skip
    return name


def read_upload(path: Path, shown: str) -> str:
    """An uploaded file's text; too large, empty, binary or not UTF-8 is a `BankRejected`."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise KnowledgeError(shown, None, f"file is too large ({size:,} bytes; the limit "
                                 "is 1 MB per file)")  # fmt: skip
        return read_text(path, MAX_BYTES)
    except KnowledgeError as exc:
        raise BankRejected([f"{shown}{_where(exc)}: {exc.message}"]) from exc
    except OSError as exc:
        raise BankRejected([f"{shown}: cannot read the file ({exc.strerror})"]) from exc


def build_bank(owner: str, name: str, markdown: str, answers_yaml: str = "",
               md_name: str = "bank.md", yaml_name: str = "answers.yaml") -> OwnBank:  # fmt: skip
    """The bank with namespaced ids and its answers, or `BankRejected` with every problem."""
    try:
        plain = parse_bank(markdown, md_name)
    except KnowledgeError as exc:
        raise BankRejected([f"{md_name}{_where(exc)}: {exc.message}"]) from exc
    if len(plain) > MAX_QUESTIONS:
        raise BankRejected([f"{md_name}: {len(plain)} questions; a bank may have at most "
                            f"{MAX_QUESTIONS}"])  # fmt: skip
    prefix = id_prefix(owner, name)
    questions = tuple(replace(q, id=prefix + q.id, section_slug=prefix + q.section_slug,
                              source=md_name) for q in plain)  # fmt: skip
    answers = _answers(prefix, plain, answers_yaml, yaml_name) if answers_yaml.strip() else {}
    return OwnBank(owner, name, markdown, answers_yaml, questions, answers)


def _answers(prefix: str, plain: list[Question], text: str,
             yaml_name: str) -> dict[str, ReferenceAnswer]:  # fmt: skip
    errors = Errors()
    by_id = {q.id: q for q in plain}
    out: dict[str, ReferenceAnswer] = {}
    for a in parse_answers(errors, Path(yaml_name), text):
        if not a.question_id:
            continue
        if a.question_id not in by_id:
            errors.add(Path(yaml_name), a.line,
                       f"no question in the bank has id '{a.question_id}' (ids are "
                       f"<section-slug>-NN, e.g. '{plain[0].id}')")  # fmt: skip
        elif prefix + a.question_id in out:
            errors.add(Path(yaml_name), a.line, f"duplicate id '{a.question_id}'")
        else:
            out[prefix + a.question_id] = replace(a, question_id=prefix + a.question_id,
                                                  source=yaml_name)  # fmt: skip
    if errors:
        raise BankRejected([f"{yaml_name}{_where(e)}: {e.message}" for e in errors])
    return out


def _where(exc: KnowledgeError) -> str:
    return f":{exc.line}" if exc.line else ""
