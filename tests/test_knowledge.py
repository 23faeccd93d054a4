from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.config import REPO_KNOWLEDGE, Settings
from interviewer.domain import KnowledgeError
from interviewer.knowledge.answers import Knowledge, MissingAnswer, check_knowledge, load_knowledge

from .conftest import answer_entry


def _check(root: Path) -> list[str]:
    _, errors = check_knowledge([root / "banks"], root / "answers")
    return [str(e) for e in errors]


def test_tiny_knowledge_is_valid(tiny_knowledge: Path) -> None:
    knowledge = load_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers")
    assert set(knowledge.answers) == {"core-ideas-01", "core-ideas-02", "web-things-01"}
    ref = knowledge.answers["core-ideas-02"]
    assert [k.weight for k in ref.key_points] == [3, 2, 1]
    assert ref.examples[0].hits == (0, 1)  # 1-based in the file, 0-based in the domain
    assert ref.probes[0].key_points[0].text == "it matters because of core-ideas-02"


def test_missing_answer_is_reported_with_the_bank_line(tiny_knowledge: Path) -> None:
    (tiny_knowledge / "answers" / "web-things.yaml").unlink()
    errors = _check(tiny_knowledge)
    assert len(errors) == 1
    assert "tiny.md:14: missing reference answer for 'web-things-01'" in errors[0]


def test_extra_and_duplicate_entries_are_reported(tiny_knowledge: Path) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    f.write_text(
        f.read_text("utf-8")
        + answer_entry("web-things-01", "What is Flask?")
        + answer_entry("web-things-09", "What is Flask?"),
        "utf-8",
    )
    errors = _check(tiny_knowledge)
    assert any("duplicate id 'web-things-01'" in e and "web-things.yaml:" in e for e in errors)
    assert any("extra answer" in e and "web-things-09" in e for e in errors)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("weight: 3", "weight: 7", "weight"),
        ("score: 4.5", "score: 4.2", "steps of 0.5"),
        ("hits: [1, 2]", "hits: [1, 9]", "key point numbers"),
        ("  probes:", "  colour: blue\n  probes:", "unknown field(s): colour"),
        ('question: "What is Flask?"', 'question: "What is Django?"', "differs from the bank"),
    ],
)
def test_malformed_entries_name_file_and_line(
    tiny_knowledge: Path, old: str, new: str, fragment: str
) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    f.write_text(f.read_text("utf-8").replace(old, new, 1), "utf-8")
    errors = _check(tiny_knowledge)
    assert len(errors) == 1, errors
    assert fragment in errors[0]
    path_line = errors[0].split(": ")[0]
    assert path_line.startswith(str(f) + ":") and path_line.rsplit(":", 1)[1].isdigit()


def test_too_few_key_points_is_reported(tiny_knowledge: Path) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    text = f.read_text("utf-8")
    start = text.index("    - text: second point")
    end = text.index("  probes:")
    f.write_text(text[:start] + text[end:], "utf-8")
    errors = _check(tiny_knowledge)
    assert any("3 to 6 items" in e for e in errors)


def test_invalid_yaml_reports_its_line(tiny_knowledge: Path) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    f.write_text("section: web-things\nanswers:\n  - id: [unclosed\n", "utf-8")
    errors = _check(tiny_knowledge)
    assert any("invalid YAML" in e and str(f) in e for e in errors)


def test_non_utf8_answers_file_is_named(tiny_knowledge: Path) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    f.write_bytes("answer: café".encode("latin-1"))
    errors = _check(tiny_knowledge)
    assert any("not valid UTF-8" in e and "web-things.yaml" in e for e in errors)


def _shipped() -> tuple[Knowledge, list[KnowledgeError]]:
    return check_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers")


def test_shipped_knowledge_files_are_valid() -> None:
    knowledge, errors = _shipped()
    assert [e for e in errors if not isinstance(e, MissingAnswer)] == []
    assert knowledge.answers
    for ref in knowledge.answers.values():
        assert 3 <= len(ref.key_points) <= 6
        assert 1 <= len(ref.probes) <= 3
        assert 3 <= len(ref.examples) <= 5
        assert 60 <= len(ref.answer.split()) <= 260, ref.question_id


_MISSING = sorted({e.message.split("'")[1].rsplit("-", 1)[0] for e in _shipped()[1]
                   if isinstance(e, MissingAnswer)})  # fmt: skip


@pytest.mark.xfail(
    bool(_MISSING), strict=True,
    reason=f"reference answers not yet written for: {', '.join(_MISSING)}",
)  # fmt: skip
def test_shipped_knowledge_is_complete() -> None:
    knowledge, errors = _shipped()
    assert errors == []
    assert len(knowledge.answers) == 90


def test_missing_answers_are_fatal_only_when_strict(tiny_knowledge: Path) -> None:
    (tiny_knowledge / "answers" / "web-things.yaml").unlink()
    with pytest.raises(MissingAnswer):
        load_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers")
    knowledge = load_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers", strict=False)
    assert len(knowledge.questions) == 3
    assert [q.id for q in knowledge.answerable] == ["core-ideas-01", "core-ideas-02"]
    f = tiny_knowledge / "answers" / "core-ideas.yaml"
    f.write_text(f.read_text("utf-8").replace("weight: 3", "weight: 9", 1), "utf-8")
    with pytest.raises(Exception, match="weight"):
        load_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers", strict=False)


def test_other_wordings_are_loaded_and_validated(tiny_knowledge: Path) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    base = f.read_text("utf-8")
    f.write_text(base + "  asked_as:\n    - What's the Flask microframework?\n"
                 "    - Why pick Flask?\n", encoding="utf-8")  # fmt: skip
    knowledge = load_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers")
    wordings = knowledge.answers["web-things-01"].asked_as
    assert wordings == ("What's the Flask microframework?", "Why pick Flask?")
    f.write_text(base + "  asked_as: just one string\n", encoding="utf-8")
    errors = _check(tiny_knowledge)
    assert len(errors) == 1 and "'asked_as' must be a list" in errors[0]


def test_misconceptions_are_loaded_and_validated(tiny_knowledge: Path) -> None:
    f = tiny_knowledge / "answers" / "web-things.yaml"
    base = f.read_text("utf-8")
    good = ("  misconceptions:\n    - claim: Flask is only meant for tiny apps\n"
            "      correction: Micro means a small core, not small applications\n"
            "      key_point: 2\n")  # fmt: skip
    f.write_text(base + good, encoding="utf-8")
    knowledge = load_knowledge([tiny_knowledge / "banks"], tiny_knowledge / "answers")
    (m,) = knowledge.answers["web-things-01"].misconceptions
    assert m.claim == "Flask is only meant for tiny apps" and m.key_point == 1  # 0-based
    f.write_text(base + good.replace("key_point: 2", "key_point: 9"), encoding="utf-8")
    errors = _check(tiny_knowledge)
    assert len(errors) == 1 and "web-things.yaml:" in errors[0]
    assert "'key_point' must be a number 1..3" in errors[0]
    f.write_text(
        base + good.replace("Micro means a small core, not small applications", "Not so"),
        encoding="utf-8",
    )
    errors = _check(tiny_knowledge)
    assert any("'correction' must be at least 4 words" in e for e in errors)
    item = good.split("\n", 1)[1]  # one "- claim: ..." entry
    f.write_text(base + "  misconceptions:\n" + item * 13, encoding="utf-8")
    errors = _check(tiny_knowledge)
    assert len(errors) == 1 and "'misconceptions' must be a list of up to 12" in errors[0]


def test_shipped_misconceptions_survive_the_store_round_trip() -> None:
    from interviewer.retrieval.records import reference_from_json, reference_to_json

    s = Settings(home=Path("/nonexistent"), knowledge_dir=REPO_KNOWLEDGE)
    knowledge = load_knowledge(s.bank_paths, s.answers_dir)
    with_claims = [r for r in knowledge.answers.values() if r.misconceptions]
    assert len(with_claims) == 90
    for ref in with_claims:
        assert reference_from_json(reference_to_json(ref)) == ref
