"""The chat page in headless Chromium: answers, badges, sources, highlights, and no script injection."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import ANSWER_MS, BROWSER_MARKS, ask, open_tab, screenshot

from conftest import running_app

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = BROWSER_MARKS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_01ad9004e4fff8d2.txt"
PAYLOAD = "<img src=x onerror=alert(1)>"
# A second document whose text carries markup: the article viewer must show it as text.
MARKUP_DOCUMENT = (
    "Oslo harbour ferry timetable\n\n"
    "The Oslo harbour ferry now leaves Aker Brygge at 9am on weekdays, the port authority said on Tuesday. "
    f"The notice posted at the pier shows the text {PAYLOAD} where its picture should be. "
    "Tickets for the short crossing still cost 60 kroner, and the last ferry returns at 10pm.\n"
)
STARTUP_SECONDS = 60
LLM_ANSWER_MS = 180_000


@pytest.fixture(scope="module")
def ui_settings(tmp_path_factory: pytest.TempPathFactory):
    """An index of the seed article plus a document holding an <img onerror> payload."""
    from core.settings import Settings
    from index.ingest import ingest

    docs = tmp_path_factory.mktemp("ui-docs")
    (docs / "harbour_notice.txt").write_text(MARKUP_DOCUMENT, encoding="utf-8")
    settings = Settings(index_dir=tmp_path_factory.mktemp("ui-index"), seeds_dir=SEEDS, backend="extractive")
    ingest([SEEDS, docs], settings, progress=False)
    return settings


@pytest.fixture(scope="module")
def app_url(ui_settings) -> Iterator[str]:
    """The app on 127.0.0.1 with the extractive backend, stopped after the module."""
    with running_app(ui_settings, STARTUP_SECONDS) as url:
        yield url


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert/confirm/prompt the page opened (there should be none)."""
    return []


@pytest.fixture
def page(browser, app_url: str, dialogs: list[str]):
    """A fresh browser context (its own Gradio session) with the page loaded."""
    with open_tab(browser, app_url, on_dialog=lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())) as tab:
        yield tab


def assert_sources_verbatim(page, minimum: int = 1) -> None:
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    quotes = page.locator("#sources .rag-quote")
    assert quotes.count() >= minimum
    for quote in quotes.all_inner_texts():
        assert quote.strip() in article, quote


def assert_highlighted(page, n: int) -> None:
    mark = page.locator(f"#article mark#cite-{n}")
    expect(mark).to_have_class(re.compile(r"\bactive\b"))
    expect(mark).to_be_in_viewport()
    expect(page.locator(f"#sources #source-{n}")).to_have_class(re.compile(r"\bactive\b"))


def test_factual_question(page) -> None:
    reply = ask(page, "How old is Andrey Medvedev?")
    assert "26" in reply.locator(".rag-answer").inner_text()
    assert reply.locator("a.cite-link").count() >= 1
    assert reply.locator(".rag-badge").count() >= 1
    assert_sources_verbatim(page)
    reply.locator("a.cite-link").first.click()
    assert_highlighted(page, 1)
    screenshot(page, "factual")


def test_reported_claim_and_follow_up(page) -> None:
    first = ask(page, "What does Medvedev say he could hear behind him?")
    assert "dogs" in first.locator(".rag-answer").inner_text()
    badge = first.locator(".rag-badge.badge-reported")
    expect(badge).to_have_count(1)
    assert badge.inner_text().strip().lower() == "reported"
    note = first.locator(".claim-reported .rag-note").inner_text()
    assert "Medvedev" in note, note
    assert_sources_verbatim(page)
    expect(page.locator("#article mark.cite-mark")).not_to_have_count(0)

    second = ask(page, "What happened after he crossed the wire?")
    assert second.locator(".rag-meta").inner_text().startswith("answered in")
    first.locator(".rag-answer a.cite-link").first.click()  # an earlier turn: the panels switch back to it
    expect(page.locator("#sources .rag-asked")).to_contain_text("could hear behind him")
    assert_highlighted(page, 1)
    # the README's picture; a plain test run leaves the tree clean
    screenshot(page, "reported", "screenshot.png", update_docs=bool(os.environ.get("RAG_UPDATE_SCREENSHOT")))


def test_unanswerable_question(page) -> None:
    reply = ask(page, "Who won the football World Cup in 2022?")
    assert "does not say" in reply.locator(".rag-answer").inner_text()
    assert reply.locator(".rag-badge").count() == 0
    expect(page.locator("#sources h3")).to_have_text("Closest passages")
    assert page.locator("#sources .rag-quote").count() >= 1
    expect(page.locator("#article mark.cite-mark")).not_to_have_count(0)
    screenshot(page, "unanswerable")


def test_markup_is_shown_as_text(page, dialogs: list[str]) -> None:
    ask(page, PAYLOAD)
    expect(page.locator("#chat .rag-question-text").last).to_have_text(PAYLOAD)
    ask(page, "When does the Oslo harbour ferry leave Aker Brygge?")
    expect(page.locator("#article")).to_contain_text(PAYLOAD)
    assert page.locator("#chat img, #sources img, #article img").count() == 0
    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert dialogs == []
    screenshot(page, "markup")


def test_example_button_sessions_and_new_chat(page, browser, app_url: str) -> None:
    examples = page.locator("#examples button.example")
    expect(examples.nth(1)).to_be_visible()  # filled from the index once the page has loaded
    examples.nth(1).click()
    expect(page.locator("#chat .rag-reply")).to_have_count(1, timeout=ANSWER_MS)
    other = browser.new_context().new_page()
    try:
        other.goto(app_url)
        other.wait_for_selector("#question textarea")
        expect(other.locator("#chat .rag-reply")).to_have_count(0)
    finally:
        other.context.close()
    page.click("#new-chat")
    expect(page.locator("#chat .rag-reply")).to_have_count(0)
    expect(page.locator("#sources .rag-empty")).to_have_count(1)


def test_the_gist_example_answers_with_the_lead_cited(page) -> None:
    gist = page.locator("#examples button.example").first
    expect(gist).to_have_text("What are the main points?")  # two documents: the first sentence of each
    gist.click()
    reply = page.locator("#chat .rag-reply").last
    expect(reply.locator(".rag-answer a.cite-link")).to_have_count(2, timeout=ANSWER_MS)
    expect(reply.locator(".rag-badge.badge-reported").first).to_be_visible()  # the lead is his account: flagged


def test_errors_show_one_line(page) -> None:
    reply = ask(page, "?!")
    expect(reply).to_have_class(re.compile(r"\brag-error\b"))
    assert "Traceback" not in reply.inner_text()
    assert reply.inner_text().count("\n") == 0


def test_smollm2_backend_answers(page) -> None:
    page.get_by_role("button", name="Settings").click()
    page.click("#backend input")
    page.get_by_role("option", name="smollm2").click()
    expect(page.locator("#status")).to_contain_text("Ready", timeout=LLM_ANSWER_MS)
    reply = ask(page, "What does Medvedev say he could hear behind him?", timeout=LLM_ANSWER_MS)
    assert reply.locator(".rag-answer a.cite-link").count() >= 1
    assert reply.locator(".rag-badge").count() >= 1
    assert "llama.cpp" in reply.locator(".rag-meta").inner_text()
    assert_sources_verbatim(page)
