"""Page chrome is dropped and every body paragraph kept, on pages of different shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, SEED_ARTICLE
from index.document import parse_document
from index.sentences import split_sentences

PAGES = [
    (SEED_ARTICLE, FIXTURES / "pages" / "seed_article.expected.json"),
    (FIXTURES / "pages" / "press_release.html", FIXTURES / "pages" / "press_release.expected.json"),
    (FIXTURES / "pages" / "blog_post.md", FIXTURES / "pages" / "blog_post.expected.json"),
    (FIXTURES / "second_article" / "article.txt", FIXTURES / "second_article" / "expected.json"),
]


def _line_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` stands as a whole (trimmed) line or HTML element text of `text`."""
    spans, start = [], 0
    while (at := text.find(needle, start)) >= 0:
        before, after = text[:at].rstrip(" \t"), text[at + len(needle):].lstrip(" \t")
        if (not before or before[-1] in "\n>") and (not after or after[0] in "\n<"):
            spans.append((at, at + len(needle)))
        start = at + 1
    return spans


@pytest.mark.parametrize(("source", "expected"), PAGES, ids=lambda p: Path(p).stem)
def test_body_kept_and_chrome_dropped(source: Path, expected: Path) -> None:
    document = parse_document(source)
    truth = json.loads(expected.read_text(encoding="utf-8"))
    covered = [(s.start, s.end) for s in document.sentences]
    for paragraph in truth["body"]:
        at = document.text.index(paragraph)
        inside = [(s, e) for s, e in covered if at <= s and e <= at + len(paragraph)]
        assert inside, f"body paragraph missing: {paragraph[:60]}"
        assert inside[0][0] == at and inside[-1][1] == at + len(paragraph), paragraph[:60]
    for line in truth["chrome"]:
        spans = _line_spans(document.text, line)
        assert spans, f"fixture chrome line not found as a line: {line[:60]}"
        for lo, hi in spans:
            assert not any(s < hi and lo < e for s, e in covered), f"chrome in the index: {line[:60]}"


@pytest.mark.parametrize(("source", "expected"), PAGES, ids=lambda p: Path(p).stem)
def test_offsets_are_verbatim(source: Path, expected: Path) -> None:
    document = parse_document(source)
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    for sentence in document.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        lo, hi = sentence.paragraph
        assert lo <= sentence.start < sentence.end <= hi


def test_sentence_splitter_keeps_abbreviations_and_quotes() -> None:
    text = "Mr. Smith met Dr Jones at 2 p.m. on Friday. “It went well,” he said. Then U.S. troops left!"
    parts = [text[s:e] for s, e in split_sentences(text)]
    assert parts == [
        "Mr. Smith met Dr Jones at 2 p.m. on Friday.", "“It went well,” he said.", "Then U.S. troops left!"
    ]


def test_html_entities_do_not_break_offsets(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><nav>Home | News</nav><p>The council approved the plan on Monday after a long and "
        "heated debate in the chamber.</p><p>Fish &amp; chips sales rose by a third last year, the "
        "trade body said in its annual report.</p></body></html>",
        encoding="utf-8",
    )
    document = parse_document(page)
    text = page.read_text(encoding="utf-8")
    assert all(text[s.start:s.end] == s.text for s in document.sentences)
    assert any("council approved" in s.text for s in document.sentences)
    assert not any("Home" in s.text for s in document.sentences)


def test_caption_above_a_photo_credit_is_dropped(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(
        "The ferry left the harbour at dawn with more than two hundred passengers on board, officials said.\n\n"
        "Passengers wait on the pier in Dover before the crossing on Friday.\n"
        "Photo: Reuters\n\n"
        "The crossing took four hours because of strong winds in the Channel, the operator said later.\n",
        encoding="utf-8",
    )
    texts = [s.text for s in parse_document(page).sentences]
    assert not any("pier" in t for t in texts)
    assert any("ferry left" in t for t in texts) and any("crossing took" in t for t in texts)


def test_prose_paragraph_after_a_blank_line_is_not_a_caption(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(
        "The ferry left the harbour at dawn with more than two hundred passengers on board, officials said.\n\n"
        "Image source, Reuters\n\n"
        "The crossing took four hours because of strong winds in the Channel.\n\n"
        "The operator said the next sailing would leave on time despite the weather warnings.\n",
        encoding="utf-8",
    )
    assert any("crossing took" in s.text for s in parse_document(page).sentences)


def test_an_article_that_ends_on_short_sentences_keeps_them_but_not_the_footer_after_chrome(tmp_path: Path) -> None:
    page = tmp_path / "custody.txt"
    page.write_text(
        "Teacher held after protest\n\n"
        "Ann Lee, a teacher, is being held in custody near York after a protest on Monday night.\n\n"
        "She grew up in Leeds and moved north in 2015.\n\n"
        "Her lawyer says she will deny the charges.\n\n"
        "Share this article\n\n"
        "Sign up for our newsletter to get the news every morning.\n",
        encoding="utf-8")
    kept = [s.text for s in parse_document(page).sentences]
    assert kept[-2:] == ["She grew up in Leeds and moved north in 2015.", "Her lawyer says she will deny the charges."]
    assert not any("newsletter" in s for s in kept)
