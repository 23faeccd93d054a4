"""End-to-end: a spoken answer's delivery panel, through the real app, whisper and chromium.

espeak-ng says two sentences (the first with "basically" and "um"), sox puts 3 s of
silence between them; the WAV is uploaded as the answer, the transcript submitted as
it is, and the panel must show a words-per-minute figure and the one long pause.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .browser import ARTIFACTS, launch, running_app, shot, start_interview

pytestmark = [pytest.mark.slow, pytest.mark.needs("chromium", "espeak-ng", "sox")]

FIRST = "Basically, um, a decorator wraps a function and returns another function."
SECOND = "A context manager runs setup and cleanup code around a block of statements."


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


def spoken_answer(folder: Path) -> Path:
    first, second, wav = folder / "1.wav", folder / "2.wav", folder / "answer.wav"
    for text, path in ((FIRST, first), (SECOND, second)):
        subprocess.run(["espeak-ng", "-s", "140", "-w", str(path), text], check=True)
    subprocess.run(f"sox '{first}' -p pad 0 3 | sox - '{second}' '{wav}'", shell=True,
                   check=True)  # fmt: skip
    return wav


def test_a_spoken_answer_gets_a_delivery_panel(browser: Browser, tmp_path: Path) -> None:
    wav = spoken_answer(tmp_path)
    with running_app(tmp_path / "home") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page: Page = context.new_page()
        page.goto(url)
        start_interview(page, 1)
        page.locator("#audio-in button[aria-label='Upload file']").click()
        page.locator("#audio-in input[type=file]").set_input_files(str(wav))
        box = page.locator("#answer textarea")
        # Whisper may mishear a word ("declarator"); the second sentence comes through.
        expect(box).to_have_value(re.compile("function.*context manager", re.I), timeout=90_000)
        said = box.input_value()
        assert re.match(r"basically, um,", said, re.I)  # the box shows the fillers
        page.locator("#submit").click()  # the transcript as it is
        panel = page.locator("#delivery")
        # Generous: this runs beside the app's warm-up and whisper on a shared 2-core machine.
        expect(panel).to_be_visible(timeout=120_000)
        expect(panel).to_contain_text(re.compile(r"Pace\s*\d{2,3} wpm"))
        expect(panel).to_contain_text(re.compile(r"Long pauses\s*1\s*at 0:0\d for [23]\.\d s"))
        expect(panel.locator("mark.filler")).to_have_count(2)
        # The examiner was given the answer without its fillers.
        chat_answer = page.locator("#chat [data-testid='user']").last.inner_text()
        assert chat_answer.startswith("A ") and "um," not in chat_answer.lower().split()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(ARTIFACTS / "12-delivery-panel.png"))
        shot(page, "13-delivery-feedback")
        page.locator("button[role=tab]", has_text="History").click()
        expect(page.locator("#delivery-plot img").first).to_be_visible(timeout=20_000)
        expect(page.locator("#sessions")).to_contain_text("practice")
        shot(page, "14-history-delivery")
        context.close()
