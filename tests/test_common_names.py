"""A name in most sentences of a story tells nothing about which sentence answers: dense
similarity leaves the document's common names out of the question and the sentence."""

from __future__ import annotations

import pytest

from conftest import story_chain
from rag.chain import Chain
from rag.retrieve import common_names, without_names

STORY = """Sailor crosses the lake alone in a storm

Marta Quell set off from the southern shore on Tuesday evening in a small wooden boat.

Marta Quell had sailed the lake many times, but never in winter.

Friends of Marta Quell say she had planned the crossing for a year.

Halfway across, the wind turned and Marta Quell lost her mast.

For six hours Marta Quell rowed through the waves with a broken oar.

At the jetty she tied the boat to a post and slept on the pier.

Marta Quell told reporters she would not try it again.

The harbour master said the crossing had been reckless.
"""


def test_names_in_many_sentences_are_common_and_the_rest_are_not() -> None:
    sentences = [
        "Ann Lee left Leeds on Monday.", "Friends of Ann Lee say she was tired.", "Then Ann Lee's car broke down.",
        "A mechanic from York fixed it.", "The police said the road was closed.", "It rained in York all day.",
        "Ann Lee reached Bath at night.", "“Never again,” she said.", "Mr Hale drove her home.",
    ]
    assert common_names(sentences) == {"Ann", "Lee"}  # York twice, below both floors; "Never" opens a quote


def test_a_common_name_is_left_out_with_its_title_and_possessive() -> None:
    names = frozenset({"Ann", "Lee"})
    assert without_names("Then Ann Lee's car broke down.", names) == "Then car broke down."
    assert without_names("Mr Lee said so", names) == "said so"
    assert without_names("Annabel stayed.", names) == "Annabel stayed."  # whole words only
    assert without_names("Nothing to leave out.", frozenset()) == "Nothing to leave out."


@pytest.fixture(scope="module")
def sail_chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return story_chain(tmp_path_factory, "sail", STORY)


def test_the_answer_without_the_name_beats_sentences_that_only_share_the_name(sail_chain: Chain) -> None:
    # With her name counted, "For six hours Marta Quell rowed ..." ranks first (measured).
    record = sail_chain.answer("What did Marta Quell do when she reached the jetty?")
    assert record.answerable and "tied the boat" in record.answer
    assert record.citations[0].quote.startswith("At the jetty")


def test_a_question_that_is_only_the_name_keeps_it(sail_chain: Chain) -> None:
    named = sail_chain.retriever.retrieve("Who is Marta Quell?")  # not searched as "Who is ?"
    assert named and all(c.focus == pytest.approx(c.cosine, abs=1e-5) for c in named)
    asked = sail_chain.retriever.retrieve("Where did Marta Quell sleep?")
    assert any(abs(c.focus - c.cosine) > 0.05 for c in asked)


def test_a_question_about_a_longer_name_keeps_it(sail_chain: Chain) -> None:
    # Without "Quell", "What is the Sailing Club?" would rank any sentence about a club or sailing.
    named = sail_chain.retriever.retrieve("What is the Quell Sailing Club?")
    assert named and all(c.focus == pytest.approx(c.cosine, abs=1e-5) for c in named)
