"""End-to-end: hands-free spoken turns in headless chromium, a WAV file as the microphone.

Chromium's fake capture device plays an espeak-ng answer followed by silence (from the
start of the file each time the microphone opens); the real app reads the question with
piper, the page's controller records until the silence, the server transcribes with the
real whisper model, the transcript is submitted after its countdown and graded, and the
next prompt is read and listened for: no clicks but the toggle and Start.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .browser import FLAGS, running_app, shot, start_interview
from .system_deps import need

pytestmark = [pytest.mark.slow, pytest.mark.needs("chromium", "espeak-ng", "sox")]

SPOKEN = "A generator uses yield to produce values lazily, one at a time, so it saves memory."


def answer_wav(folder: Path, text: str = SPOKEN, silence: float = 8.0) -> Path:
    """Half a second of silence, the spoken answer, then `silence` seconds (48 kHz mono)."""
    speech, wav = folder / "speech.wav", folder / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(speech), text], check=True)
    subprocess.run(["sox", str(speech), "-r", "48000", str(wav), "pad", "0.5", str(silence)],
                   check=True)  # fmt: skip
    return wav


def launch_with_microphone(pw: object, wav: Path | None) -> Browser:
    """Chromium whose microphone plays `wav`; without it, the page is refused a microphone."""
    need("chromium")
    media = ["--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"]
    if wav is not None:
        media += ["--use-fake-ui-for-media-stream", f"--use-file-for-fake-audio-capture={wav}"]
    return pw.chromium.launch(executable_path=shutil.which("chromium"),  # type: ignore[attr-defined]
                              args=[*FLAGS, *media])  # fmt: skip


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("app") / "home") as u:
        yield u


def hands_free(page: Page) -> dict[str, float]:
    """The controller's log: each event's first time (ms)."""
    first: dict[str, float] = {}
    for e in page.evaluate("window.interviewerHandsfree.log"):
        first.setdefault(e["event"], e["t"])
    return first


def state(page: Page) -> str:
    return str(page.evaluate("window.interviewerHandsfree.state"))


def test_hands_free_turn_is_heard_transcribed_submitted_and_graded(
    url: str, tmp_path: Path
) -> None:
    wav = answer_wav(tmp_path)
    with sync_playwright() as pw:
        browser = launch_with_microphone(pw, wav)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(url)
        expect(page.locator("#start")).to_be_visible(timeout=30_000)
        page.locator("#handsfree input[type=checkbox]").check()
        expect(page.locator("#handsfree-status")).to_contain_text("Hands-free is on")
        start_interview(page, 2)
        box = page.locator("#answer textarea")
        # The transcript shows with its countdown before it is submitted.
        expect(page.locator("#handsfree-status")).to_contain_text("Submitting in",
                                                                  timeout=150_000)  # fmt: skip
        expect(box).to_have_value(re.compile(r"generator.*yield.*one at a time", re.I))
        shot(page, "12-hands-free-review")
        # Alt+T records again: the new transcript replaces the first, it is not added to it.
        page.keyboard.press("Alt+KeyT")
        expect(page.locator("#handsfree-status")).to_contain_text(re.compile("Listening|Recording"))
        expect(page.locator("#handsfree-status")).to_contain_text("Submitting in",
                                                                  timeout=150_000)  # fmt: skip
        assert box.input_value().lower().count("generator") == 1, box.input_value()
        user = page.locator("#chat [data-testid='user']")
        expect(user.first).to_contain_text("generator", timeout=30_000)
        expect(page.locator("#score")).to_contain_text("/ 5", timeout=60_000)
        expect(page.locator("#delivery")).to_contain_text("wpm")  # the recording's delivery
        expect(page.locator("#chat .message").last).to_contain_text(
            re.compile(r"Follow-up|2/2"), timeout=60_000
        )
        # The next prompt is read, then the microphone opens again by itself.
        expect(page.locator("#handsfree-status")).to_contain_text(
            re.compile("Listening|Recording"), timeout=120_000
        )
        log = hands_free(page)
        order = ["on", "prompt", "spoken", "listen", "speech", "stop", "upload", "transcript",
                 "submit"]  # fmt: skip
        assert [e for e in order if e in log] == order, log
        events = page.evaluate("window.interviewerHandsfree.log")
        uploads = [e for e in events if e["event"] == "upload" and e["t"] < log["submit"]]
        assert len(uploads) == 2  # the first recording, then the one that replaced it
        assert log["stop"] - log["speech"] > 2_500  # ended by the silence, not cut short
        # Typing takes over from the open microphone; the typed answer is submitted as usual.
        box.click()
        box.type("Typed instead.")
        assert state(page) == "typing"
        page.locator("#submit").click()
        expect(user.last).to_contain_text("Typed instead.", timeout=60_000)
        # Off means off: nothing is recorded any more.
        page.locator("#handsfree input[type=checkbox]").uncheck()
        assert state(page) == "off"
        # The reply to the typed answer may arrive after that: it is noted, never read or heard.
        reply = page.locator("#chat .message").last
        expect(reply).not_to_contain_text("Typed instead.", timeout=60_000)
        page.wait_for_timeout(1_000)
        events = page.evaluate("window.interviewerHandsfree.log")
        off = max(i for i, e in enumerate(events) if e["event"] == "off")
        after = [e["event"] for e in events[off + 1 :]]
        assert not {"on", "spoken", "listen", "speech", "stop", "upload"} & set(after), after
        assert state(page) == "off"
        browser.close()


def test_a_refused_microphone_says_so_and_turns_hands_free_off(url: str) -> None:
    with sync_playwright() as pw:
        browser = launch_with_microphone(pw, None)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        expect(page.locator("#start")).to_be_visible(timeout=30_000)
        start_interview(page, 1)
        page.locator("#handsfree input[type=checkbox]").click()  # unticked again at once
        status = page.locator("#handsfree-status")
        expect(status).to_contain_text("microphone is blocked", timeout=20_000)
        expect(page.locator("#handsfree input[type=checkbox]")).not_to_be_checked()
        shot(page, "13-hands-free-no-microphone")
        page.locator("#answer textarea").fill("Typed answers still work.")
        page.locator("#submit").click()
        expect(page.locator("#chat [data-testid='user']").last).to_contain_text(
            "Typed answers still work.", timeout=60_000
        )
        browser.close()
