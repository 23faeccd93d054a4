"""Helpers for the end-to-end tests: run the real app on loopback, drive Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright, expect

from .system_deps import need

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "test-artifacts"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(home: Path, **env: str) -> Iterator[str]:
    """Start `python app.py` (real embeddings, offline examiner) and yield its URL."""
    port = free_port()
    environ = {**os.environ, "INTERVIEWER_HOME": str(home), "INTERVIEWER_PORT": str(port),
               "GRADIO_ANALYTICS_ENABLED": "False", **env}  # fmt: skip
    environ.pop("INTERVIEWER_MODEL", None)
    log = (home.parent / f"app-{port}.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=environ,
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the app exited: {(home.parent / f'app-{port}.log').read_text()}"
                )
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def launch(pw: Playwright) -> Browser:
    """Debian's chromium, headless; the test is skipped (saying so) where it is not installed."""
    need("chromium")
    return pw.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def start_interview(page: Page, count: int, mode: str = "practice") -> None:
    page.locator("#count input[type=number]").fill(str(count))
    page.locator("#count input[type=number]").press("Enter")
    label = (
        "Mock: feedback at the end" if mode == "mock" else "Practice: feedback after each answer"
    )
    page.get_by_label(label, exact=False).check()
    page.locator("#start").click()
    # In a bot bubble: while the event is queued the chat shows "queue: 1/1" too.
    first = page.locator("#chat [data-testid='bot']").first
    expect(first).to_contain_text(f"1/{count}", timeout=20_000)


def answer(page: Page, text: str) -> None:
    """Type and submit an answer, then wait until the app has replied."""
    bubbles = page.locator("#chat .message").count()
    users = page.locator("#chat [data-testid='user']")
    before = users.count()
    box = page.locator("#answer textarea")
    for _ in range(3):
        box.fill(text)
        expect(box).to_have_value(text)
        page.locator("#submit").click()
        clicked = time.monotonic()
        # A late update of the previous event can empty the box between the fill and the
        # click; the app then asks for an answer and no bubble of ours appears: type again.
        # (While the answer is graded the box keeps the text, so an empty box with no new
        # bubble after a few seconds means it was never sent.)
        while users.count() == before and (box.input_value() or time.monotonic() - clicked < 5):
            if time.monotonic() - clicked > 120:  # the first answer also loads the models
                break
            page.wait_for_timeout(250)
        if users.count() > before or not text or box.input_value():
            break  # sent (or still being graded: the waits below tell)
    expect(box).to_have_value("", timeout=120_000)
    page.wait_for_function(
        "n => document.querySelectorAll('#chat .message').length > n", arg=bubbles,
        timeout=120_000)  # fmt: skip


def summary_visible(page: Page) -> bool:
    return page.locator("#summary-text").is_visible() and "Overall" in page.locator(
        "#summary-text").inner_text()  # fmt: skip
