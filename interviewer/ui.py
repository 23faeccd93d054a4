"""The browser UI: the only module that imports gradio.

`build_app(kb)` returns a `gr.Blocks` without launching it, so tests build it
with fakes and app.py launches it. This first version lets a person browse the
question bank with its reference answers and search the knowledge base; the
interview itself arrives with the examiner (not here yet).
"""

from __future__ import annotations

import re
from typing import Any

import gradio as gr

from .kb import KnowledgeBase


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


def build_app(kb: KnowledgeBase) -> gr.Blocks:
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
