""""What is this article about?": the answer is the article's lead, cited and labelled like
any other answer, not "The article does not say"."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from index.ingest import ingest
from rag.chain import Chain
from rag.routes import asks_for_gist

FERRY = """Ferry captain says storm forced early return

The captain of an island ferry says a sudden storm forced him to turn back an hour into the crossing on Saturday.

The ferry, carrying 212 passengers, docked safely in Oban shortly after noon.

Nobody was hurt, the operator said.
"""
LIBRARY = """Library to stay open on Sundays

The town library will open on Sundays from next month, after the council found money for two extra staff.

Visitor numbers rose by a third last year.
"""


@pytest.mark.parametrize("question", [
    "What is this article about?", "What's the story about?", "Summarise the article", "summarize it",
    "Can you give me a short summary of the article, please?", "tl;dr", "What are the main points?",
    "What does the article say?", "Sum it up for me", "What is the gist?",
])
def test_these_ask_for_the_gist(question: str) -> None:
    assert asks_for_gist(question)


@pytest.mark.parametrize("question", [
    "Summarise what the captain said", "What does the article say about the storm?", "Who wrote the article?",
    "What is the summary of the report she sent?", "What did the report say?", "What is the report about?",
    "What does it say?", "What is it about the crossing that worried them?",
])
def test_these_ask_about_one_thing(question: str) -> None:
    assert not asks_for_gist(question)


def _chain(folder: Path, docs: dict[str, str]) -> Chain:
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(index_dir=folder / "index", backend="extractive")
    ingest([folder], settings, progress=False)
    return Chain(settings, use_llm=False)


def test_the_gist_of_one_article_is_its_first_two_sentences(tmp_path: Path) -> None:
    chain = _chain(tmp_path, {"ferry.txt": FERRY})
    record = chain.answer("What is this article about?")
    assert record.answerable
    assert record.answer == (
        "The captain of an island ferry says a sudden storm forced him to turn back an hour into the crossing "
        "on Saturday [1]. The ferry, carrying 212 passengers, docked safely in Oban shortly after noon [2]."
    )
    assert [c.status for c in record.claims] == ["reported", "supported"]  # the captain's account stays his
    for citation in record.citations:
        assert FERRY[citation.start:citation.end] == citation.quote


def test_the_gist_of_several_articles_is_the_first_sentence_of_each(tmp_path: Path) -> None:
    chain = _chain(tmp_path, {"ferry.txt": FERRY, "library.txt": LIBRARY})
    record = chain.answer("Summarise the article")
    assert record.answerable
    assert sorted(c.doc_id for c in record.citations) == ["ferry", "library"]
    assert all(c.quote.startswith(("The captain", "The town library")) for c in record.citations)
