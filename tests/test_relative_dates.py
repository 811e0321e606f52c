"""Relative dates resolved with the real dateparser against an article's publication date, and where that
date is found in a page (index/published.py)."""

from __future__ import annotations

from datetime import date

import pytest
from articles import CAFE, LIGHTHOUSE

from conftest import SEED_ARTICLE
from index.clean import split_blocks
from index.published import publication_date
from rag.relative_dates import describe, relative_dates, resolve

TUESDAY = date(2023, 3, 7)


@pytest.mark.parametrize(("written", "expected"), [
    ("last Friday", date(2023, 3, 3)),
    ("yesterday", date(2023, 3, 6)),
    ("Monday", date(2023, 3, 6)),
    ("Tuesday", TUESDAY),  # the paper's own weekday is that day, not the week before
    ("last Tuesday", date(2023, 2, 28)),
    ("two weeks ago", date(2023, 2, 21)),
    ("3 days ago", date(2023, 3, 4)),
    ("last month", date(2023, 2, 7)),
    ("today", TUESDAY),
])
def test_a_relative_date_is_the_day_it_meant_when_published(written: str, expected: date) -> None:
    assert resolve(written, TUESDAY) == expected


def test_the_dates_of_a_quote_keep_their_offsets_in_the_file() -> None:
    quote = "Police said on Tuesday that the shop was robbed last Friday, and two weeks ago a van was seen."
    found = relative_dates(quote, 500, "2023-03-07")
    assert [(d.text, d.date) for d in found] == [("Tuesday", "2023-03-07"), ("last Friday", "2023-03-03"),
                                                 ("two weeks ago", "2023-02-21")]
    for resolved in found:
        assert quote[resolved.start - 500:resolved.end - 500] == resolved.text
        assert resolved.basis == "2023-03-07"


@pytest.mark.parametrize("quote", [
    "The hearing is on Friday 3 March.", "It opened on Monday, March 6, to the public.",
    "The tower was built in 1871.", "Fridays are market days.",
])
def test_a_weekday_with_its_date_or_no_weekday_is_no_relative_date(quote: str) -> None:
    assert relative_dates(quote, 0, "2023-03-07") == []


def test_no_publication_date_no_dates() -> None:
    assert relative_dates("It closed last Friday.", 0, "not a date") == []


def test_the_line_shown_beside_a_citation() -> None:
    [resolved] = relative_dates("It closed last Friday.", 0, "2023-03-07")
    assert describe(resolved) == "last Friday → Fri 3 March 2023, from the article's date 7 March 2023"


def published(text: str, fmt: str = "txt") -> str | None:
    return publication_date(text, split_blocks(text, fmt))


BODY = ("The council approved the new bridge across the river after a long debate, officials said.\n\n"
        "Work on the bridge will start next spring and should take two years to finish.\n")


@pytest.mark.parametrize(("text", "fmt", "expected"), [
    (CAFE, "txt", "2023-03-07"),
    (f"Bridge approved at last\n\nPosted March 9th, 2023 at 10:15\n\n{BODY}", "txt", "2023-03-09"),
    (f"Bridge approved at last\n\nUpdated 12 March 2023\n\nPublished 9 March 2023\n\n{BODY}", "txt", "2023-03-09"),
    (f"# Bridge approved\n\n2023-03-09\n\n{BODY}", "md", "2023-03-09"),
    (f"LEEDS, 9 March 2023 — {BODY}", "txt", "2023-03-09"),
    ('<html><head><meta property="article:published_time" content="2023-03-09T08:00:00Z"></head>'
     f"<body><p>{BODY}</p></body></html>", "html", "2023-03-09"),
])
def test_the_publication_date_is_found_where_pages_put_it(text: str, fmt: str, expected: str) -> None:
    assert published(text, fmt) == expected


@pytest.mark.parametrize("text", [
    LIGHTHOUSE,  # "last Saturday", but no date for it
    SEED_ARTICLE.read_text(encoding="utf-8"),  # "Published 1 day ago"
    f"Bridge approved at last\n\n{BODY}The old bridge was closed on 3 March 2023 after a flood.\n",  # an event
])
def test_no_full_date_in_the_header_is_no_publication_date(text: str) -> None:
    assert published(text) is None
