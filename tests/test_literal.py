"""Prompts in the chat: the candidate's quoted words literal, the bank's code spans kept."""

from __future__ import annotations

from interviewer.web.literal import prompt_markdown
from interviewer.web.views import speakable, spoken_question

CHALLENGE = ("You said “<b>__init__</b> is *the* [constructor](http://x.io)” — are you sure? "
             "Why return NotImplemented from __add__ rather than raise in `__eq__`?")  # fmt: skip


def test_a_challenge_quotes_the_candidate_literally_and_keeps_the_probes_code() -> None:
    md = prompt_markdown(CHALLENGE)
    said, probe = md.split("” — are you sure? ")
    assert "<b>" not in said and "&lt;b&gt;" in said  # HTML shown, not rendered
    assert r"\_\_init\_\_" in said and r"\*the\*" in said  # no bold, no emphasis
    assert r"\[constructor\]\(http&#58;//x.io\)" in said  # no link
    assert r"\_\_add\_\_" in probe  # a bare dunder is not bold "add"
    assert "`__eq__`" in probe  # the bank's code span stays code


def test_a_bank_question_keeps_code_spans_and_shows_bare_dunders_as_written() -> None:
    md = spoken_question("question", "What do `__new__` and __init__ do?", 1, 2, "OOP")
    assert "`__new__`" in md and r"\_\_init\_\_" in md
    assert prompt_markdown("Plain words only.") == "Plain words only."


def test_what_is_read_aloud_has_no_escapes_or_entities() -> None:
    said = speakable(spoken_question("follow_up", CHALLENGE, 2, 3, "OOP"))
    assert "\\" not in said and "&lt;" not in said and "&#58;" not in said
    assert "init" in said and "NotImplemented from add rather" in said
