"""The skills a job description asks for, and which of them the question bank covers.

The text is read line by line (bullets, paragraphs, Markdown headings). Every
vocabulary pattern is matched; where two matches overlap the longer wins ("SQL
injection" over "SQL", "Flask-SQLAlchemy" over "Flask"). A skill's mentions are
counted, and a skill seen only under a heading such as "Nice to have" or "Bonus"
is optional. Skills come out in the order a plan should serve them: required before
optional, specific before broad ("Python", "Flask" match dozens of questions), then
by mentions and first appearance. It leaves out reading the job's seniority, years of
experience and soft skills.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..domain import JobSkill
from .vocabulary import SkillEntry, SkillIndex, Vocabulary

# A skill matching more questions than this is an umbrella ("Python"), served last.
BROAD = 15
_OPTIONAL = re.compile(
    r"nice[- ]to[- ]have|bonus|\bplus\b|preferred|desirable|would be great|not required",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")


@dataclass
class Found:
    """One skill as found in the text, before it becomes a JobSkill."""

    entry: SkillEntry
    mentions: int = 0
    required: int = 0  # mentions outside optional sections
    first: int = 0  # character offset of the first mention


def _heading(line: str) -> bool:
    """A section heading: Markdown `#`, a bold line, or a short line ending with a colon."""
    s = line.strip()
    if not s or _BULLET.match(line):
        return False
    if s.startswith("#") or (s.startswith("**") and s.endswith("**")):
        return True
    return len(s) <= 60 and (s.endswith(":") or (len(s.split()) <= 5 and s[-1] not in ".,;"))


def find_skills(text: str, vocabulary: Vocabulary) -> list[Found]:
    """Every vocabulary skill in the text, in order of first mention."""
    found: dict[str, Found] = {}
    optional = False
    offset = 0
    for line in text.splitlines():
        if _heading(line):
            # Each heading starts a section; only a "nice to have"-like one is optional.
            optional = bool(_OPTIONAL.search(line))
        spans: list[tuple[int, int, SkillEntry]] = []
        for entry in vocabulary.entries:
            spans.extend((m.start(), m.end(), entry) for m in entry.pattern.finditer(line))
        taken: list[tuple[int, int]] = []
        for start, end, entry in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            f = found.setdefault(entry.name, Found(entry, first=offset + start))
            f.mentions += 1
            f.required += not optional
        offset += len(line) + 1
    return sorted(found.values(), key=lambda f: f.first)


def job_skills(found: Iterable[Found], index: SkillIndex) -> list[JobSkill]:
    """Found skills in serving order, each marked covered by the bank or not."""
    rows = []
    for f in found:
        covered = index.covered(f.entry)
        broad = len(index.questions(f.entry)) > BROAD
        skill = JobSkill(f.entry.name, covered, f.mentions, optional=not f.required)
        rows.append(((not f.required, broad, -f.mentions, f.first), skill))
    rows.sort(key=lambda r: r[0])
    return [skill for _, skill in rows]


def extract(text: str, vocabulary: Vocabulary, index: SkillIndex) -> list[JobSkill]:
    return job_skills(find_skills(text, vocabulary), index)


def from_names(names: Iterable[str], vocabulary: Vocabulary,
               index: SkillIndex) -> list[JobSkill]:  # fmt: skip
    """Skills as the person edited them (chips): known names keep their entry, others are
    matched as phrases. The order given is kept; duplicates and blanks are dropped."""
    out: list[JobSkill] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(str(raw).split())[:80]
        if not name:
            continue
        entry = vocabulary.lookup(name)
        if entry.name.casefold() in seen:
            continue
        seen.add(entry.name.casefold())
        out.append(JobSkill(entry.name, index.covered(entry)))
    return out
