"""Which document a follow-up is about (rag/scope.py), from made-up titles, texts and records."""

from __future__ import annotations

import pytest

from core.record import AnswerRecord, Citation
from core.text import content_stems
from rag.scope import DocumentNames, conversation_document, is_follow_up

TEXTS = {
    "coins": "A retired teacher found a hoard of 212 Roman coins. The coins were buried around AD 170. "
             "Ottoline Marsh said her spade struck a pot.",
    "lighthouse": "The lighthouse at Kessock Point was switched back on. Maren Dahl led the restoration of the "
                  "lighthouse. It had stood dark for forty years.",
    "ferry": "The ferry will be skippered by Ines Calloway. The ferry crossing takes an hour. The old captain "
             "is retiring.",
}
TITLES = {
    "coins": "Retired teacher finds Roman coins under Dunmore allotment",
    "lighthouse": "Volunteers relight the Kessock Point lighthouse after forty years",
    "ferry": "Island ferry gets a new captain",
}
SUBJECTS = {"coins": "Marsh", "lighthouse": "Dahl", "ferry": "Calloway"}  # names each uses throughout


@pytest.fixture
def names() -> DocumentNames:
    keys = {doc: frozenset(content_stems(f"{TITLES[doc]} {SUBJECTS[doc]}")) for doc in TEXTS}
    return DocumentNames(keys, TEXTS)


@pytest.mark.parametrize(("question", "current", "expected"), [
    ("And what about the coins?", "lighthouse", "coins"),  # a title word its text uses
    ("When did Dahl start on it?", "ferry", "lighthouse"),  # a name it is about
    ("Where did she find it?", "lighthouse", None),  # "finds" is in a title, never in its text
    ("How old is the captain?", "coins", "ferry"),
    ("How old is the captain?", "ferry", None),  # the current document's own word
    ("Was the lighthouse dark for forty years?", "lighthouse", None),  # about the current one
    ("Is the ferry older than the lighthouse?", "coins", None),  # names two alike: unsure
    ("Is it true?", "coins", None),
    ("What about the coins?", None, "coins"),  # no document yet
])
def test_a_follow_up_names_a_document_by_a_word_only_it_is_known_by(
        names: DocumentNames, question: str, current: str | None, expected: str | None) -> None:
    assert names.named(question, current) == expected


def test_a_word_two_titles_share_names_neither() -> None:
    texts = {"a": "The fire destroyed a store.", "b": "The fire burned a warehouse."}
    keys = {"a": frozenset(content_stems("Fire destroys store")), "b": frozenset(content_stems("Warehouse fire"))}
    names = DocumentNames(keys, texts)
    assert names.named("How did the fire start?", None) is None
    assert names.named("What about the warehouse fire?", "a") == "b"


def record(doc_ids: list[str], answerable: bool = True, scope: str | None = None) -> AnswerRecord:
    citations = [Citation(id=i + 1, doc_id=d, quote="q", start=0, end=1, score=0.5) for i, d in enumerate(doc_ids)]
    return AnswerRecord(question="q", answer="a", answerable=answerable, citations=citations, backend="fake",
                        scope=scope)


@pytest.mark.parametrize(("previous", "expected"), [
    (None, None),
    (record(["coins", "coins"]), "coins"),
    (record(["coins", "ferry"]), None),  # a gist of several documents is about none of them
    (record(["coins"], answerable=False), None),  # the closest passages are not what it is about
    (record(["coins"], answerable=False, scope="ferry"), "ferry"),  # it was asked of the ferry story
])
def test_the_document_a_conversation_is_about(previous: AnswerRecord | None, expected: str | None) -> None:
    assert conversation_document(previous) == expected


def turn(user: str, assistant: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]


@pytest.mark.parametrize(("question", "history", "expected"), [
    ("How old is he?", turn("Who is Tom Hale?", "The owner [1]."), True),
    ("Why?", turn("When did she resign?", "In May [1]."), True),
    ("Is that true?", turn("How did it start?", "A rival set it [1]."), True),
    ("Which firm insured the burnt warehouse on River Road?", turn("Who is Tom Hale?", "The owner [1]."), False),
    ("How old is he?", [], False),  # nothing to follow
])
def test_a_follow_up_is_what_the_chain_reads_with_the_turns_before(question: str, history: list,
                                                                   expected: bool) -> None:
    assert is_follow_up(question, history) is expected
