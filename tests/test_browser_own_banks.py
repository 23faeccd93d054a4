"""End-to-end in headless chromium: upload an own bank, practise it, see which grading applies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .browser import answer, launch, running_app, shot, start_interview
from .test_own_banks import ANSWERS, NOTES

pytestmark = [pytest.mark.slow, pytest.mark.needs("chromium")]

BANK = """# Team questions

## **1. Flask**

### **1.1 Routing**

1. **How does Flask match a URL to a view function?**

### **1.2 Blueprints**

1. **Why would you split a Flask app into blueprints?**
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("app") / "home", INTERVIEWER_LOCAL_LLM="off") as u:
        yield u


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.goto(url)
    expect(pg.locator("#start")).to_be_visible(timeout=30_000)
    pg.get_by_role("tab", name="My banks").click()
    expect(pg.locator("#bank-add")).to_be_visible()
    yield pg
    context.close()


def upload(page: Page, md: Path, yaml: Path | None = None) -> None:
    page.locator("#bank-md input[type=file]").set_input_files(str(md))
    expect(page.locator("#bank-md")).to_contain_text(md.stem, timeout=10_000)
    if yaml is not None:
        page.locator("#bank-yaml input[type=file]").set_input_files(str(yaml))
        expect(page.locator("#bank-yaml")).to_contain_text(yaml.stem, timeout=10_000)
    page.locator("#bank-add").click()


def test_an_upload_with_an_error_names_file_and_line(page: Page, tmp_path: Path) -> None:
    bad = tmp_path / "broken.md"
    bad.write_text(BANK.replace("1. **Why", "1. Why"), encoding="utf-8")
    upload(page, bad)
    status = page.locator("#bank-status")
    expect(status).to_contain_text("Not saved", timeout=20_000)
    expect(status).to_contain_text("broken.md:11: numbered line is not a bold question")
    expect(page.locator("#bank-list")).to_contain_text("No banks yet")
    shot(page, "banks-01-error")


def test_an_uploaded_bank_is_practised_and_says_which_grading_applies(
    page: Page, tmp_path: Path
) -> None:
    md, yaml = tmp_path / "team-flask.md", tmp_path / "team-flask.yaml"
    md.write_text(BANK, encoding="utf-8")
    yaml.write_text(ANSWERS, encoding="utf-8")
    upload(page, md, yaml)
    status = page.locator("#bank-status")
    expect(status).to_contain_text("Saved team-flask: 2 questions", timeout=60_000)
    expect(status).to_contain_text("1 with an authored answer; indexed.")
    expect(page.locator("#bank-list")).to_contain_text("Routing, Blueprints")
    shot(page, "banks-02-my-banks-tab")
    page.get_by_role("tab", name="Interview").click()
    page.locator("#sections input").click()
    page.get_by_role("option", name="team-flask › Routing").click()
    page.keyboard.press("Escape")
    start_interview(page, 1)
    expect(page.locator("#chat")).to_contain_text("How does Flask match a URL to a view")
    answer(page, "Route decorators register rules in a URL map, and Werkzeug matches the "
           "request path and method against the rules, converting variable parts.")  # fmt: skip
    feedback = page.locator("#feedback")
    expect(feedback).to_contain_text("Graded against your answers file.", timeout=60_000)
    expect(page.locator("#checklist")).to_contain_text("URL map")
    shot(page, "banks-03-feedback")


def test_uploaded_notes_grade_a_question_without_an_answer(page: Page, tmp_path: Path) -> None:
    notes = tmp_path / "flask-blueprints.md"
    notes.write_text(NOTES, encoding="utf-8")
    page.locator("#notes-files input[type=file]").set_input_files(str(notes))
    expect(page.locator("#notes-files")).to_contain_text("flask-blueprints", timeout=10_000)
    page.locator("#notes-add").click()
    expect(page.locator("#notes-status")).to_contain_text(
        "Saved flask-blueprints.md: 1 passage(s) indexed.", timeout=60_000
    )
    expect(page.locator("#notes-list")).to_contain_text("flask-blueprints.md")
    md = tmp_path / "team-flask.md"
    md.write_text(BANK, encoding="utf-8")
    upload(page, md)
    expect(page.locator("#bank-status")).to_contain_text(
        "0 with an authored answer", timeout=60_000
    )
    shot(page, "banks-04-notes")
    page.get_by_role("tab", name="Interview").click()
    page.locator("#sections input").click()
    page.get_by_role("option", name="team-flask › Blueprints").click()
    page.keyboard.press("Escape")
    start_interview(page, 1)
    expect(page.locator("#chat")).to_contain_text("Why would you split a Flask app")
    answer(page, "Blueprints group views, templates and static files, and each is registered "
           "on the app with a URL prefix, so each feature owns its routes.")  # fmt: skip
    expect(page.locator("#feedback")).to_contain_text(
        "Graded against your notes: flask-blueprints.md.", timeout=60_000
    )
    shot(page, "banks-05-graded-against-notes")


def signed_in(browser: Browser, url: str, user: str, password: str) -> Page:
    pg = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    pg.goto(url)
    pg.get_by_label("username").fill(user)
    pg.get_by_label("password").fill(password)
    pg.get_by_role("button", name="Login").click()
    expect(pg.locator("#start")).to_be_visible(timeout=30_000)
    pg.get_by_role("tab", name="My banks").click()
    return pg


def test_with_logins_each_person_lists_and_deletes_their_own_banks(
    browser: Browser, tmp_path: Path
) -> None:
    md = tmp_path / "ann-flask.md"
    md.write_text(BANK, encoding="utf-8")
    users = "ann:ann-secret,bob:bob-secret"
    with running_app(tmp_path / "home", INTERVIEWER_LOCAL_LLM="off",
                     INTERVIEWER_USERS=users) as url:  # fmt: skip
        ann = signed_in(browser, url, "ann", "ann-secret")
        upload(ann, md)
        expect(ann.locator("#bank-status")).to_contain_text("Saved ann-flask", timeout=60_000)
        ann.reload()  # the listing shown when the page opens is the signed-in person's
        expect(ann.locator("#start")).to_be_visible(timeout=30_000)
        ann.get_by_role("tab", name="My banks").click()
        expect(ann.locator("#bank-list")).to_contain_text("Routing, Blueprints", timeout=20_000)
        bob = signed_in(browser, url, "bob", "bob-secret")
        expect(bob.locator("#bank-list")).to_contain_text("No banks yet", timeout=20_000)
        bob.locator("#bank-delete").click()  # nothing of his to delete, and ann's stays
        expect(bob.locator("#bank-status")).to_contain_text("Pick a bank", timeout=20_000)
        ann.locator("#bank-delete").click()  # her one bank is picked
        expect(ann.locator("#bank-status")).to_contain_text("Deleted ann-flask", timeout=20_000)
        expect(ann.locator("#bank-list")).to_contain_text("No banks yet")
        shot(ann, "banks-04-deleted-with-logins")
