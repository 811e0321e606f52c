"""Asking within a collection (rag/ask.py, rag/scope.py) on a real index of four small articles: a question
scoped to one document, follow-ups that stay with the document the conversation is about unless they name
another, the passages retrieved but not cited, who says what, and relative dates resolved on citations."""

from __future__ import annotations

import pytest
from articles import CAFE, LIGHTHOUSE, LIGHTHOUSE_QUESTION, STORE_FIRE, WAREHOUSE_FIRE

from core.errors import DocumentNotFound
from core.settings import Settings
from index.ingest import ingest
from index.store import Store
from rag.ask import ask
from rag.chain import Chain
from rag.scope import conversation_document, is_follow_up

FIRST = "Where was the furniture store that burned down?"


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    folder = tmp_path_factory.mktemp("collection")
    for name, text in (("store", STORE_FIRE), ("warehouse", WAREHOUSE_FIRE), ("cafe", CAFE),
                       ("lighthouse", LIGHTHOUSE)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    settings = Settings(index_dir=folder / "index", backend="extractive")
    ingest([folder], settings, progress=False)
    return Chain(settings, use_llm=False)


def cited(record) -> set[str]:
    return {c.doc_id for c in record.citations}


def test_a_scoped_question_is_answered_from_that_document_only(chain: Chain) -> None:
    question = "How long did the fire burn?"
    assert cited(ask(chain, question)) == {"warehouse"}  # asked of all, the warehouse's two days win
    scoped = ask(chain, question, doc_id="store")
    assert scoped.scope == "store" and scoped.answerable
    assert cited(scoped) == {"store"} and "six hours" in scoped.answer
    assert {c.doc_id for c in scoped.retrieved} <= {"store"}


def test_a_scoped_gist_is_that_documents_lead(chain: Chain) -> None:
    record = ask(chain, "What is this article about?", doc_id="lighthouse")
    assert cited(record) == {"lighthouse"} and len(record.citations) == 2


def test_an_unknown_document_is_a_one_line_error(chain: Chain) -> None:
    with pytest.raises(DocumentNotFound, match=r"^No document 'nope' in the index; `rag docs list` shows the ids\.$"):
        ask(chain, "Who put it out?", doc_id="nope")


def history_after(chain: Chain, question: str) -> tuple[list[dict[str, str]], str | None]:
    record = ask(chain, question)
    return [{"role": "user", "content": question}, {"role": "assistant", "content": record.answer}], \
        conversation_document(record)


def test_a_follow_up_stays_with_the_document_the_previous_answer_cited(chain: Chain) -> None:
    history, about = history_after(chain, FIRST)
    assert about == "store"
    assert cited(chain.answer("Who put it out?", history)) == {"warehouse"}  # unscoped, the other fire
    record = ask(chain, "Who put it out?", history, about=about)
    assert record.scope == "store" and record.answerable and cited(record) == {"store"}


def test_a_follow_up_that_names_another_document_goes_to_it(chain: Chain) -> None:
    history, about = history_after(chain, FIRST)
    record = ask(chain, "How long did it burn at the warehouse?", history, about=about)
    assert record.scope == "warehouse" and cited(record) == {"warehouse"}
    assert "two days" in record.answer


def test_a_question_of_its_own_is_asked_of_all_documents(chain: Chain) -> None:
    history, about = history_after(chain, FIRST)
    question = LIGHTHOUSE_QUESTION
    assert not is_follow_up(question, history)
    record = ask(chain, question, history, about=about)
    assert record.scope is None and cited(record) == {"lighthouse"}


def test_a_chosen_document_wins_over_the_conversation(chain: Chain) -> None:
    history, about = history_after(chain, FIRST)
    record = ask(chain, "Who put it out?", history, doc_id="warehouse", about=about)
    assert record.scope == "warehouse" and cited(record) == {"warehouse"}


def test_a_removed_document_no_longer_holds_the_conversation(chain: Chain) -> None:
    history, _ = history_after(chain, FIRST)
    record = ask(chain, "Who put it out?", history, about="gone")
    assert record.scope is None


def test_the_passages_not_cited_are_kept_apart(chain: Chain) -> None:
    record = ask(chain, "When was the cafe broken into?")
    assert record.retrieved, record
    cited_quotes = {c.quote for c in record.citations}
    assert all(r.quote not in cited_quotes for r in record.retrieved)
    assert [r.id for r in record.retrieved] == list(range(1, len(record.retrieved) + 1))


def test_the_lead_of_the_cafe_story_gives_two_accounts(chain: Chain) -> None:
    record = ask(chain, "What is this article about?", doc_id="cafe")
    speakers = [a.speaker for a in record.accounts]
    assert len(speakers) == 2 and "Police" in speakers and any("Tamsin" in s for s in speakers)
    assert [a.citations for a in record.accounts] == [[1], [2]]
    assert record.citations[1].speaker == "Police"


def test_a_relative_date_is_resolved_on_the_citation_of_a_dated_article(chain: Chain) -> None:
    assert Store(chain.settings).manifest()["cafe"].published == "2023-03-07"
    record = ask(chain, "When was the cafe broken into?")
    [first] = record.citations
    assert [(d.text, d.date, d.basis) for d in first.dates] == [("last Friday", "2023-03-03", "2023-03-07")]
    assert CAFE[first.dates[0].start:first.dates[0].end] == "last Friday"


def test_an_undated_article_shows_no_resolved_date(chain: Chain) -> None:
    record = ask(chain, "When was the lighthouse switched back on?")
    assert "last Saturday" in record.answer
    assert all(c.dates == [] for c in record.citations)


def test_the_python_api_takes_the_scope_too(chain: Chain, monkeypatch: pytest.MonkeyPatch) -> None:
    import rag

    monkeypatch.setenv("RAG_INDEX_DIR", str(chain.settings.index_dir))
    monkeypatch.setenv("RAG_BACKEND", "extractive")
    rag.reset_chain()
    assert cited(rag.answer("How long did the fire burn?", scope="store")) == {"store"}
    streamed = list(rag.answer_stream("How long did the fire burn?", scope="store"))
    assert cited(streamed[-1]) == {"store"}
