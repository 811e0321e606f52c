"""The article viewer and the sources panel (ui/render.py, fed by ui/documents.py): the cleaned article,
without its page chrome, with citation offsets into the original file still marking the cited words."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from conftest import SEED_ARTICLE
from core.record import AnswerRecord, Citation
from index.document import parse_document
from index.store import DocumentEntry, Store
from ui import render
from ui.documents import Article, cited_articles

SEED_CHROME = ["Connect with us", "Hi, what are you looking for?", "Published", "About sharing", "Image source"]
STORY = """Skip to content
Home | Local | Sport

Council approves the new Oxbridge Vale library

By Ana Reyes

The council approved plans for a new library in Oxbridge Vale on Monday, after a two-hour debate.

Image source, Vale Gazette
Image caption, The old library closed in 2019

The building will cost 4.2 million pounds and should open in the spring of 2028, the council said.

Related stories
Vale bakery wins regional prize
"""


def shown_text(html: str) -> str:
    """What a reader sees of the viewer's HTML: the text, tags removed, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def marks(html: str) -> dict[int, str]:
    """{n: the marked text} of the <mark id="cite-N"> elements."""
    found = re.findall(r'<mark id="cite-(\d+)" class="cite-mark">(.*?)</mark>', html)
    return {int(n): unescape(text) for n, text in found}


def source_names(html: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<span class="source-doc"[^>]*>(.*?)</span>', html)]


def citation_of(path: Path, position: int, n: int = 1) -> Citation:
    sentence = parse_document(path).sentences[position]
    return Citation(id=n, doc_id=path.stem, quote=sentence.text, start=sentence.start, end=sentence.end, score=0.9,
                    source=str(path.resolve()), label=sentence.label)


def article_of(path: Path, title: str | None = "A title") -> Article:
    entry = DocumentEntry(doc_id=path.stem, source=str(path.resolve()), sha256="0", title=title, chunks=1)
    probe = Citation(id=1, doc_id=path.stem, quote="", start=0, end=0, score=0.0, source=entry.source)
    return cited_articles([probe], {path.stem: entry}, 1_000_000)[entry.source]


def test_the_seed_article_is_shown_without_its_page_chrome(seed_chain, seed_settings) -> None:
    record = seed_chain.answer("How old is Andrey Medvedev?")
    articles = cited_articles(record.citations, Store(seed_settings).manifest(), seed_settings.max_document_bytes)
    html = render.article_panel(record, 0, articles)
    text = shown_text(html)
    for chrome in SEED_CHROME:
        assert chrome not in text, chrome
    assert "As Andrey Medvedev dashed towards the remote Russia-Norway border" in text
    assert marks(html) == {c.id: c.quote for c in record.citations}  # offsets into the file mark the quotes
    original = SEED_ARTICLE.read_text(encoding="utf-8")
    assert all(original[c.start:c.end] == c.quote for c in record.citations)


def test_only_the_body_paragraphs_are_shown_joined_by_paragraph_breaks(tmp_path: Path) -> None:
    path = tmp_path / "library.txt"
    path.write_text(STORY, encoding="utf-8")
    document = parse_document(path)
    body = [block.text for block in document.blocks if block.kind == "body"]
    citation = citation_of(path, len(document.sentences) - 1)
    article = article_of(path)
    html = render.highlighted_text(article.text or "", [citation], article.body)
    assert shown_text(html) == "\n\n".join(body)
    assert marks(html) == {1: citation.quote} and citation.quote.startswith("The building will cost")
    for chrome in ("Skip to content", "Image source", "Image caption", "Related stories", "By Ana Reyes"):
        assert chrome not in html


def test_a_cited_span_outside_the_body_is_still_shown_and_marked(tmp_path: Path) -> None:
    path = tmp_path / "library.txt"
    path.write_text(STORY, encoding="utf-8")
    article = article_of(path)
    start = STORY.index("Image caption")
    end = STORY.index("\n", start)
    stray = Citation(id=2, doc_id="library", quote=STORY[start:end], start=start, end=end, score=0.1,
                     source=str(path.resolve()))
    html = render.highlighted_text(STORY, [stray], article.body)
    assert marks(html) == {2: "Image caption, The old library closed in 2019"}
    assert "Image source" not in html and "Skip to content" not in html


def test_an_entity_inside_one_html_paragraph_is_shown_as_the_reader_sees_it() -> None:
    page = "<p>Tickets cost 5 pounds &amp; children travel free, the operator said.</p>\n<p>Second paragraph.</p>"
    first = (page.index("Tickets"), page.index(" &amp;"))
    second = (page.index("children"), page.index("</p>"))
    third = (page.index("Second"), page.rindex("</p>"))
    assert shown_text(render.highlighted_text(page, [], (first, second, third))) == (
        "Tickets cost 5 pounds & children travel free, the operator said.\n\nSecond paragraph.")


def test_a_long_article_shows_windows_of_its_body_around_the_citation(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {i} of the long report describes the harbour works in some detail." for i in range(900)]
    path = tmp_path / "long.txt"
    path.write_text("\n\nImage source, Port Authority\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert path.stat().st_size > render.FULL_TEXT_LIMIT
    citation = Citation(id=1, doc_id="long", quote=paragraphs[450], start=path.read_text().index(paragraphs[450]),
                        end=path.read_text().index(paragraphs[450]) + len(paragraphs[450]), score=0.5,
                        source=str(path.resolve()))
    article = article_of(path)
    html = render.highlighted_text(article.text or "", [citation], article.body)
    assert marks(html) == {1: paragraphs[450]}
    assert html.count('class="rag-gap"') == 2 and "Image source" not in html
    assert "Paragraph 449 " in html and "Paragraph 10 " not in html


def test_each_source_names_its_document(tmp_path: Path) -> None:
    path = tmp_path / "library.txt"
    path.write_text(STORY, encoding="utf-8")
    titled, untitled = citation_of(path, 0, 1), citation_of(path, 1, 2)
    gone = Citation(id=3, doc_id="removed_story", quote="It was.", start=0, end=7, score=0.2,
                    source=str(tmp_path / "removed_story.txt"))
    record = AnswerRecord(question="When?", answer="On Monday [1] [2] [3].", answerable=True, backend="extractive",
                          citations=[titled, untitled, gone])
    for title in ("Council approves the new Oxbridge Vale library", None):
        entry = DocumentEntry(doc_id="library", source=str(path.resolve()), sha256="0", title=title, chunks=2)
        articles = cited_articles(record.citations, {"library": entry}, 1_000_000)
        names = source_names(render.sources_panel(record, 0, articles))
        assert names[:2] == [title or "library.txt"] * 2  # its title, else its file's name
        assert names[2] == "removed_story.txt"  # no longer indexed: its file's name, never read
    assert source_names(render.sources_panel(record, 0, {})) == ["library", "library", "removed_story"]  # the ids
