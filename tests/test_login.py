"""With INTERVIEWER_USERS set: a login page, and each user reaches only their own sessions,
by the UI, by the Gradio API, and by guessing file URLs."""

from __future__ import annotations

import sqlite3
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client
from playwright.sync_api import expect, sync_playwright

from .browser import launch, running_app, shot

pytestmark = pytest.mark.slow

USERS = "ann:ann-secret,bob:bob-secret"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("login") / "home"
    with running_app(home, INTERVIEWER_USERS=USERS) as url:
        yield url, home


def ann_session(url: str, home: Path) -> str:
    ann = Client(url, auth=("ann", "ann-secret"), verbose=False)
    ann.predict([], False, 1, "practice", api_name="/on_start")
    ann.predict("Reference counting frees objects; a cycle collector finds cycles.",
                api_name="/answer")  # fmt: skip
    with sqlite3.connect(home / "history.sqlite") as db:
        rows = db.execute("SELECT id FROM sessions WHERE user = 'ann'").fetchall()
    assert len(rows) >= 1
    return str(rows[-1][0])


@pytest.mark.needs("chromium")
def test_the_app_asks_for_a_login(server: tuple[str, Path]) -> None:
    url, _ = server
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        page.goto(url)
        page.get_by_label("username").fill("ann")
        page.get_by_label("password").fill("wrong")
        page.get_by_role("button", name="Login").click()
        expect(page.get_by_text("Incorrect Credentials")).to_be_visible(timeout=10_000)
        shot(page, "12-login")
        page.get_by_label("username").fill("ann")  # the form clears after a failure
        page.get_by_label("password").fill("ann-secret")
        page.get_by_role("button", name="Login").click()
        expect(page.locator("#start")).to_be_visible(timeout=30_000)
        browser.close()


def test_api_needs_credentials(server: tuple[str, Path]) -> None:
    url, _ = server
    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own error types
        Client(url, verbose=False).predict([], False, 1, "practice", api_name="/on_start")
    with pytest.raises(ValueError):
        Client(url, auth=("ann", "bob-secret"), verbose=False)


def test_another_users_sessions_are_out_of_reach(server: tuple[str, Path]) -> None:
    url, home = server
    session_id = ann_session(url, home)
    ann = Client(url, auth=("ann", "ann-secret"), verbose=False)
    bob = Client(url, auth=("bob", "bob-secret"), verbose=False)
    ann_table = ann.predict(api_name="/refresh")[2]["data"]
    assert len(ann_table) >= 1
    bob_table = bob.predict(api_name="/refresh")[2]["data"]
    assert not any(any(cell not in ("", None) for cell in row) for row in bob_table)
    md, _, _ = ann.predict(session_id, api_name="/files")
    assert Path(md).read_text(encoding="utf-8").count("Reference counting") >= 1
    # Refused twice over: Gradio checks the id against bob's own choices, and our handlers
    # check the owner (unit-tested in test_practice).
    refused = "not yours|cannot be resumed|not in the list of choices"
    with pytest.raises(Exception, match=refused):
        bob.predict(session_id, api_name="/files")
    with pytest.raises(Exception, match=refused):
        bob.predict(session_id, api_name="/on_resume_1")


def test_guessed_file_urls_are_refused(server: tuple[str, Path]) -> None:
    url, home = server
    for path in (home / "history.sqlite", Path("/etc/passwd"), home / "exports"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{url}gradio_api/file={path}", timeout=10)
        assert err.value.code in (401, 403, 404)
