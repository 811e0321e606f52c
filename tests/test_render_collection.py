"""The page's HTML for asking within a collection (ui/render.py, ui/accounts.py), from made-up records: the
passages not cited folded under "also retrieved" with their documents, resolved dates beside a citation,
who says what, and the document an answer was asked of."""

from __future__ import annotations

import re
from html import unescape

from core.record import Account, AnswerRecord, Citation, Claim, ResolvedDate
from ui import render

LAST_FRIDAY = ResolvedDate(text="last Friday", start=40, end=51, date="2023-03-03", basis="2023-03-07")


def citation(n: int, doc_id: str, quote: str, dates: list[ResolvedDate] | None = None) -> Citation:
    return Citation(id=n, doc_id=doc_id, quote=quote, start=10 * n, end=10 * n + len(quote), score=0.5,
                    dates=dates or [])


def record(**fields) -> AnswerRecord:
    base = {"question": "When was the cafe robbed?", "answer": "It was robbed last Friday [1].", "answerable": True,
            "backend": "fake", "citations": [citation(1, "cafe", "The cafe was robbed last Friday.", [LAST_FRIDAY])]}
    return AnswerRecord(**{**base, **fields})


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def folded(html: str) -> str:
    """The inside of the sources panel's <details> (the passages retrieved but not cited)."""
    match = re.search(r'<details class="also-retrieved">(.*?)</details>', html, re.S)
    assert match, html
    return match.group(1)


def test_the_passages_not_cited_are_folded_away_with_their_documents() -> None:
    retrieved = [citation(1, "warehouse", "A <b>Leeds</b> warehouse burned for two days."),
                 citation(2, "cafe", "Two weeks ago the back door was forced.")]
    html = render.sources_panel(record(retrieved=retrieved), 0, {},
                                {"warehouse": "Warehouse fire in Leeds", "cafe": "Quayside cafe robbed"})
    inside = folded(html)
    assert "Also retrieved (2), not cited" in text_of(inside)
    assert "Warehouse fire in Leeds" in inside and "Quayside cafe robbed" in inside
    assert "A &lt;b&gt;Leeds&lt;/b&gt; warehouse" in inside  # escaped, never markup
    assert "cite-link" not in inside  # nothing in it is cited
    before = html[:html.index("<details")]
    assert "The cafe was robbed last Friday." in before and "Two weeks ago" not in before
    assert "<details open" not in html


def test_without_other_passages_there_is_nothing_to_fold() -> None:
    assert "<details" not in render.sources_panel(record(), 0, {})


def test_a_resolved_date_is_shown_beside_its_citation() -> None:
    html = render.sources_panel(record(), 0, {})
    assert ("last Friday → Fri 3 March 2023, from the article's date 7 March 2023"
            in text_of(html[html.index('id="source-1"'):]))
    undated = record(citations=[citation(1, "cafe", "The cafe was robbed last Friday.")])
    assert "→" not in text_of(render.sources_panel(undated, 0, {}))


def test_who_says_what_groups_the_answer_by_speaker() -> None:
    claims = [Claim(text="The owner says the till was taken.", status="reported", citations=[1]),
              Claim(text="Police say there is no <link>.", status="reported", citations=[2])]
    accounts = [Account(speaker="the owner", claims=[claims[0].text], citations=[1], doc_ids=["cafe"],
                        caveat="Her account could not be verified."),
                Account(speaker="Police", claims=[claims[1].text], citations=[2], doc_ids=["cafe"])]
    citations = [citation(1, "cafe", "The owner says the till was taken."),
                 citation(2, "cafe", "Police say there is no link.")]
    html = render.answer_message(record(claims=claims, citations=citations, accounts=accounts), 3)
    shown = text_of(html)
    assert "Who says what" in shown
    assert shown.index("the owner says [1] reported The owner says") < shown.index("Police say [2] reported Police")
    assert 'the article says: “Her account could not be verified.”' in shown
    assert "no &lt;link&gt;" in html and 'class="cite-link turn-3"' in html
    assert html.count('class="rag-badge badge-reported"') == 2 and "rag-claims" not in html  # badges in the accounts


def test_an_article_speaking_in_its_own_voice_is_named_when_there_are_several() -> None:
    accounts = [Account(speaker="the article", claims=["It burned for two days."], citations=[1],
                        doc_ids=["warehouse"]),
                Account(speaker="the article", claims=["It was out in six hours."], citations=[2], doc_ids=["store"])]
    html = render.answer_message(record(accounts=accounts), 0, {"warehouse": "Warehouse fire", "store": "Store fire"})
    shown = text_of(html)
    assert "the article “Warehouse fire” says" in shown and "the article “Store fire” says" in shown


def test_an_answer_names_the_document_it_was_asked_of() -> None:
    html = render.answer_message(record(scope="cafe"), 0, {"cafe": "Quayside cafe robbed"})
    assert '<div class="rag-scope">Asked of Quayside cafe robbed</div>' in html
    assert "rag-scope" not in render.answer_message(record(), 0, {})


def test_an_answer_shows_the_readers_short_answer_and_a_refusal_says_why() -> None:
    html = render.answer_message(record(short_answer="23 to <19>"), 0)
    assert 'In short: <strong>23 to &lt;19&gt;</strong>' in html
    refused = render.answer_message(record(answerable=False, answer="The article does not say.",
                                           refused_by="read:detail_absent"), 0)
    assert "Why: the passages that answer do not give a name or number the question states" in refused
    assert "Why:" not in render.answer_message(record(answerable=False, answer="No.", refused_by="read:unknown"), 0)
