"""\"Who is quoted in the article?\": each named source once, with the first sentence that reports them."""

from __future__ import annotations

import pytest

from conftest import story_chain
from rag.routes import pick
from rag.understand import understand

FERRY = """Ferry hits harbour wall at Portlow

A passenger ferry struck the harbour wall at Portlow on Tuesday evening, injuring 17 people.

The union's regional organiser, Ann Berg, said crew had warned managers about a faulty steering unit.

"We raised it three times, in writing, and nothing was done," Ms Berg told reporters on Wednesday.

Police said an investigation had begun and that the ferry would stay in port until it was inspected.

The operator's spokesman, Tom Hale, said no warning about the steering had ever been ignored.
"""
QUIET = """Ferry hits harbour wall at Portlow

A passenger ferry struck the harbour wall at Portlow on Tuesday evening, injuring 17 people.

The ferry, which carries up to 300 passengers, had served the island route for eleven years.
"""


@pytest.mark.parametrize(("question", "route"), [
    ("Who is quoted in the article?", "sources"),
    ("Who are the sources?", "sources"),
    ("Whom does the story quote?", "sources"),
    ("Which sources does the article cite?", "sources"),
    ("Who is the union organiser quoted in the story?", "question"),  # asks about one of them
])
def test_a_question_about_the_sources_takes_the_sources_route(question: str, route: str) -> None:
    assert pick(understand(question, None, 4000)).name == route


def test_each_named_source_is_cited_once_with_whose_account_it_is(tmp_path_factory: pytest.TempPathFactory) -> None:
    chain = story_chain(tmp_path_factory, "quoted", FERRY)
    record = chain.answer("Who is quoted in the article?")
    assert record.answerable
    assert [c.quote for c in record.citations] == [  # Ms Berg's second sentence is hers again; police are unnamed
        "The union's regional organiser, Ann Berg, said crew had warned managers about a faulty steering unit.",
        "The operator's spokesman, Tom Hale, said no warning about the steering had ever been ignored.",
    ]
    assert [c.status for c in record.claims] == ["reported", "reported"]
    assert "Ann Berg" in record.claims[0].note and "Tom Hale" in record.claims[1].note


def test_an_article_that_quotes_nobody_says_so(tmp_path_factory: pytest.TempPathFactory) -> None:
    chain = story_chain(tmp_path_factory, "unquoted", QUIET)
    record = chain.answer("Who are the sources?")
    assert not record.answerable and record.refused_by == "read:no_sources"
