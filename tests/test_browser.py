"""End-to-end: the real app in headless Debian chromium, driven by Playwright.

One app process (real MiniLM embeddings, offline examiner, real whisper) serves
the single-user tests; screenshots of each stage go to test-artifacts/.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .browser import answer, launch, running_app, shot, start_interview, summary_visible
from .system_deps import need

pytestmark = [pytest.mark.slow, pytest.mark.needs("chromium")]

GOOD = (
    "It depends on the question, but broadly: Python objects are reference counted, "
    "a cycle collector finds unreachable cycles, and code should be explicit and readable."
)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("app") / "home") as u:
        yield u


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.goto(url)
    expect(pg.locator("#start")).to_be_visible(timeout=30_000)
    yield pg
    context.close()


def finish(page: Page, text: str = GOOD, limit: int = 12) -> int:
    """Answer every prompt (questions and follow-ups) until the summary shows."""
    answers = 0
    while not summary_visible(page):
        assert answers < limit, "the interview never ended"
        answer(page, text)
        answers += 1
    return answers


def test_practice_interview_typed_with_feedback_and_try_again(page: Page) -> None:
    shot(page, "01-setup")
    start_interview(page, 3)
    shot(page, "02-first-question")
    answer(page, GOOD)
    expect(page.locator("#score")).to_contain_text("/ 5")
    expect(page.locator("#checklist")).to_contain_text("✓" if "✓" in page.locator(
        "#checklist").inner_text() else "✗")  # fmt: skip
    page.locator("#model-answer").get_by_text("Model answer").click()
    expect(page.locator("#model-answer")).to_contain_text(" ", timeout=5_000)
    shot(page, "03-feedback")
    page.locator("#retry").click()
    expect(page.locator("#chat")).to_contain_text("Sure, have another go.")
    answer(page, GOOD + " Reference counting frees most objects at once.")
    expect(page.locator("#score")).to_contain_text("vs first try")
    shot(page, "04-try-again")
    finish(page)
    expect(page.locator("#summary-text")).to_contain_text("Study list")
    shot(page, "05-practice-summary")


def test_candidate_html_and_markdown_stay_text(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    start_interview(page, 1)
    attack = (
        "<img src=x onerror=alert(1)> [click me](http://evil.example) **bold** www.evil.example"
    )
    answer(page, attack)
    user = page.locator("#chat [data-testid='user']").first
    expect(user).to_contain_text("<img src=x onerror=alert(1)>", timeout=30_000)
    expect(user).to_contain_text("[click me](http://evil.example)")
    assert user.locator("img").count() == 0 and user.locator("a").count() == 0
    assert dialogs == []
    url_before = page.url
    user.get_by_text("evil.example", exact=False).first.click()
    assert page.url == url_before
    shot(page, "06-html-as-text")


@pytest.mark.needs("espeak-ng")
def test_spoken_answer_lands_in_the_answer_box(page: Page, tmp_path: Path) -> None:
    wav = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav),
                    "A generator uses yield to produce values lazily, one at a time."],
                   check=True)  # fmt: skip
    start_interview(page, 1)
    page.locator("#audio-in button[aria-label='Upload file']").click()
    page.locator("#audio-in input[type=file]").set_input_files(str(wav))
    box = page.locator("#answer textarea")
    expect(box).to_have_value(re.compile("generator.*yield", re.IGNORECASE), timeout=60_000)
    shot(page, "07-voice-transcript")
    box.fill(box.input_value() + " (edited)")
    answer(page, box.input_value())
    expect(page.locator("#chat [data-testid='user']").last).to_contain_text("(edited)")


def test_mock_interview_ends_in_summary_chart_and_exports(page: Page, tmp_path: Path) -> None:
    start_interview(page, 2, mode="mock")
    answer(page, GOOD)
    expect(page.locator("#checklist")).to_contain_text("feedback come at the end")
    assert "/ 5" not in page.locator("#chat").inner_text()
    finish(page)
    expect(page.locator("#summary-plot")).to_contain_text("Score by section")
    expect(page.locator("#summary-plot canvas, #summary-plot svg").first).to_be_visible()
    shot(page, "08-mock-summary")
    files = {}
    for fmt in ("md", "json", "pdf"):
        expect(page.locator(f"#dl-{fmt}")).to_be_enabled(timeout=30_000)  # made after the reply
        with page.expect_download() as info:
            page.locator(f"#dl-{fmt}").click()
        path = tmp_path / f"export.{fmt}"
        info.value.save_as(path)
        files[fmt] = path
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert data["schema"] == 1 and data["session"]["plan"]["mode"] == "mock"
    assert len(data["turns"]) >= 2 and data["turns"][0]["answer"] == GOOD
    assert GOOD[:40] in files["md"].read_text(encoding="utf-8")
    assert files["pdf"].read_bytes()[:5] == b"%PDF-"
    need("pdftotext")  # without it the PDF's text goes unchecked: reported as skipped, not passed
    text = subprocess.run(["pdftotext", str(files["pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "reference counted" in " ".join(text.split())


def test_reload_keeps_the_session(page: Page) -> None:
    start_interview(page, 3)
    answer(page, GOOD)
    before = page.locator("#chat").inner_text()
    page.reload()
    expect(page.locator("#chat")).to_contain_text(GOOD[:30], timeout=30_000)
    assert page.locator("#chat").inner_text().strip().endswith(before.strip()[-40:])
    answer(page, GOOD)  # and it carries on
    shot(page, "09-after-reload")


def test_history_tab_charts_progress(page: Page) -> None:
    page.locator("button[role=tab]", has_text="History").click()
    expect(page.locator("#progress-plot img").first).to_be_visible(timeout=20_000)
    expect(page.locator("#sessions")).to_contain_text("practice")
    shot(page, "10-history")


def test_narrow_window_is_usable(browser: Browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    start_interview(page, 1)
    answer(page, GOOD)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"horizontal scroll at 390 px: {width}"
    expect(page.locator("#submit")).to_be_visible()
    shot(page, "11-narrow")
    context.close()
