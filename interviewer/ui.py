"""The browser UI: the only module that imports gradio.

`build_app(kb, practice)` returns a `gr.Blocks` without launching it, so tests
build it with fakes and app.py launches it. Tabs: a typed practice interview
(feedback after each answer, saved to history before it is shown), the question
bank with reference answers, and knowledge search. Voice, history charts,
downloads and login are not here yet.
"""

from __future__ import annotations

import re
from typing import Any

import gradio as gr

from .kb import KnowledgeBase
from .practice import Practice, PracticeState


def _md_text(text: str) -> str:
    """Plain text inside Markdown: `__init__` must not turn into bold 'init'."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def question_markdown(kb: KnowledgeBase, question_id: str) -> str:
    ref = kb.store.reference(question_id)
    lines = [f"### {ref.question}", "", ref.answer, "", "**Rubric key points**", ""]
    lines += [f"- {_md_text(k.text)} _(weight {k.weight})_" for k in ref.key_points]
    lines += ["", "**Follow-up probes**", ""] + [f"- {_md_text(p.question)}" for p in ref.probes]
    return "\n".join(lines)


def search_rows(kb: KnowledgeBase, text: str, k: int = 8) -> list[list[Any]]:
    text = (text or "").strip()[:2000]
    if not text:
        return []
    return [
        [round(p.score, 3), p.kind, p.question_id or p.source, p.text[:300]]
        for p in kb.search(text, k=k)
    ]


def _interview_tab(kb: KnowledgeBase, practice: Practice) -> None:
    slugs = {q.section: q.section_slug for q in kb.knowledge.answerable}
    examiner = practice.engine.deps.examiner.name
    hint = (
        ""
        if examiner != "offline"
        else (" · set `INTERVIEWER_MODEL` (+ `OPENAI_BASE_URL`) to grade with an LLM")
    )
    gr.Markdown(f"Examiner: **{examiner}**{hint}")
    with gr.Row():
        sections = gr.Dropdown(list(slugs), multiselect=True, label="Sections (empty = all)")
        count = gr.Slider(1, 10, value=3, step=1, label="Questions")
        start = gr.Button("Start interview", variant="primary")
    state = gr.State(None)
    chat = gr.Chatbot(label="Interview", height=460)
    answer = gr.Textbox(label="Your answer", lines=4, placeholder="Type your answer…")
    submit = gr.Button("Submit answer")
    summary = gr.Markdown()

    def on_start(chosen: list[str], n: float) -> tuple[Any, ...]:
        st = practice.start([slugs[c] for c in chosen or []], int(n))
        return st, st.chat, "", ""

    def on_answer(st: PracticeState | None, text: str) -> tuple[Any, ...]:
        if st is None:
            gr.Warning("Start an interview first.")
            return st, [], text, ""
        if not (text or "").strip():
            gr.Warning("Type an answer first (or say “I don't know”).")
            return st, st.chat, text, ""
        st, _ = practice.answer(st, text)
        done = practice.summary_markdown(st) if st.interview.finished else ""
        return st, st.chat, "", done

    start.click(on_start, [sections, count], [state, chat, answer, summary])
    submit.click(on_answer, [state, answer], [state, chat, answer, summary])
    answer.submit(on_answer, [state, answer], [state, chat, answer, summary])


def build_app(kb: KnowledgeBase, practice: Practice | None = None) -> gr.Blocks:
    questions = kb.knowledge.answerable
    sections = list(dict.fromkeys(q.section for q in questions))
    by_section = {s: [q for q in questions if q.section == s] for s in sections}

    def choices(section: str) -> Any:
        qs = by_section.get(section, [])
        return gr.update(choices=[(q.text, q.id) for q in qs], value=qs[0].id if qs else None)

    def show(question_id: str | None) -> str:
        return question_markdown(kb, question_id) if question_id else ""

    app = gr.Blocks(title="Interviewer — Python & Flask")
    with app:
        gr.Markdown(
            "# Interviewer\nPython & Flask interview knowledge base: "
            f"{len(questions)} questions in {len(sections)} section"
            + ("" if len(sections) == 1 else "s")
            + "."
        )
        if practice is not None:
            with gr.Tab("Interview"):
                _interview_tab(kb, practice)
        with gr.Tab("Question bank"):
            section = gr.Dropdown(sections, value=sections[0], label="Section")
            first = by_section[sections[0]]
            question = gr.Dropdown(
                [(q.text, q.id) for q in first], value=first[0].id, label="Question"
            )
            answer = gr.Markdown(show(first[0].id))
            section.change(choices, section, question)
            question.change(show, question, answer)
        with gr.Tab("Search"):
            query = gr.Textbox(
                label="Search the knowledge base",
                placeholder="e.g. how does Flask protect against CSRF?",
            )
            table = gr.Dataframe(
                headers=["score", "kind", "question / source", "text"],
                datatype=["number", "str", "str", "str"],
                wrap=True,
                column_widths=["8%", "10%", "24%", "58%"],
            )
            query.submit(lambda t: search_rows(kb, t), query, table)
    return app
