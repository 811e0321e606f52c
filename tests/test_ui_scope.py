"""Asking within a collection in headless Chromium (extractive backend): "Ask about" scopes a question to one
of two documents, the passages not cited are folded under "also retrieved", a follow-up stays with the
document the conversation is about, and the picker follows the collection as documents come and go."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from articles import CAFE, CAFE_TITLE, STORE_FIRE, WAREHOUSE_FIRE
from browser import ANSWER_MS, BROWSER_MARKS, ask, screenshot

from conftest import running_app
from core.settings import Settings
from index.ingest import ingest

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = BROWSER_MARKS

STORE, WAREHOUSE = "Fire destroys furniture store", "Warehouse fire in Leeds"  # the two documents' titles


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    docs = tmp_path_factory.mktemp("scope-docs")
    (docs / "store.txt").write_text(STORE_FIRE, encoding="utf-8")
    (docs / "warehouse.txt").write_text(WAREHOUSE_FIRE, encoding="utf-8")
    settings = Settings(index_dir=tmp_path_factory.mktemp("scope") / "index", backend="extractive")
    ingest([docs], settings, progress=False)
    with running_app(settings) as url:
        yield url


def choose_scope(page, label: str) -> None:
    page.click("#scope input")
    page.get_by_role("option", name=label, exact=True).click()
    expect(page.locator("#scope input")).to_have_value(label)


def expect_scope_options(page, names: list[str]) -> None:
    """The picker offers these choices, in order (once the page has read the collection)."""
    page.click("#scope input")
    expect(page.get_by_role("option")).to_have_text([re.compile(rf"^\W*{re.escape(name)}$") for name in names])
    page.locator("#scope input").blur()
    expect(page.get_by_role("option")).to_have_count(0)


def cited_documents(page) -> set[str]:
    return {name.strip() for name in page.locator("#sources .rag-source-list .source-doc").all_inner_texts()}


def test_a_question_scoped_to_one_document_cites_it_and_folds_the_rest(page) -> None:
    expect_scope_options(page, ["All documents", STORE, WAREHOUSE])
    reply = ask(page, "How long did the fire burn?")  # asked of all: the warehouse burned for two days
    assert "two days" in reply.inner_text() and cited_documents(page) == {WAREHOUSE}

    choose_scope(page, STORE)
    reply = ask(page, "How long did the fire burn?")
    assert "six hours" in reply.locator(".rag-answer").inner_text()
    expect(reply.locator(".rag-scope")).to_have_text(f"Asked of {STORE}")
    assert cited_documents(page) == {STORE}
    folded = page.locator("#sources details.also-retrieved")
    expect(folded.locator("summary")).to_contain_text("Also retrieved")
    other = folded.locator(".retrieved-quote", has_text="A fire destroyed a furniture store")
    expect(other).to_be_hidden()  # folded away until asked for
    folded.locator("summary").click()
    expect(other).to_be_visible()
    expect(folded.locator(".retrieved-doc").first).to_have_text(STORE)
    screenshot(page, "scope")
    cited = page.locator("#sources .rag-source-list .rag-quote").all_inner_texts()
    assert all("A fire destroyed" not in quote for quote in cited)


def test_a_follow_up_stays_with_the_document_the_conversation_is_about(page) -> None:
    first = ask(page, "Where was the furniture store that burned down?")
    assert "River Road" in first.inner_text() and cited_documents(page) == {STORE}
    follow_up = ask(page, "Who put it out?")  # asked of all, "crews could put it out" at the warehouse
    expect(follow_up.locator(".rag-scope")).to_have_text(f"Asked of {STORE}")
    assert cited_documents(page) == {STORE}
    named = ask(page, "How long did it burn at the warehouse?")
    expect(named.locator(".rag-scope")).to_have_text(f"Asked of {WAREHOUSE}")
    assert "two days" in named.inner_text() and cited_documents(page) == {WAREHOUSE}


def upload(page, name: str, data: bytes) -> None:
    page.click("#documents-tab-button")
    with page.expect_file_chooser() as chooser:
        page.click("#upload")
    chooser.value.set_files([{"name": name, "mimeType": "text/plain", "buffer": data}])
    expect(page.locator("#library-status .library-done")).to_contain_text("Added", timeout=ANSWER_MS)
    page.click("#chat-tab-button")


def test_the_picker_follows_the_collection_and_a_dated_article_shows_its_dates(page) -> None:
    upload(page, "cafe.txt", CAFE.encode())
    expect_scope_options(page, ["All documents", STORE, CAFE_TITLE, WAREHOUSE])
    choose_scope(page, CAFE_TITLE)
    reply = ask(page, "What is this article about?")
    accounts = reply.locator(".rag-accounts")
    expect(accounts).to_contain_text("Who says what")
    expect(accounts.locator(".rag-speaker", has_text="Police say")).to_have_count(1)
    expect(page.locator("#sources #source-1 .source-date")).to_have_text(
        "last Friday → Fri 3 March 2023, from the article's date 7 March 2023")
    screenshot(page, "scope-accounts")

    page.click("#documents-tab-button")
    page.click("#document-choice input")
    page.get_by_role("option", name=f"{CAFE_TITLE} (cafe.txt)").click()
    page.click("#remove")
    expect(page.locator("#library-status .library-done")).to_contain_text("Removed")
    page.click("#chat-tab-button")
    expect(page.locator("#scope input")).to_have_value("All documents")  # it was chosen, and is gone
    expect_scope_options(page, ["All documents", STORE, WAREHOUSE])
