from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from interviewer.config import REPO_KNOWLEDGE
from interviewer.domain import KnowledgeError
from interviewer.knowledge.bank import load_banks, parse_bank

SEED = REPO_KNOWLEDGE / "banks" / "python-flask.md"


def test_seed_bank_has_90_questions_in_9_sections_of_10() -> None:
    questions = load_banks([REPO_KNOWLEDGE / "banks"])
    assert len(questions) == 90
    per_section = Counter(q.section for q in questions)
    assert len(per_section) == 9
    assert set(per_section.values()) == {10}
    assert len({q.id for q in questions}) == 90


def test_numbering_restart_and_inline_notes_are_handled() -> None:
    questions = {q.id: q for q in load_banks([SEED])}
    is_eq = questions["python-basics-03"]
    assert is_eq.text == "What is the difference between `is` and `==`?"
    assert is_eq.hints == ("`==`: value compare", "`is`: reference compare")
    # After the bullets the seed restarts at "1." — that question is the 4th of its section.
    assert questions["python-basics-04"].text.startswith("Explain Python’s data types")
    assert questions["python-basics-10"].text == "How does Python handle exceptions?"
    # Part 2 numbers run 1..30 across sections; ids use the position in the section.
    assert questions["flask-forms-and-requests-01"].text == "How do you handle form data in Flask?"
    assert questions["flask-forms-and-requests-01"].number == 1


def test_order_parts_and_sections_follow_the_file() -> None:
    questions = load_banks([SEED])
    assert questions[0].id == "python-basics-01"
    assert questions[0].part == "Basic Python Interview Questions"
    assert questions[-1].id == "security-and-testing-in-flask-10"
    assert questions[-1].part == "Advanced Flask Interview Questions"
    assert [q.number for q in questions[:10]] == list(range(1, 11))


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("## **P**\n### **S**\n1. What is this?\n", 3, "not a bold question"),
        ("## **P**\n1. **Loose question?**\n", 2, "outside a section"),
        ("## **P**\n### **Empty**\n\n### **S**\n1. **Q?**\n", 2, "has no questions"),
        ("### **S**\n1. **Q?**\n", 1, "before any part"),
        (
            "## **P**\n### **S**\n- stray note\n1. **Q?**\n",
            3,
            "before the section's first question",
        ),
    ],
)
def test_malformed_banks_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(KnowledgeError) as err:
        parse_bank(text, "bank.md")
    assert err.value.line == line
    assert fragment in str(err.value)
    assert str(err.value).startswith(f"bank.md:{line}:")


def test_file_without_questions_is_an_error() -> None:
    with pytest.raises(KnowledgeError, match="no questions found"):
        parse_bank("# Just a title\n\nSome prose.\n", "notes.md")


def test_extra_banks_add_questions_and_clashing_sections_are_errors(tmp_path: Path) -> None:
    extra = tmp_path / "extra.md"
    extra.write_text("## **Extra**\n### **Testing Tools**\n1. **What is pytest?**\n", "utf-8")
    questions = load_banks([SEED, extra])
    assert len(questions) == 91
    assert questions[-1].id == "testing-tools-01"

    clash = tmp_path / "clash.md"
    clash.write_text("## **Again**\n### **Python Basics**\n1. **Dup?**\n", "utf-8")
    with pytest.raises(KnowledgeError, match="already defined"):
        load_banks([SEED, clash])


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("## **P**\n### **Café**\n1. **Q?**\n".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_unreadable_bank_files_are_named(tmp_path: Path, content: bytes, fragment: str) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    with pytest.raises(KnowledgeError) as err:
        load_banks([bad])
    assert fragment in str(err.value)
    assert "bad.md" in str(err.value)


def test_huge_bank_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"## **P**\n" + b"x" * (6 * 1024 * 1024))
    with pytest.raises(KnowledgeError, match="too large"):
        load_banks([big])


def test_missing_bank_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="does not exist"):
        load_banks([tmp_path / "nope"])
