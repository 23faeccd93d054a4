"""End-to-end: the fact check landing in the feedback panel after the offline grade.

The app runs for real in headless chromium; the claim checker it talks to is the
scripted OpenAI-compatible server on loopback, judging every sentence FALSE.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect, sync_playwright

from .browser import answer, launch, running_app, shot, start_interview
from .openai_server import ScriptedOpenAIServer

pytestmark = pytest.mark.slow

DEV = Path(__file__).resolve().parent.parent / "evals" / "data" / "misconception_dev"


def wrong_answer_to(chat: str, kind: str = "wrong") -> str:
    """The dev set's confidently wrong (or correct `partial`) answer to whichever question
    the chat shows."""
    from interviewer.config import REPO_KNOWLEDGE
    from interviewer.knowledge.answers import load_knowledge

    knowledge = load_knowledge([REPO_KNOWLEDGE / "banks"], REPO_KNOWLEDGE / "answers")
    # The chat renders the question's Markdown (`@classmethod` without its backticks,
    # __init__ perhaps as bold): compare letters and digits only.
    shown = re.sub(r"[\W_]+", "", chat).lower()
    asked = [q for q, ref in knowledge.answers.items()
             if re.sub(r"[\W_]+", "", ref.question).lower() in shown]  # fmt: skip
    assert len(asked) == 1, asked
    wrong = {}
    for f in sorted(DEV.glob("*.yaml")):
        wrong.update(yaml.safe_load(f.read_text("utf-8")))
    return str(wrong[asked[0]][kind])


def test_a_false_answer_is_capped_corrected_and_challenged(tmp_path: Path) -> None:
    with ScriptedOpenAIServer() as checker:
        checker.enqueue(*[{"content": "FALSE", "top_logprobs": {"FALSE": -0.01, "TRUE": -4.6}}
                          for _ in range(60)])  # fmt: skip
        env = {"INTERVIEWER_FACTCHECK_URL": checker.base_url}
        with running_app(tmp_path / "home", **env) as url, sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            expect(page.locator("#start")).to_be_visible(timeout=30_000)
            start_interview(page, 2)
            answer(page, wrong_answer_to(page.locator("#chat").inner_text()))
            expect(page.locator("#feedback")).to_contain_text("Not correct", timeout=60_000)
            expect(page.locator("#feedback")).to_contain_text("Facts checked sentence by sentence")
            expect(page.locator("#chat")).to_contain_text("You said")
            score = page.locator("#score").inner_text()
            assert score.strip().startswith(("0", "1")), score
            shot(page, "05-fact-check")
            browser.close()
        claims = [r for r in checker.requests if r.get("max_tokens") == 1]
        assert claims and all(r["logprobs"] and r["top_logprobs"] for r in claims)


def asked_about(requests: list[dict[str, Any]], sentence: str) -> bool:
    """Whether a claim request judged `sentence` (the candidate's, as the prompt delimits it)."""
    said = f"<<<{sentence}>>>"
    return any(said in str(m.get("content")) for r in requests for m in r.get("messages") or [])


def test_finished_sentences_of_a_typed_draft_are_judged_before_submit(tmp_path: Path) -> None:
    from interviewer.examiner.factcheck import claims_of

    typing = "and what is more you"
    with ScriptedOpenAIServer() as checker:
        checker.enqueue(*[{"content": "TRUE", "top_logprobs": {"TRUE": -0.01, "FALSE": -4.6}}
                          for _ in range(60)])  # fmt: skip
        env = {"INTERVIEWER_FACTCHECK_URL": checker.base_url}
        with running_app(tmp_path / "home", **env) as url, sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            expect(page.locator("#start")).to_be_visible(timeout=30_000)
            start_interview(page, 1)
            # The dev answer's finished sentences, so that the draft and the answer split alike.
            partial = wrong_answer_to(page.locator("#chat").inner_text(), "partial")
            said = [c for c in claims_of(partial)[0] if c.endswith((".", "!", "?", ";"))]
            text = " ".join(said)
            assert said and claims_of(text)[0] == said, said
            page.locator("#answer textarea").fill(f"{text} {typing}")
            waited = 0.0
            while not all(asked_about(checker.requests, x) for x in said) and waited < 90:
                page.wait_for_timeout(500)
                waited += 0.5
            # Nothing was submitted, yet every finished sentence was judged; the one still
            # being typed was not.
            assert all(asked_about(checker.requests, x) for x in said)
            assert not any(typing in str(r.get("messages")) for r in checker.requests)
            assert said[0] not in page.locator("#chat").inner_text()
            before = len(checker.requests)
            page.locator("#answer textarea").fill(text)
            page.locator("#submit").click()
            expect(page.locator("#feedback")).to_contain_text("Facts checked", timeout=60_000)
            browser.close()
        # At submit every sentence was known: the check asked the model nothing new.
        assert not any(asked_about(checker.requests[before:], x) for x in said)
