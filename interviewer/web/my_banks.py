"""The "My banks" tab's logic: upload, list and delete a person's own banks. No UI library.

An upload is a bank `.md` and an optional answers `.yaml`; both are read and checked
(knowledge/own_bank.py) before anything is saved, and every problem comes back as a
`file:line: message` line. The `MAX_BANKS` limit is checked here, against the stored
banks. Saving and indexing (with a progress callback) are retrieval/own_banks.py's.
Results are `Changes` keyed by ui.py's component names: the status line, the bank list,
the delete picker and the interview tab's section picker, whose own entries read
`bank › Section`. Uploaded text is shown through `views.plain`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..knowledge.own_bank import (
    MAX_BANKS,
    BankRejected,
    OwnBank,
    bank_name,
    build_bank,
    read_upload,
    section_label,
)
from ..retrieval.own_banks import OwnBanks
from . import views
from .ui_updates import Changes, update

Progress = Callable[[float, str], None]  # fraction done, what is happening


class MyBanks:
    def __init__(self, own: OwnBanks, builtin: dict[str, str], now: Callable[[], str]) -> None:
        self.own, self.builtin, self.now = own, builtin, now  # builtin: section -> slug

    def upload(self, user: str, md_path: str | None, yaml_path: str | None,
               progress: Progress | None = None) -> Changes:  # fmt: skip
        """Check, store and index a bank; on any problem nothing is saved."""
        if not md_path:
            return {**self.refresh(user), "bank_status": "⚠️ Choose a bank file (.md) first."}
        try:
            bank = self._checked(user, Path(md_path), Path(yaml_path) if yaml_path else None)
        except BankRejected as exc:
            lines = "\n".join(f"- `{line}`" if "`" not in line else f"- {views.plain(line)}"
                              for line in exc.errors)  # fmt: skip
            return {**self.refresh(user), "bank_status": f"❌ Not saved:\n\n{lines}"}

        def indexed(done: int, total: int) -> None:
            if progress is not None:
                progress(done / max(total, 1), f"Indexing {done} of {total} questions")

        if progress is not None:
            progress(0.0, "Indexing")
        n = self.own.add(bank, self.now(), indexed)
        authored = len(bank.answers)
        sections = len({q.section_slug for q in bank.questions})
        status = (f"✅ Saved **{views.plain(bank.name)}**: {n} questions in {sections} "
                  f"section(s), {authored} with an authored answer; indexed.")  # fmt: skip
        return {**self.refresh(user), "bank_status": status}

    def _checked(self, user: str, md: Path, yaml: Path | None) -> OwnBank:
        name = bank_name(md.name)
        if md.suffix.lower() not in (".md", ".markdown"):
            raise BankRejected([f"{md.name}: a bank is a Markdown file (.md)"])
        if yaml is not None and yaml.suffix.lower() not in (".yaml", ".yml"):
            raise BankRejected([f"{yaml.name}: an answers file is YAML (.yaml)"])
        names = [b.name for b in self.own.banks(user)]
        if name not in names and len(names) >= MAX_BANKS:
            raise BankRejected([f"{md.name}: you have {len(names)} banks, the most allowed; "
                                "delete one first"])  # fmt: skip
        markdown = read_upload(md, md.name)
        answers = read_upload(yaml, yaml.name) if yaml is not None else ""
        return build_bank(user, name, markdown, answers, md.name,
                          yaml.name if yaml else "answers.yaml")  # fmt: skip

    def delete(self, user: str, name: str | None) -> Changes:
        if not name:
            return {**self.refresh(user), "bank_status": "⚠️ Pick a bank to delete."}
        gone = self.own.delete(user, name)
        status = (f"🗑 Deleted **{views.plain(name)}**. Past sessions that used it stay in "
                  "History." if gone else f"⚠️ No bank named {views.plain(name)}.")  # fmt: skip
        return {**self.refresh(user), "bank_status": status}

    def refresh(self, user: str) -> Changes:
        banks = self.own.banks(user)
        names = [b.name for b in banks]
        return {"bank_list": bank_table(banks),
                "bank_pick": update(choices=names, value=names[-1] if names else None),
                "sections": update(choices=self.section_choices(banks))}  # fmt: skip

    def section_choices(self, banks: list[OwnBank]) -> list[tuple[str, str]]:
        """The bank's sections, then each own bank's as `bank › Section` (value: its slug)."""
        own = {q.section_slug: section_label(b.name, q.section) for b in banks
               for q in b.questions}  # fmt: skip
        return [*((s, s) for s in self.builtin), *((label, slug) for slug, label in own.items())]


def bank_table(banks: list[OwnBank]) -> str:
    if not banks:
        return "_No banks yet. Upload one above._"
    lines = ["| Bank | Sections | Questions | With an authored answer |", "|---|---|---|---|"]
    for b in banks:
        sections = ", ".join(dict.fromkeys(q.section for q in b.questions))
        lines.append(f"| {views.plain(b.name)} | {views.plain(sections)} | {len(b.questions)} "
                     f"| {len(b.answers)} |")  # fmt: skip
    return "\n".join(lines)
