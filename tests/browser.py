"""Driving the page in Debian's headless Chromium with Playwright: shared by the browser tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ANSWER_MS = 60_000
# Every browser test module: slow, and quiet about Gradio's own pandas warnings.
BROWSER_MARKS = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),  # Gradio's own event analytics
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium; skips the test when Debian's chromium is not installed."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_tab(browser: Any, url: str, on_dialog: Any = None, **context_options: Any) -> Iterator[Any]:
    """A fresh browser context (its own Gradio session) with the chat page loaded; closed afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, **context_options)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    if on_dialog is not None:
        tab.on("dialog", on_dialog)
    tab.goto(url)
    tab.wait_for_selector("#question textarea")
    try:
        yield tab
    finally:
        context.close()


def ask(page: Any, question: str, timeout: int = ANSWER_MS) -> Any:
    """Types and sends a question; returns the locator of its finished reply."""
    from playwright.sync_api import expect

    replies = page.locator("#chat .rag-reply")
    before = replies.count()
    page.fill("#question textarea", question)
    page.click("#send")
    expect(replies).to_have_count(before + 1, timeout=timeout)
    return replies.nth(before)


def screenshot(page: Any, name: str, docs_name: str | None = None, update_docs: bool = False) -> Path:
    """A PNG of the page under tests/artifacts (ignored by git); with `update_docs` (the test run was asked to
    refresh the README's pictures) also copied to docs/`docs_name`."""
    ARTIFACTS.mkdir(exist_ok=True)
    ignore = ARTIFACTS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*.png\n", encoding="utf-8")
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    if update_docs and docs_name:
        shutil.copyfile(path, ROOT / "docs" / docs_name)
    return path
