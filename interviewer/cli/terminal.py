"""A full text interview in the terminal, for people who live there.

Reads answers from standard input (finish an answer with an empty line; `/skip`
skips, `/quit` ends early), prints each grade with its key points and the
follow-up, then the summary. Each turn is handed to `save` before it is shown.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from ..domain import Turn
from ..engine import Interview, InterviewEngine
from ..sessions.summary import summarise


def read_answer(read_line: Callable[[], str]) -> str | None:
    """Lines until an empty one; None at end of input."""
    lines: list[str] = []
    while True:
        try:
            line = read_line()
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        lines.append(line)
        if line.strip() in ("/skip", "/quit"):
            return line.strip()


def show_turn(turn: Turn, out: TextIO) -> None:
    g = turn.grade
    out.write(f"\n  Score: {g.score:g}/{g.max_score:g}  ({g.examiner})\n")
    for k in g.key_points:
        out.write(f"   [{'x' if k.hit else ' '}] {k.text}\n")
    out.write(f"  {g.feedback}\n")


def run(
    engine: InterviewEngine,
    interview: Interview,
    read_line: Callable[[], str] = input,
    out: TextIO = sys.stdout,
    save: Callable[[Turn], None] | None = None,
) -> Interview:
    out.write(
        f"Interview: {len(interview.question_ids)} question(s). End each answer with an "
        "empty line; /skip to skip, /quit to stop.\n"
    )
    while (prompt := engine.prompt(interview)) is not None:
        label = (
            "Follow-up"
            if prompt.kind == "follow_up"
            else f"Question {prompt.number}/{prompt.total}"
        )
        out.write(f"\n{label}: {prompt.text}\n> ")
        out.flush()
        answer = read_answer(read_line)
        if answer is None or answer == "/quit":
            break
        if answer == "/skip":
            engine.skip(interview)
            continue
        turn = engine.answer(interview, answer)
        if save:
            save(turn)  # durable before the grade is shown
        show_turn(turn, out)
    s = summarise(interview.turns, engine.deps.kb.questions)
    out.write("\n=== Summary ===\n")
    if s.overall is None:
        out.write("No answers given.\n")
        return interview
    out.write(
        f"Overall: {s.overall:g}/5 over {s.answered} question(s), {s.follow_ups} follow-up(s)\n"
    )
    for section, mean in s.sections.items():
        out.write(f"  {section}: {mean:g}/5\n")
    if s.study:
        out.write("Study next:\n" + "".join(f"  - {item}\n" for item in s.study))
    return interview
