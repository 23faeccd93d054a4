"""Own notes files: upload checks and limits, storage and its table on open, indexing per
owner (no one sees another's notes), delete, re-indexing a wiped store, the grading line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from interviewer.config import Settings, _database_url
from interviewer.domain import OwnNote
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.examiner.notes_reference import NO_REFERENCE
from interviewer.examiner.offline import OfflineExaminer
from interviewer.knowledge.own_bank import build_bank
from interviewer.knowledge.own_notes import MAX_NOTES, NotesRejected, read_note
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.retrieval.notes_store import OWN_NOTES, own_notes_collection
from interviewer.retrieval.own_banks import OwnBanks
from interviewer.sessions.history import META, NOTES, History
from interviewer.sessions.notes import delete_note, list_notes, save_note
from interviewer.web.my_notes import MyNotes

from .fakes import HashingEmbedder
from .system_deps import database_url
from .test_own_banks import BANK, write
from .test_own_banks import NOTES as NOTES_TEXT

NOW = "2026-01-01T00:00:00+00:00"


@pytest.fixture
def parts(tiny_settings: Settings, tmp_path: Path) -> tuple[KnowledgeBase, History, OwnBanks]:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    history = History(tmp_path / "h.sqlite")
    return kb, history, OwnBanks(history, kb.store)


def my_notes(own: OwnBanks) -> MyNotes:
    return MyNotes(own.notes, lambda: NOW)


def blueprints_question(own: OwnBanks, owner: str) -> str:
    own.add(build_bank(owner, "my-flask", BANK, "", "my-flask.md"), NOW)
    return next(q.id for q in own.questions(owner) if "blueprints" in q.id)


def test_files_too_large_binary_not_utf8_empty_or_of_another_type_are_refused(
    tmp_path: Path,
) -> None:
    cases = {"big.md": b"x" * (1024 * 1024 + 1), "bin.txt": b"abc\x00def",
             "latin.rst": "caf\xe9 notes".encode("latin-1"), "empty.md": b"  \n",
             "tags-only.html": b"<html><script>x()</script></html>",
             "notes.pdf": b"%PDF"}  # fmt: skip
    messages = {}
    for name, data in cases.items():
        with pytest.raises(NotesRejected) as exc:
            read_note(write(tmp_path, name, data), "ann", NOW)
        messages[name] = exc.value.errors[0]
    assert "the limit is 1 MB per file" in messages["big.md"]
    assert "binary" in messages["bin.txt"] and "empty" in messages["empty.md"]
    assert messages["latin.rst"].startswith("latin.rst:1: file is not valid UTF-8")
    assert messages["tags-only.html"] == "tags-only.html: file has no readable text"
    assert messages["notes.pdf"].startswith("notes.pdf: notes are .htm, .html, .markdown")
    html = read_note(write(tmp_path, "page.html", "<p>Blueprints <b>group</b> views</p>"),
                     "ann", NOW)  # fmt: skip
    assert html.text == "Blueprints group views" and html.name == "page.html"


def test_one_bad_file_in_an_upload_saves_none_of_them(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    _, _, own = parts
    good = write(tmp_path, "flask-blueprints.md", NOTES_TEXT)
    bad = write(tmp_path, "scan.txt", b"\x89PNG\x00\x00")
    out = my_notes(own).upload("ann", [str(good), str(bad)])
    assert out["notes_status"].startswith("❌ Not saved") and "scan.txt: file looks binary" in (
        out["notes_status"])  # fmt: skip
    assert own.notes.notes("ann") == [] and out["notes_list"].startswith("_No notes yet")
    assert my_notes(own).upload("ann", None)["notes_status"].startswith("⚠️ Choose")


def test_the_fifty_first_notes_file_is_refused_but_replacing_one_is_not(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    _, history, own = parts
    for i in range(MAX_NOTES):
        save_note(history, OwnNote("ann", f"n{i:02d}.md", "text", "d", NOW))
    out = my_notes(own).upload("ann", [str(write(tmp_path, "one-more.md", NOTES_TEXT))])
    assert "you would have 51 notes files; the most allowed is 50" in out["notes_status"]
    out = my_notes(own).upload("ann", [str(write(tmp_path, "n07.md", NOTES_TEXT))])
    assert out["notes_status"].startswith("✅ Saved **n07.md**")
    assert len(own.notes.notes("ann")) == MAX_NOTES


def test_storage_replaces_by_name_and_deletes(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite")
    save_note(h, OwnNote("ann", "a.md", "one", "d1", "2026-01-01"))
    save_note(h, OwnNote("ann", "a.md", "two", "d2", "2026-01-02"))
    save_note(h, OwnNote("bob", "a.md", "three", "d3", "2026-01-03"))
    assert [(n.text, n.digest) for n in list_notes(h, "ann")] == [("two", "d2")]
    assert delete_note(h, "ann", "a.md") and not delete_note(h, "ann", "a.md")
    assert list_notes(h, "ann") == [] and len(list_notes(h, "bob")) == 1


def test_a_version_4_sqlite_database_without_the_notes_table_gains_it(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite"
    h = History(path)
    sid = h.create_session("ann", "offline", {}, NOW)
    with h.engine.begin() as db:
        NOTES.drop(db)
    h.close()
    h = History(path)
    save_note(h, OwnNote("ann", "a.md", "one", "d1", NOW))
    assert [n.name for n in list_notes(h, "ann")] == ["a.md"] and h.session(sid).user == "ann"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM interviewer_schema").fetchone() == (4,)


@pytest.mark.needs("postgresql")
def test_a_version_4_postgresql_database_without_the_notes_table_gains_it() -> None:
    url = _database_url(database_url())
    if not url:
        pytest.skip("needs TEST_DATABASE_URL (a PostgreSQL database the tests may wipe)")
    engine = sa.create_engine(url)
    with engine.begin() as db:
        META.drop_all(db)
    History(url).close()
    with engine.begin() as db:
        NOTES.drop(db)
    h = History(url)
    save_note(h, OwnNote("ann", "a.md", "one", "d1", NOW))
    assert [n.name for n in list_notes(h, "ann")] == ["a.md"]
    h.close()
    engine.dispose()


def test_notes_grade_only_their_owners_questions_and_deleting_stops_that(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    kb, _, own = parts
    engine = InterviewEngine(EngineDeps(kb, OfflineExaminer(HashingEmbedder()), own=own))
    ann, bob = blueprints_question(own, "ann"), blueprints_question(own, "bob")
    seen: list[float] = []
    out = my_notes(own).upload("ann", [str(write(tmp_path, "flask-blueprints.md", NOTES_TEXT))],
                               lambda f, _: seen.append(f))  # fmt: skip
    assert out["notes_status"] == "✅ Saved **flask\\-blueprints.md**: 1 passage(s) indexed."
    assert seen[0] == 0.0 and seen[-1] == 1.0 and "flask\\-blueprints.md" in out["notes_list"]
    ref, line = engine.graded_against(ann)
    assert line == "Graded against your notes: flask-blueprints.md."
    assert ref.source == "notes" and "registered on the app" in ref.answer
    assert engine.graded_against(bob)[1] == NO_REFERENCE  # bob never sees ann's notes
    assert all(p.metadata["owner"] == "ann" for p in own.notes.nearest("ann", "blueprints", 5))
    assert own.notes.nearest("bob", "blueprints", 5) == []
    kb.store.replace_document("/shared/flask-blueprints-guide.md", [NOTES_TEXT], "d1")
    assert engine.graded_against(bob)[1] == "Graded against your notes: flask-blueprints-guide.md."
    out = my_notes(own).delete("ann", "flask-blueprints.md")
    assert out["notes_status"].startswith("🗑 Deleted **flask\\-blueprints.md**")
    assert out["notes_list"].startswith("_No notes yet")
    assert own.notes.nearest("ann", "blueprints", 5)[0].source.startswith("/shared/")
    col = own_notes_collection(kb.store.client, kb.store.ef)
    assert col.get(where={"owner": "ann"})["ids"] == []
    assert my_notes(own).delete("ann", "flask-blueprints.md")["notes_status"].startswith("⚠️")


def test_a_wiped_store_is_indexed_again_from_the_database(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    kb, history, own = parts
    question = blueprints_question(own, "ann")
    my_notes(own).upload("ann", [str(write(tmp_path, "flask-blueprints.md", NOTES_TEXT))])
    kb.store.client.delete_collection(OWN_NOTES)
    fresh = OwnBanks(history, kb.store)  # a new process: nothing known to be indexed
    assert fresh.reference(question)[1] == "Graded against your notes: flask-blueprints.md."
    assert own_notes_collection(kb.store.client, kb.store.ef).count() == 1


def test_uploaded_file_names_are_shown_escaped(
    parts: tuple[KnowledgeBase, History, OwnBanks], tmp_path: Path
) -> None:
    _, _, own = parts
    odd = write(tmp_path, "<img src=x onerror=alert(1)>.md", NOTES_TEXT)
    out = my_notes(own).upload("ann", [str(odd)])
    assert "<img" not in out["notes_status"] + out["notes_list"]
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;.md" in out["notes_list"]
