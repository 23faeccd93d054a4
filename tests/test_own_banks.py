"""Own question banks: upload checks and limits, namespaced ids, storage and its migration,
indexing, which grading applies, and past sessions staying readable after a delete."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from interviewer.config import Settings, _database_url
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.notes_reference import AUTHORED, NO_REFERENCE
from interviewer.examiner.offline import OfflineExaminer
from interviewer.knowledge.own_bank import (
    MAX_BANKS,
    BankRejected,
    build_bank,
    is_own,
    read_upload,
    split_id,
)
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.retrieval.own_banks import OwnBanks
from interviewer.retrieval.own_index import collection_name, has_bank
from interviewer.sessions.banks import StoredBank, delete_bank, list_banks, save_bank
from interviewer.sessions.history import BANKS, META, SCHEMA_VERSION, VERSION, History
from interviewer.web.interview_tab import InterviewTab
from interviewer.web.my_banks import MyBanks
from interviewer.web.practice import Practice
from interviewer.web.ui_deps import UIDeps

from .fakes import HashingEmbedder
from .system_deps import database_url

BANK = """# My Flask bank

## **1. Flask**

### **1.1 Routing**

1. **How does Flask match a URL to a view function?**
   - think about the url map
2. **What does <img src=x onerror=alert(1)> do in `url_for`?**

### **1.2 Blueprints**

1. **Why would you split a Flask app into blueprints?**
"""
ANSWERS = """section: routing
title: Routing
answers:
  - id: routing-01
    question: How does Flask match a URL to a view function?
    answer: |
      Flask keeps a URL map built from the route decorators. When a request arrives, Werkzeug
      matches its path and method against the rules in that map, converts variable parts
      and Flask calls the view function registered for the endpoint.
    key_points:
      - text: route decorators register rules in a URL map
        weight: 2
      - text: Werkzeug matches the request path and method against the rules
        weight: 2
      - text: variable parts are converted and passed to the view
        weight: 1
    probes:
      - question: What happens when no rule matches?
        key_points:
          - text: Flask answers 404 Not Found
            weight: 1
"""
NOTES = (
    "Blueprints split a Flask app into blueprints that group views, templates and static "
    "files. Each blueprint is registered on the app with a URL prefix. Large apps split "
    "into blueprints stay organised because each feature owns its routes."
)


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.fixture
def parts(tiny_settings: Settings, tmp_path: Path) -> tuple[KnowledgeBase, History, OwnBanks]:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    history = History(tmp_path / "h.sqlite")
    return kb, history, OwnBanks(history, kb.store)


def my_banks(own: OwnBanks) -> MyBanks:
    return MyBanks(own, {"Core Ideas": "core-ideas"}, lambda: "2026-01-01T00:00:00+00:00")


def test_a_bank_gets_ids_namespaced_by_owner_and_bank() -> None:
    ann = build_bank("ann", "my-flask", BANK, ANSWERS, "my-flask.md", "my-flask.yaml")
    bob = build_bank("bob", "my-flask", BANK, "", "my-flask.md")
    ids = [q.id for q in ann.questions]
    assert ids[0].startswith("u-") and ids[0].endswith("-my-flask--routing-01")
    assert len(ids) == 3 and not set(ids) & {q.id for q in bob.questions}
    assert all(is_own(i) for i in ids) and not is_own("routing-01")
    assert split_id(ids[2]) == (ids[2][2:10], "my-flask", "blueprints-01")
    assert list(ann.answers) == [ids[0]] and ann.answers[ids[0]].question_id == ids[0]
    assert ann.questions[0].hints == ("think about the url map",)


def test_errors_name_the_uploaded_file_and_line() -> None:
    bad = BANK.replace("2. **What does", "2. What does")
    with pytest.raises(BankRejected) as exc:
        build_bank("ann", "b", bad, "", "mine.md")
    assert exc.value.errors == ["mine.md:9: numbered line is not a bold question "
                                "(expected `N. **...**`)"]  # fmt: skip
    wrong_id = ANSWERS.replace("id: routing-01", "id: routing-09")
    with pytest.raises(BankRejected) as exc:
        build_bank("ann", "b", BANK, wrong_id, "mine.md", "mine.yaml")
    assert exc.value.errors[0].startswith("mine.yaml:4: no question in the bank has id")
    with pytest.raises(BankRejected) as exc:
        build_bank("ann", "b", BANK, "answers: [\n  - id: [", "mine.md", "mine.yaml")
    assert exc.value.errors[0].startswith("mine.yaml:") and "invalid YAML" in exc.value.errors[0]


def test_files_too_large_binary_not_utf8_or_empty_are_refused(tmp_path: Path) -> None:
    cases = {"big.md": b"x" * (1024 * 1024 + 1), "bin.md": b"abc\x00def",
             "latin.md": "## **caf\xe9**".encode("latin-1"), "empty.md": b"  \n"}  # fmt: skip
    messages = {}
    for name, data in cases.items():
        with pytest.raises(BankRejected) as exc:
            read_upload(write(tmp_path, name, data), name)
        messages[name] = exc.value.errors[0]
    assert "the limit is 1 MB per file" in messages["big.md"]
    assert "binary" in messages["bin.md"] and "empty" in messages["empty.md"]
    assert messages["latin.md"].startswith("latin.md:1: file is not valid UTF-8")


def test_a_bank_of_more_than_300_questions_is_refused() -> None:
    many = "## **P**\n### **S**\n" + "".join(f"{i}. **Q{i}?**\n" for i in range(1, 302))
    with pytest.raises(BankRejected, match="301 questions; a bank may have at most 300"):
        build_bank("ann", "big", many)


def test_storage_replaces_by_name_and_deletes(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    save_bank(h, StoredBank("ann", "a", "md1", "", "2026-01-01"))
    save_bank(h, StoredBank("ann", "a", "md2", "y", "2026-01-02"))
    save_bank(h, StoredBank("bob", "a", "md3", "", "2026-01-03"))
    assert [(b.markdown, b.answers) for b in list_banks(h, "ann")] == [("md2", "y")]
    assert delete_bank(h, "ann", "a") and not delete_bank(h, "ann", "a")
    assert list_banks(h, "ann") == [] and len(list_banks(h, "bob")) == 1


def _downgrade_to_3(engine: sa.Engine) -> None:
    with engine.begin() as db:
        BANKS.drop(db)
        db.execute(VERSION.update().values(version=3))


def test_a_version_3_sqlite_database_gains_the_banks_table(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    h = History(path)
    sid = h.create_session("ann", "offline", {}, "2026-01-01")
    _downgrade_to_3(h.engine)
    h.close()
    h = History(path)
    save_bank(h, StoredBank("ann", "a", "md", "", "2026-01-01"))
    assert [b.name for b in list_banks(h, "ann")] == ["a"] and h.session(sid).user == "ann"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM interviewer_schema").fetchone() == (4,)
    assert SCHEMA_VERSION == 4


@pytest.mark.needs("postgresql")
def test_a_version_3_postgresql_database_gains_the_banks_table() -> None:
    url = _database_url(database_url())
    if not url:
        pytest.skip("needs TEST_DATABASE_URL (a PostgreSQL database the tests may wipe)")
    engine = sa.create_engine(url)
    with engine.begin() as db:
        META.drop_all(db)
    History(url).close()
    _downgrade_to_3(engine)
    h = History(url)
    save_bank(h, StoredBank("ann", "a", "md", "", "2026-01-01"))
    assert [b.name for b in list_banks(h, "ann")] == ["a"]
    with engine.connect() as db:
        assert db.execute(sa.select(VERSION.c.version)).scalar_one() == 4
    h.close()
    engine.dispose()


def test_upload_checks_everything_before_saving_and_indexes_with_progress(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    kb, _, own = parts
    logic = my_banks(own)
    bad = write(tmp_path, "bad.md", BANK.replace("1. **Why", "1. Why"))
    out = logic.upload("ann", str(bad), None)
    assert "bad.md:13: numbered line" in out["bank_status"] and own.banks("ann") == []
    seen: list[float] = []
    md, yml = write(tmp_path, "my-flask.md", BANK), write(tmp_path, "my-flask.yaml", ANSWERS)
    out = logic.upload("ann", str(md), str(yml), lambda f, _: seen.append(f))
    assert out["bank_status"].startswith("✅ Saved") and "1 with an authored answer" in (
        out["bank_status"])  # fmt: skip
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert has_bank(kb.store.client, collection_name("ann", "my-flask"))
    labels = [label for label, _ in out["sections"].props["choices"]]
    assert labels == ["Core Ideas", "my-flask › Routing", "my-flask › Blueprints"]
    assert logic.refresh("bob")["bank_list"].startswith("_No banks yet")
    assert "&lt;img" not in out["bank_list"] and "my\\-flask" in out["bank_list"]


def test_the_twenty_first_bank_is_refused(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    _, history, own = parts
    for i in range(MAX_BANKS):
        save_bank(history, StoredBank("ann", f"b{i}", BANK, "", f"2026-01-01T00:{i:02d}"))
    out = my_banks(own).upload("ann", str(write(tmp_path, "one-more.md", BANK)), None)
    assert "you have 20 banks, the most allowed" in out["bank_status"]
    assert len(own.banks("ann")) == MAX_BANKS


def test_each_question_says_which_grading_applies_and_deleting_keeps_history(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    kb, history, own = parts
    own.add(build_bank("ann", "my-flask", BANK, ANSWERS, "my-flask.md"), "2026-01-01")
    engine = InterviewEngine(EngineDeps(kb, OfflineExaminer(HashingEmbedder()), own=own))
    practice = Practice(engine, history)
    [routing, odd, blueprints] = [q.id for q in own.questions("ann")]
    assert engine.graded_against(routing)[1] == AUTHORED
    assert engine.graded_against(blueprints)[1] == NO_REFERENCE
    kb.store.replace_document("/notes/flask-blueprints.md", [NOTES], "d1")
    ref, line = engine.graded_against(blueprints)
    assert line == "Graded against your notes: flask-blueprints.md."
    assert ref.key_points and all("blueprint" in k.text.lower() for k in ref.key_points)
    with pytest.raises(ValueError, match="unknown section"):  # not bob's to ask
        practice.start("bob", [routing.rsplit("-", 1)[0]], 1)
    st = practice.start("ann", [], 3, question_ids=[routing, odd, blueprints])
    st, fb = practice.answer(st, "Route decorators register rules in a URL map; Werkzeug "
                             "matches the path and method against the rules.")  # fmt: skip
    assert fb is not None and AUTHORED in fb.feedback and fb.model_answer.startswith("Flask")
    while st.interview.pending_probe is not None:  # a follow-up is graded the same way
        st, fb = practice.answer(st, "A 404.")
        assert fb is not None and AUTHORED in fb.feedback
    asked = next(m["content"] for m in st.chat if "url" in m["content"])
    assert "<img" not in asked and "&lt;img src=x onerror=alert\\(1\\)&gt;" in asked
    st, fb = practice.answer(st, "I would not know.")
    assert fb is not None and "No reference answer" in fb.feedback
    assert fb.model_answer == "_No model answer for this question._"
    st, fb = practice.answer(st, "Blueprints group views and each is registered with a prefix.")
    assert fb is not None and "Graded against your notes: flask\\-blueprints.md" in fb.feedback
    assert own.delete("ann", "my-flask") and own.questions("ann") == []
    assert not has_bank(kb.store.client, collection_name("ann", "my-flask"))
    data = json.loads(practice.export_file("ann", st.session_id, "json", tmp_path).read_text())
    assert data["turns"][0]["graded_against"] == AUTHORED
    md = practice.export_file("ann", st.session_id, "md", tmp_path).read_text()
    assert "How does Flask match a URL" in md and "my-flask › routing" in md
    assert practice.progress_rows("ann")
    own.add(build_bank("ann", "my-flask", BANK, ANSWERS, "my-flask.md"), "2026-01-02")
    unfinished = practice.start("ann", [], 1, question_ids=[routing]).session_id
    own.delete("ann", "my-flask")
    with pytest.raises(KeyError):  # its questions are gone: it cannot go on, but it is listed
        practice.resume("ann", unfinished)
    tab = InterviewTab(UIDeps(kb, practice), practice)
    assert tab.load("ann", unfinished)["resume_row"].props == {"visible": False}
