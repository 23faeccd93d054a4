from __future__ import annotations

import warnings
from pathlib import Path

from interviewer.config import Settings
from interviewer.engine import EngineDeps, InterviewEngine
from interviewer.retrieval.kb import KnowledgeBase
from interviewer.retrieval.own_banks import OwnBanks
from interviewer.sessions.history import History
from interviewer.web.practice import Practice
from interviewer.web.ui import UIDeps, build_app, launch_options, question_markdown, search_rows
from interviewer.web.views import md_text

from .fakes import FakeExaminer, HashingEmbedder


def test_app_builds_and_shows_reference_answers(tiny_settings: Settings, tmp_path: Path) -> None:
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    practice = Practice(InterviewEngine(EngineDeps(kb, FakeExaminer())),  # type: ignore[arg-type]
                        History(tmp_path / "h.sqlite"))  # fmt: skip
    app = build_app(UIDeps(kb, practice, exports_dir=tmp_path))
    assert app.title.startswith("Interviewer")
    md = question_markdown(kb, "core-ideas-02")
    assert "What does the GIL do?" in md and "first point about core-ideas-02" in md
    rows = search_rows(kb, "What is Flask?")
    assert rows[0][2] == "web-things-01"
    assert search_rows(kb, "   ") == []


def test_every_handler_takes_what_its_event_gives(tiny_settings: Settings, tmp_path: Path) -> None:
    # Gradio passes gr.Request only to a parameter annotated with it; an unannotated
    # `request` is taken for an input, warned about and filled with None (the local user).
    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    history = History(tmp_path / "h.sqlite")
    engine = InterviewEngine(EngineDeps(kb, FakeExaminer(), own=OwnBanks(history, kb.store)))  # type: ignore[arg-type]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_app(UIDeps(kb, Practice(engine, history), exports_dir=tmp_path))
    assert [str(w.message) for w in caught if "argument" in str(w.message)] == []


def test_rubric_text_is_shown_literally_in_markdown() -> None:
    assert md_text("__init__ <img src=x>") == r"\_\_init\_\_ \<img src=x\>"


def test_login_is_required_only_with_users() -> None:
    from interviewer.web.auth import Users

    assert "auth" not in launch_options(None)
    options = launch_options(Users({"ann": "pw"}))
    assert options["auth"]("ann", "pw") and not options["auth"]("ann", "no")
    assert ".score-fill" in options["css"]


def test_llm_feedback_streams_into_the_panel(tiny_settings: Settings, tmp_path: Path) -> None:
    import json

    import gradio as gr

    from interviewer.examiner.llm import LLMExaminer
    from interviewer.examiner.offline import OfflineExaminer
    from interviewer.retrieval.embeddings import CachedEmbedder
    from interviewer.web.ui import _InterviewTab

    from .fakes import FakeChatModel

    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    chat = FakeChatModel()
    chat.enqueue(json.dumps({"score": 3.5, "key_points": [{"index": 1, "hit": True}],
                             "good": "Clear on the first point.", "missing": "The second one.",
                             "tip": "Give an example.", "follow_up": ""}))  # fmt: skip
    examiner = LLMExaminer(chat, OfflineExaminer(CachedEmbedder(HashingEmbedder())))
    practice = Practice(InterviewEngine(EngineDeps(kb, examiner)), History(tmp_path / "h.sqlite"))
    with gr.Blocks():
        tab = _InterviewTab(UIDeps(kb, practice, exports_dir=tmp_path), practice)
    state = practice.start("local", [], 1)
    request = gr.Request(username=None)
    updates = list(tab.on_answer(state, "a first point about it", None, None, None, request))
    feedback = [u[tab.feedback] for u in updates if tab.feedback in u]
    assert "reading your answer" in feedback[0]
    assert any("**Good:** Clear on the first point." in f and "▍" in f for f in feedback[1:-1])
    assert "3.5<small> / 5" in updates[-1][tab.score]
    assert practice.history.turns(state.session_id)[0].grade.examiner == "llm:fake-model"


def test_an_answer_after_the_server_lost_the_tab_state_resumes_from_the_database(
    tiny_settings: Settings, tmp_path: Path
) -> None:
    import gradio as gr

    from interviewer.web.ui import _InterviewTab

    from .fakes import make_grade

    kb = KnowledgeBase.open(tiny_settings, HashingEmbedder())
    kb.ensure_index()
    examiner = FakeExaminer()
    practice = Practice(InterviewEngine(EngineDeps(kb, examiner)),  # type: ignore[arg-type]
                        History(tmp_path / "h.sqlite"))  # fmt: skip
    with gr.Blocks():
        tab = _InterviewTab(UIDeps(kb, practice, exports_dir=tmp_path), practice)
    started = practice.start("local", [], 2)
    examiner.enqueue(make_grade(3.0))
    request = gr.Request(username=None)
    (update,) = list(tab.on_answer(None, "an answer", started.session_id, None, None, request))
    assert update[tab.state].session_id == started.session_id
    assert len(practice.history.turns(started.session_id)) == 1
    (refused,) = list(tab.on_answer(None, "an answer", "not-a-session", None, None, request))
    assert tab.state not in refused and refused[tab.answer] == "an answer"
