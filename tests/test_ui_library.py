"""The Documents tab in headless Chromium: upload, ask, remove, re-index, refusals in one line, example
questions from what is indexed, and the article viewer without page chrome (extractive backend)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from articles import BAD_FILES, HTML_WITH_CHROME, MAX_BYTES
from browser import ANSWER_MS, BROWSER_MARKS, ask, open_tab, screenshot

from conftest import SEED_ARTICLE, SEEDS, running_app
from core.settings import Settings
from index.ingest import ingest
from index.store import Store

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = BROWSER_MARKS

SECOND_ARTICLE = Path(__file__).resolve().parent / "fixtures" / "second_article" / "article.txt"
UPDATE_DOCS = bool(os.environ.get("RAG_UPDATE_SCREENSHOT"))  # refresh docs/screenshot-collection*.png
# A made-up article that no index holds until the test uploads it.
UPLOADED_TITLE = "Retired teacher finds Roman coins under Dunmore allotment"
UPLOADED = f"""{UPLOADED_TITLE}

A retired teacher digging a new vegetable bed in Dunmore found a hoard of 212 Roman silver coins last month, \
the county museum said on Thursday.

Ottoline Marsh, 67, said her spade struck a clay pot about a foot below the surface of her allotment.

Museum curator Idris Penhallow said the coins were buried around AD 170 and were in remarkably good condition.

The hoard will be valued by an independent committee before the museum decides whether to buy it.
"""
UPLOADED_QUESTION = "How many Roman coins were found in Dunmore?"
SEED_CHROME = ["Connect with us", "Hi, what are you looking for?", "Published", "About sharing", "Image source"]
SEED_NAMES = ["Medvedev", "Wagner", "Prigozhin", "Norway", "Russia"]


@pytest.fixture(scope="module")
def library_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index of the seed article and an HTML page of its own: these tests add and remove documents."""
    docs = tmp_path_factory.mktemp("library-docs")
    (docs / "island_ferry.html").write_text(HTML_WITH_CHROME, encoding="utf-8")
    settings = Settings(index_dir=tmp_path_factory.mktemp("library") / "index", seeds_dir=SEEDS,
                        backend="extractive", max_document_bytes=MAX_BYTES)
    ingest([SEEDS, docs], settings, progress=False)
    return settings


@pytest.fixture(scope="module")
def app_url(library_settings: Settings) -> Iterator[str]:
    with running_app(library_settings) as url:
        yield url


def show_documents(page) -> None:
    page.click("#documents-tab-button")
    expect(page.locator("#documents")).to_be_visible()


def show_chat(page) -> None:
    page.click("#chat-tab-button")
    expect(page.locator("#question textarea")).to_be_visible()


def cell(page, row: int | str, column: int):
    """Cells of the documents table (a virtual grid of role="gridcell"); row "" for every row."""
    where = f'[data-row="{row}"]' if row != "" else ""
    return page.locator(f'#documents [role="gridcell"]{where}[data-col="{column}"]')


def listed_files(page) -> list[str]:
    """The File column of the documents table, once it is filled."""
    expect(cell(page, 0, 1)).to_be_visible()
    return [name.strip() for name in cell(page, "", 1).all_inner_texts()]


def upload(page, files: list[tuple[str, bytes]]) -> None:
    with page.expect_file_chooser() as chooser:
        page.click("#upload")
    chooser.value.set_files([{"name": name, "mimeType": "application/octet-stream", "buffer": data}
                             for name, data in files])


def choose(page, label: str) -> None:
    page.click("#document-choice input")
    page.get_by_role("option", name=label).click()


def cited_documents(page) -> list[str]:
    return [name.strip() for name in page.locator("#sources .source-doc").all_inner_texts()]


def test_an_uploaded_article_is_cited_and_once_removed_no_longer(page) -> None:
    show_documents(page)
    before = listed_files(page)
    upload(page, [("coins.txt", UPLOADED.encode())])
    expect(page.locator("#library-status .library-done")).to_contain_text(f"Added {UPLOADED_TITLE} (coins.txt)",
                                                                          timeout=ANSWER_MS)
    assert set(listed_files(page)) == {*before, "coins.txt"}
    screenshot(page, "collection", "screenshot-collection.png", UPDATE_DOCS)

    show_chat(page)
    expect(page.locator("#examples button.example", has_text="Ottoline Marsh")).to_be_visible()  # newest first
    reply = ask(page, UPLOADED_QUESTION)
    assert "212" in reply.locator(".rag-answer").inner_text()
    assert reply.locator(".rag-answer a.cite-link").count() >= 1
    assert cited_documents(page) and set(cited_documents(page)) == {UPLOADED_TITLE}
    expect(page.locator("#article .rag-doc-title")).to_have_text(UPLOADED_TITLE)
    page.locator("#examples button.example", has_text="Ottoline Marsh").click()
    expect(page.locator("#chat .rag-reply")).to_have_count(2, timeout=ANSWER_MS)
    screenshot(page, "collection-chat", "screenshot-collection-chat.png", UPDATE_DOCS)

    show_documents(page)
    choose(page, f"{UPLOADED_TITLE} (coins.txt)")
    page.click("#remove")
    expect(page.locator("#library-status .library-done")).to_have_text(f"Removed {UPLOADED_TITLE} (coins.txt).")
    assert listed_files(page) == before
    show_chat(page)
    expect(page.locator("#examples button.example", has_text="Ottoline Marsh")).to_have_count(0)
    ask(page, UPLOADED_QUESTION)
    assert UPLOADED_TITLE not in cited_documents(page)
    assert UPLOADED_TITLE not in page.locator("#article").inner_text()


def test_a_row_click_chooses_the_document_to_reindex(page) -> None:
    show_documents(page)
    row = listed_files(page).index(SEED_ARTICLE.name)
    cell(page, row, 0).click()
    expect(page.locator("#document-choice input")).to_have_value(re.compile(re.escape(f"({SEED_ARTICLE.name})")))
    page.click("#reindex")
    done = page.locator("#library-status .library-done")
    expect(done).to_contain_text(re.compile(rf"^Re-indexed .+ \({re.escape(SEED_ARTICLE.name)}\): \d+ sentences\.$"),
                                 timeout=ANSWER_MS)
    page.click("#remove")  # nothing is chosen after a change: nothing is removed
    expect(page.locator("#library-status .library-error")).to_have_text("⚠ Choose a document to remove first.")
    assert SEED_ARTICLE.name in listed_files(page)


def test_each_bad_file_gives_its_one_line_error_and_nothing_is_lost(page) -> None:
    show_documents(page)
    before = listed_files(page)
    upload(page, [(name, data) for name, data, _, _ in BAD_FILES])
    errors = page.locator("#library-status .library-error")
    expect(errors).to_have_count(len(BAD_FILES), timeout=ANSWER_MS)
    lines = errors.all_inner_texts()
    for (name, _, _, words), line in zip(BAD_FILES, lines):
        assert line.startswith(f"⚠ {name}: ") and words in line, line
        assert "\n" not in line.strip() and "Traceback" not in line
    expect(page.locator("#library-status .library-done")).to_have_count(0)
    assert listed_files(page) == before
    show_chat(page)
    ask(page, "How old is Andrey Medvedev?")
    assert cited_documents(page)  # the seed article still answers


def test_the_article_viewer_shows_the_seed_article_without_its_page_chrome(page) -> None:
    reply = ask(page, "How old is Andrey Medvedev?")
    viewer = page.locator("#article .rag-article-body").first
    expect(viewer).to_contain_text("As Andrey Medvedev dashed towards the remote Russia-Norway border")
    shown = viewer.inner_text()
    for chrome in SEED_CHROME:
        assert chrome not in shown, chrome
    reply.locator("a.cite-link").first.click()
    mark = page.locator("#article mark#cite-1")
    expect(mark).to_have_class(re.compile(r"\bactive\b"))
    assert mark.inner_text() in SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def other_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index without the seed article: a made-up story whose byline (page chrome) names its writer."""
    docs = tmp_path_factory.mktemp("other-docs")
    (docs / "whistleblower.txt").write_text(SECOND_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    settings = Settings(index_dir=tmp_path_factory.mktemp("other") / "index", backend="extractive")
    ingest([docs], settings, progress=False)
    return settings


def test_examples_name_nothing_the_index_lacks(browser, other_settings: Settings) -> None:
    indexed = " ".join(node.get_content() for node in Store(other_settings).all_nodes())
    with running_app(other_settings) as url:
        with open_tab(browser, url) as tab:
            examples = tab.locator("#examples button.example")
            expect(examples.nth(1)).to_be_visible()
            questions = [text.strip() for text in examples.all_inner_texts() if text.strip()]
            assert questions[0] == "What is this article about?" and len(questions) >= 2
            for question in questions:
                assert not any(name in question for name in [*SEED_NAMES, "Lindqvist"]), question
                for word in re.findall(r"[A-Z][\w'’-]*", question)[1:]:
                    assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", indexed), (question, word)
            examples.nth(1).click()
            reply = tab.locator("#chat .rag-reply").last
            expect(reply.locator(".rag-answer a.cite-link").first).to_be_visible(timeout=ANSWER_MS)
