"""The skill vocabulary, and which bank questions practise each skill.

Skills come from interviewer/data/skills.yaml (bank topics, and common skills the
bank may not cover) plus the tech names in the bank's own question texts (`Flask-WTF`,
`JWT`, `url_for()`), so a new bank question brings its names with it. A skill's
questions are found by matching its pattern against each question's text (weight 3),
its other wordings (`asked_as`, 2) and its key points (1). A skill listed as outside
counts as covered only when two or more questions name it in their text:
a wording or key point that names it (a CORS question asked "from my React app")
is a passing mention, not practice. A name typed
by the person that the vocabulary does not know becomes a skill of its own, matched
as a phrase. It leaves out synonyms beyond the listed patterns and any learned model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

import yaml

from ..knowledge.answers import Knowledge

TEXT, WORDING, KEY_POINT = 3.0, 2.0, 1.0
OUTSIDE_MIN_QUESTIONS = 2
# Tech names in question texts: `code`, Flask-Xyz, CamelCase or inner capitals, acronyms.
_TECH = re.compile(r"(?<![\w-])([A-Z]\w*-[A-Z]\w*|[A-Za-z]+[A-Z0-9]\w*|[A-Z]{3,})")
_NOT_SKILLS = frozenset({"API", "APIs", "GET", "POST", "PUT", "with", "request", "session"})


@dataclass(frozen=True)
class SkillEntry:
    name: str
    pattern: re.Pattern[str]
    outside: bool = False  # a common skill the bank is not expected to cover
    custom: bool = False  # typed by the person, not in the vocabulary

    def finds(self, text: str) -> bool:
        return self.pattern.search(text) is not None


def compile_skill(match: str, case: bool = False) -> re.Pattern[str]:
    """Whole words only: "Flask" is not found in "Flask-Login", nor "Go" in "Google"."""
    return re.compile(rf"(?<![\w-])(?:{match})(?![\w-])", 0 if case else re.IGNORECASE)


def custom_skill(name: str) -> SkillEntry:
    words = [re.escape(w) for w in name.split()]
    return SkillEntry(name, compile_skill(r"[\s-]+".join(words) + "s?"), custom=True)


class Vocabulary:
    """Every skill the extractor knows, in file order (bank topics first)."""

    def __init__(self, entries: list[SkillEntry]) -> None:
        self.entries = entries
        self._by_name = {e.name.casefold(): e for e in entries}

    @classmethod
    def load(cls, knowledge: Knowledge) -> Vocabulary:
        data = yaml.safe_load(
            resources.files("interviewer.data").joinpath("skills.yaml").read_text("utf-8")
        )
        entries = [
            SkillEntry(
                str(d["name"]),
                compile_skill(str(d["match"]), bool(d.get("case"))),
                outside=kind == "outside",
            )
            for kind in ("bank", "outside")
            for d in data[kind]
        ]
        for name in bank_names(knowledge):
            if not any(e.finds(name) or e.name.casefold() == name.casefold() for e in entries):
                bare = name.removesuffix("()")
                entries.append(SkillEntry(name, compile_skill(re.escape(bare) + r"(\(\))?")))
        return cls(entries)

    def lookup(self, name: str) -> SkillEntry:
        """The entry named `name` (any case), the entry whose pattern is the whole name,
        or a custom skill: how a chip the person typed or edited is read back."""
        name = " ".join(name.split())
        if found := self._by_name.get(name.casefold()):
            return found
        for e in self.entries:
            m = e.pattern.fullmatch(name)
            if m is not None:
                return e
        return custom_skill(name)


def bank_names(knowledge: Knowledge) -> list[str]:
    seen: dict[str, str] = {}
    for q in knowledge.questions:
        parts = q.text.split("`")
        code = parts[1::2]  # the text between backticks
        prose = " ".join(parts[0::2])
        for name in [*code, *(m.group(1) for m in _TECH.finditer(prose))]:
            name = name.strip()
            if name not in _NOT_SKILLS and len(name) >= 3 and name.casefold() not in seen:
                seen[name.casefold()] = name
    return list(seen.values())


class SkillIndex:
    """Which answerable bank questions practise a skill, with how strongly (0..1]."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self._cache: dict[str, dict[str, float]] = {}

    @cached_property
    def _fields(self) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
        out = []
        for q in self.knowledge.answerable:
            ref = self.knowledge.answers[q.id]
            out.append((q.id, q.text, ref.asked_as, tuple(k.text for k in ref.key_points)))
        return out

    def questions(self, skill: SkillEntry) -> dict[str, float]:
        key = f"{skill.pattern.pattern}\x00{skill.pattern.flags}"
        if key not in self._cache:
            raw: dict[str, float] = {}
            for qid, text, wordings, points in self._fields:
                w = (TEXT * skill.finds(text)
                     + WORDING * any(map(skill.finds, wordings))
                     + KEY_POINT * any(map(skill.finds, points)))  # fmt: skip
                if w:
                    raw[qid] = w
            top = max(raw.values(), default=1.0)
            self._cache[key] = {qid: w / top for qid, w in raw.items()}
        return self._cache[key]

    def about(self, skill: SkillEntry) -> int:
        """How many questions name the skill in their bank text."""
        return sum(skill.finds(text) for _, text, _, _ in self._fields)

    def covered(self, skill: SkillEntry) -> bool:
        if skill.outside:
            return self.about(skill) >= OUTSIDE_MIN_QUESTIONS
        return bool(self.questions(skill))
