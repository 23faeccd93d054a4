"""End-to-end in headless chromium: a job description's plan, and an answer with code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .browser import launch, running_app, shot

pytestmark = [pytest.mark.slow, pytest.mark.needs("chromium")]

JOB = """Senior Python developer
- Flask REST APIs with JWT auth
- SQLAlchemy and pytest
- Kubernetes and Terraform
- decorators
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # No local model: neither feature needs fact checks, and grading stays quick.
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
    yield pg
    context.close()


def plan_from(page: Page, job: str, count: int) -> None:
    page.locator("#count input[type=number]").fill(str(count))
    page.locator("#count input[type=number]").press("Enter")
    page.locator("#job").get_by_text("Or plan it from a job description").click()
    page.locator("#job-text textarea").fill(job)
    page.locator("#find-skills").click()
    expect(page.locator("#job-plan ol li")).to_have_count(count, timeout=20_000)


def planned_questions(page: Page) -> list[str]:
    return [li.split("\n")[0].strip() for li in page.locator("#job-plan ol li").all_inner_texts()]


def test_a_job_description_becomes_chips_and_a_plan_that_the_interview_follows(
    page: Page,
) -> None:
    plan_from(page, JOB, 3)
    skills = page.locator("#skills")
    for chip in ("JWT", "Kubernetes", "decorators"):
        expect(skills).to_contain_text(chip)
    expect(page.locator("#job-plan")).to_contain_text("Not in the question bank: Kubernetes")
    expect(page.locator("#job-plan")).to_contain_text("matches: JWT")
    shot(page, "plan-01-chips-and-plan")
    before = planned_questions(page)
    jwt = skills.locator(".token").filter(has=page.get_by_text("JWT", exact=True))
    jwt.locator(".token-remove").click()
    expect(skills).not_to_contain_text("JWT")
    expect(page.locator("#job-plan")).not_to_contain_text("matches: JWT", timeout=10_000)
    after = planned_questions(page)
    assert after != before and len(after) == 3
    shot(page, "plan-02-chip-removed")
    page.locator("#plan-start").click()
    expect(page.locator("#chat")).to_contain_text("1/3", timeout=20_000)
    first = page.locator("#chat .message").first.inner_text()
    assert any(q.rstrip("?.") in first for q in after), (first, after)
    shot(page, "plan-03-started")


def test_code_in_the_editor_is_checked_and_shown_as_code(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    plan_from(page, "We want someone fluent in Python decorators and closures.", 1)
    page.locator("#plan-start").click()
    expect(page.locator("#chat")).to_contain_text("decorators", timeout=20_000)
    editor = page.locator("#code .cm-content")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.insert_text("def logged(func:\n    return func")
    expect(page.locator("#code-check")).to_contain_text("Syntax error, line 1", timeout=10_000)
    shot(page, "code-01-syntax-error")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(
        "import functools\n\ndef logged(func):\n    @functools.wraps(func)\n"
        "    def wrapper(*args):  # <script>alert(1)</script>\n"
        "        return func(*args)\n    return wrapper\nlogged(("
    )
    expect(page.locator("#code-check")).to_contain_text("line 8", timeout=10_000)
    page.locator("#answer textarea").fill(
        "A decorator wraps a function <img src=x onerror=alert(2)>."
    )
    page.locator("#submit").click()
    user = page.locator("#chat [data-testid='user']").first
    # The first answer of a fresh app waits for the examiner to load (slow on a busy machine).
    expect(user.locator("pre code")).to_contain_text("@functools.wraps(func)", timeout=120_000)
    expect(user.locator("pre code")).to_contain_text("# <script>alert(1)</script>")
    expect(user).to_contain_text("A decorator wraps a function <img src=x onerror=alert(2)>.")
    assert user.locator("img").count() == 0 and user.locator("script").count() == 0
    expect(page.locator("#feedback")).to_contain_text("does not parse as Python (line 8")
    expect(page.locator("#code .cm-content")).to_have_text("")
    assert dialogs == []
    shot(page, "code-02-submitted")
