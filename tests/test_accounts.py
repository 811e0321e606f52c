"""Who says what (rag/accounts.py): an answer's claims grouped by speaker, from made-up records."""

from __future__ import annotations

import pytest

from core.record import AnswerRecord, Citation, Claim
from rag.accounts import ARTICLE, UNNAMED, group_accounts, says

CAVEAT = "His account could not be independently verified."


def citation(n: int, label: str = "asserted", speaker: str | None = None, caveat: str | None = None,
             doc_id: str = "fire") -> Citation:
    return Citation(id=n, doc_id=doc_id, quote=f"passage {n}", start=10 * n, end=10 * n + 9, score=0.5,
                    label=label, speaker=speaker, caveat=caveat)


def record(claims: list[Claim], citations: list[Citation], question: str = "How did the fire start?") -> AnswerRecord:
    return AnswerRecord(question=question, answer=" ".join(c.text for c in claims),
                        answerable=True, claims=claims, citations=citations, backend="fake")


def test_a_reported_account_and_the_article_are_two_voices() -> None:
    accounts = group_accounts(record(
        [Claim(text="Tom Hale says a rival firm started it.", status="reported", citations=[1]),
         Claim(text="Investigators found faulty wiring.", status="supported", citations=[2])],
        [citation(1, "reported", "Tom Hale", CAVEAT), citation(2)],
    ))
    assert [(a.speaker, a.citations, a.caveat) for a in accounts] == [("Tom Hale", [1], CAVEAT), (ARTICLE, [2], None)]
    assert accounts[0].claims == ["Tom Hale says a rival firm started it."]


def test_claims_of_one_speaker_are_grouped_in_order_of_first_speaking() -> None:
    accounts = group_accounts(record(
        [Claim(text="Police say the door was forced.", status="reported", citations=[1]),
         Claim(text="The owner says the till was taken.", status="reported", citations=[2]),
         Claim(text="Police say nobody was seen.", status="reported", citations=[3])],
        [citation(1, "reported", "Police"), citation(2, "reported", "the owner"), citation(3, "reported", "police")],
    ))
    assert [a.speaker for a in accounts] == ["Police", "the owner"]
    assert accounts[0].citations == [1, 3] and len(accounts[0].claims) == 2


@pytest.mark.parametrize(("claims", "citations"), [
    ([Claim(text="A fire destroyed the store.", status="supported", citations=[1]),
      Claim(text="Nobody was hurt.", status="supported", citations=[2])], [citation(1), citation(2)]),
    ([Claim(text="He says he heard dogs.", status="reported", citations=[1]),
      Claim(text="He says the men were close.", status="reported", citations=[2])],
     [citation(1, "reported", "Andrey Medvedev"), citation(2, "reported", "Andrey Medvedev")]),
    ([Claim(text="He says he heard dogs.", status="reported", citations=[1]),
      Claim(text="It was snowing.", status="unsupported", citations=[2], note="The article does not say this.")],
     [citation(1, "reported", "Andrey Medvedev"), citation(2)]),  # an unsupported claim is nobody's account
])
def test_one_voice_is_no_set_of_accounts(claims: list[Claim], citations: list[Citation]) -> None:
    assert group_accounts(record(claims, citations)) == []


def test_two_documents_telling_of_one_thing_are_two_accounts_even_in_their_own_voices() -> None:
    claims = [Claim(text="The Leeds fire burned for two days.", status="supported", citations=[1]),
              Claim(text="The Leeds fire was out in six hours.", status="supported", citations=[2])]
    citations = [citation(1, doc_id="gazette"), citation(2, doc_id="herald")]
    accounts = group_accounts(record(claims, citations, "How long did it burn?"))
    assert [(a.speaker, a.doc_ids) for a in accounts] == [(ARTICLE, ["gazette"]), (ARTICLE, ["herald"])]
    assert group_accounts(record(claims, citations, "How long did the Leeds fire burn?")) == []  # only its words


def test_the_leads_of_unrelated_stories_are_no_accounts() -> None:
    accounts = group_accounts(record(
        [Claim(text="He claims he heard dogs behind him.", status="reported", citations=[1]),
         Claim(text="The ferry now leaves at 9am, the port authority said.", status="reported", citations=[2])],
        [citation(1, "reported", "Andrey Medvedev", doc_id="escape"),
         citation(2, "reported", "the port authority", doc_id="ferry")],
        "What are the main points?",
    ))
    assert accounts == []


def test_a_report_without_a_speaker_is_unnamed_sources() -> None:
    accounts = group_accounts(record(
        [Claim(text="Recruits are reportedly paid $10,000.", status="reported", citations=[1]),
         Claim(text="The group was founded in 2014.", status="supported", citations=[2])],
        [citation(1, "reported"), citation(2)],
    ))
    assert [a.speaker for a in accounts] == [UNNAMED, ARTICLE]


@pytest.mark.parametrize(("speaker", "expected"), [
    ("Tom Hale", "Tom Hale says"), ("police", "police say"), ("Police", "Police say"),
    ("officials", "officials say"), ("the 26-year-old", "the 26-year-old says"), ("they", "they say"),
    ("Mr Jones", "Mr Jones says"), ("the press", "the press say"), (ARTICLE, "the article says"),
])
def test_the_verb_agrees_with_the_speaker(speaker: str, expected: str) -> None:
    assert says(speaker) == expected
