"""What the web app shows, as Markdown/HTML strings and plain rows. No UI library.

Candidate text always passes through `plain()` (web/literal.py) so Markdown or HTML
in an answer is displayed as typed, never rendered (no links, images or scripts); so
do its words quoted back in a follow-up. Questions are phrased as an interviewer would
say them; `speakable()` strips the markup before text is read aloud. Charts are drawn
by ui.py from the rows made here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ..domain import Grade, Question, ReferenceAnswer, Turn
from ..examiner.code_answer import code_of, fence, split, syntax_error
from ..sessions.export import delivery_line, delivery_summary
from ..sessions.summary import Summary, summarise
from .literal import md_text as md_text  # callers use views.md_text and views.plain
from .literal import plain as plain
from .literal import prompt_markdown

summary_of = summarise  # the history tab's per-session numbers
LLM_HINT = "Offline examiner · set INTERVIEWER_MODEL (and OPENAI_BASE_URL / OPENAI_API_KEY) to grade with an LLM"  # noqa: E501

_OPENERS = (
    "Let's start with {section}. {q}",
    "Next, on {section}: {q}",
    "Moving on to {section}. {q}",
    "Here's one on {section}. {q}",
    "Let's switch to {section}. {q}",
)
_FOLLOW = ("Let me dig a little deeper. {q}", "Follow-up: {q}", "One more on that. {q}")


def masthead(questions: int, sections: int, examiner: str) -> str:
    """The page's heading: the bank's size, and which examiner grades ("offline" or a model)."""
    if examiner == "offline":
        hint = LLM_HINT
    elif examiner.startswith("offline+"):
        hint = f"Examiner: offline, facts checked by `{examiner.removeprefix('offline+')}`"
    else:
        hint = f"Examiner: LLM `{examiner}` (offline fallback)"
    return (f"# Interviewer\nPython & Flask mock interviews · {questions} questions in "
            f"{sections} sections · {hint}")  # fmt: skip


def footer(knowledge_version: str) -> str:
    """The page's footer: which version of the reference answers grades and teaches."""
    return f"<sub>Knowledge version {knowledge_version}</sub>"


def answer_markdown(text: str) -> str:
    """A candidate's answer: prose through `plain()`, fenced code blocks shown as code.

    The fence is rebuilt longer than any backtick run inside, so the code cannot end it
    and turn the rest into Markdown; inside a code block HTML is shown, not rendered."""
    return "\n\n".join(fence(p.text, p.language) if p.code else plain(p.text)
                       for p in split(text))  # fmt: skip


def code_check(code: str) -> str:
    """The line under the code editor: the syntax error, if the code does not parse."""
    error = syntax_error(code)
    return f"⚠️ Syntax error, {plain(error)}. You can still submit." if error else ""


def code_note(answer: str) -> str:
    """A feedback paragraph when the answer's code did not parse ("" otherwise)."""
    error = syntax_error(code_of(answer))
    return f"\n\n⚠️ _Your code does not parse as Python ({plain(error)})._" if error else ""


def spoken_question(kind: str, text: str, number: int, total: int, section: str,
                    untrusted: bool = False) -> str:  # fmt: skip
    """The prompt as the interviewer says it (question text keeps its `code` spans; an
    uploaded bank's text is `untrusted` and shown literally)."""
    text, section = (plain(text), plain(section)) if untrusted else (prompt_markdown(text),
                                                                     section)  # fmt: skip
    if kind == "follow_up":
        return _FOLLOW[number % len(_FOLLOW)].format(q=text)
    if kind == "retry":
        return f"Sure, have another go. {text}"
    lead = "Let's start with {section}. {q}" if number == 1 else _OPENERS[number % 4 + 1]
    return f"**{number}/{total}** · " + lead.format(section=section, q=text)


def speakable(markdown: str) -> str:
    """Markdown → words to read aloud."""
    text = html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown))  # escaped marks
    text = re.sub(r"\*\*\d+/\d+\*\* · ", "", text)
    text = re.sub(r"[`*_#>]", "", text)
    return text.replace("==", " double equals ").strip()


def quoted(markdown: str) -> str:
    return "\n".join(f"> {line}" for line in markdown.split("\n"))


def score_bar(score: float, max_score: float = 5.0) -> str:
    filled = int(score * 2)
    return "●" * (filled // 2) + ("◐" if filled % 2 else "") + "○" * (5 - (filled + 1) // 2)


def score_html(grade: Grade, previous: float | None = None) -> str:
    pct = 100 * grade.score / grade.max_score
    hue = int(pct * 1.2)  # 0 red → 120 green
    delta = ""
    if previous is not None:
        change = grade.score - previous
        delta = f" <span class='delta'>({'+' if change >= 0 else ''}{change:g} vs first try)</span>"
    return (
        f"<div class='score' role='img' aria-label='score {grade.score:g} of {grade.max_score:g}'>"
        f"<div class='score-num'>{grade.score:g}<small> / {grade.max_score:g}</small>{delta}</div>"
        f"<div class='score-track'><div class='score-fill' style='width:{pct:.0f}%;"
        f"background:hsl({hue},70%,42%)'></div></div></div>"
    )


def checklist(grade: Grade) -> str:
    lines = []
    for k in grade.key_points:
        mark = "✓" if k.hit else "✗"
        quote = k.evidence if len(k.evidence) <= 140 else k.evidence[:137].rstrip() + "…"
        why = f" — _“{plain(quote)}”_" if k.hit and k.evidence else ""
        lines.append(f"- {mark} {md_text(k.text)}{why}")
    return "\n".join(lines) or "_No rubric points for this one._"


# A fact-check line: the candidate's words (shown literally), then the truth from the rubric.
# Greedy, so the last separator is the examiner's own even if the quote contains one.
_CORRECTED = re.compile(
    r"^((?:Not correct|Doubtful|A common misconception): “.*” (?:In fact|The reference says): )"
    r"(.+)$"
)


def rubric_text(text: str) -> str:
    """The rubric's own words with their `code` spans shown as code; the rest literal."""
    parts = re.split(r"(`[^`\n]+`)", text)
    return "".join(p if p.startswith("`") and p.endswith("`") and len(p) > 1 else plain(p)
                   for p in parts)  # fmt: skip


def feedback_body(feedback: str) -> str:
    """The examiner's feedback, literal except the corrections' code spans."""
    out = []
    for line in feedback.split("\n"):
        m = _CORRECTED.match(line)
        out.append(plain(m.group(1)) + rubric_text(m.group(2)) if m else plain(line))
    return "  \n".join(out)


def feedback_markdown(grade: Grade) -> str:
    lines = [feedback_body(grade.feedback)]
    if grade.basis:  # an own bank's question: say what it was graded against
        lines += ["", f"ℹ️ _{plain(grade.basis)}_"]
    if "llm-fallback" in grade.flags:
        lines += ["", "ℹ️ _The LLM examiner was unreachable, so the offline examiner graded "
                  "this answer._"]  # fmt: skip
    if grade.fact_check == "pending":
        lines += ["", CHECKING]
    elif grade.fact_check.startswith("not checked"):
        lines += ["", f"ℹ️ _Facts {plain(grade.fact_check)}; the offline examiner's grade "
                  "stands._"]  # fmt: skip
    elif grade.fact_check == "checked" and grade.claims:
        lines += ["", f"ℹ️ _Facts checked sentence by sentence: {checked_summary(grade)}._"]
    if grade.confidence < 0.5:
        why = ("the LLM and the offline examiner disagreed" if grade.examiner.startswith("llm")
               else "the score and the key points found disagree")  # fmt: skip
        lines += ["", f"⚠️ _Low confidence: {why} on this answer._"]
    return "\n".join(lines)


def checked_summary(grade: Grade) -> str:
    """What the claim check found, in words that agree with the score it left."""
    n, wrong = len(grade.claims), sum(c.false for c in grade.claims)
    if "mostly-false" in grade.flags and wrong:
        return f"{wrong} of the {n} judged false, and the answer as a whole, so the score is capped"
    if "mostly-false" in grade.flags:
        return f"the model doubts most of the {n} sentences, so the score is capped"
    said = f"{wrong or 'none'} of the {n} judged false" if n > 1 else (
        f"its one sentence was {'' if wrong else 'not '}judged false")  # fmt: skip
    if "doubtful" in grade.flags:
        return f"{said}, but the model doubts the answer as a whole, so it scores lower"
    return said


_FIELD = r'"{name}"\s*:\s*"((?:[^"\\]|\\.)*)'


CHECKING = "⏳ _Checking facts… the score may change when the check is done._"


def checking_note(done: int, total: int) -> str:
    counted = f" ({done} of {total} sentences)" if total else ""
    return f"⏳ _Checking facts…{counted}_"


def streaming_feedback(partial_json: str) -> str:
    """What an LLM examiner has written so far, from its unfinished JSON reply."""
    parts = []
    for name, label in (("good", "Good"), ("missing", "Missing"), ("tip", "Tip")):
        m = re.search(_FIELD.format(name=name), partial_json)
        if m:
            text = m.group(1).replace('\\"', '"').replace("\\n", " ")
            parts.append(f"**{label}:** {plain(text)}")
    return "\n\n".join(parts) + " ▍" if parts else "_The examiner is reading your answer…_"


def grade_markdown(grade: Grade) -> str:
    """A compact grade for the chat transcript (the panel beside it has the details)."""
    hit = sum(k.hit for k in grade.key_points)
    points = f" · {hit} of {len(grade.key_points)} key points" if grade.key_points else ""
    return f"**{score_bar(grade.score)}  {grade.score:g} / {grade.max_score:g}**{points}"


def reference_markdown(ref: ReferenceAnswer, basis: str = "") -> str:
    """The model answer; an own bank's (`basis` set) is uploaded or notes text, shown literally."""
    if not basis:
        return ref.answer
    if ref.source == "question":  # no answers entry and no notes: nothing to show
        return "_No model answer for this question._"
    return answer_markdown(ref.answer)


def summary_markdown(s: Summary, turns: Sequence[Turn], questions: Sequence[Question]) -> str:
    if s.overall is None:
        return "No answers yet."
    lines = [f"## Overall {s.overall:g} / 5 · {s.answered} questions, {s.follow_ups} follow-ups"]
    lines += ["", "| Section | Mean |", "|---|---|"]
    lines += [f"| {md_text(name)} | {mean:g} / 5 |" for name, mean in s.sections.items()]
    if s.delivery:
        lines += ["", "### Delivery", "", md_text(delivery_summary(s.delivery)) + "."]
    if s.strongest:
        lines += ["", "### Strongest points", ""] + [f"- {md_text(x)}" for x in s.strongest]
    if s.weakest:
        lines += ["", "### Weakest points", ""] + [f"- {md_text(x)}" for x in s.weakest]
    if s.study:
        lines += ["", "### Study list", ""] + [f"- {md_text(x)}" for x in s.study]
    by_id = {q.id: q for q in questions}
    lines += ["", "### Your answers", ""]
    for t in turns:
        label = {"follow_up": "Follow-up", "retry": "Second try"}.get(t.kind, "Question")
        q = by_id.get(t.question_id)
        title = t.prompt if t.kind == "follow_up" or q is None else q.text
        lines += [f"**{label}: {md_text(title)}** — {t.grade.score:g} / 5", "",
                  quoted(answer_markdown(t.answer) or "_(no answer)_"), "", checklist(t.grade), "",
                  plain(t.grade.feedback), ""]  # fmt: skip
        if t.delivery:
            lines += [f"🎙 _{md_text(delivery_line(t.delivery))}_ — {plain(t.delivery.tip)}", ""]
    return "\n".join(lines)
