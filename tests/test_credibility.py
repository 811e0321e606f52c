""""Is he telling the truth?": the answer is what the article says about checking the accounts it
reports, for the person asked about, or "The article does not say"."""

from __future__ import annotations

import pytest

from conftest import story_chain
from rag.chain import Chain
from rag.routes import asks_about_credibility

STORY = """Climber says he survived three nights on the glacier

A climber says he survived three nights on a glacier by digging a snow cave with his ice axe.

Tom Hale, 34, says he lost his way in fog on Sunday and could not reach the hut.

His account could not be independently verified.

The mountain rescue team said it found him on Wednesday morning, cold but unhurt.

Anna Berg, who runs the hut, said the fog was the worst she had seen in years.
"""


@pytest.fixture(scope="module")
def climb_chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return story_chain(tmp_path_factory, "climb", STORY)


@pytest.mark.parametrize("question", [
    "Is Tom Hale telling the truth?", "Is he lying?", "Can his story be verified?", "Has anyone confirmed his account?",
    "Are his claims true?", "Can we trust him?", "How do we know any of this is true?", "Is Hale's account credible?",
])
def test_these_ask_whether_an_account_can_be_believed(question: str) -> None:
    assert asks_about_credibility(question)


@pytest.mark.parametrize("question", [
    "Is the hut reliable?", "Is the glacier safe?", "What did he tell the rescue team?", "Is the hut open in winter?",
    "Was the fog the worst in years?",
])
def test_these_ask_something_else(question: str) -> None:
    assert not asks_about_credibility(question)


@pytest.mark.parametrize("question", ["Is Tom Hale telling the truth?", "Can his story be verified?"])
def test_the_answer_is_the_caveat_on_that_account(climb_chain: Chain, question: str) -> None:
    record = climb_chain.answer(question)
    assert record.answerable
    assert record.answer == "His account could not be independently verified [1]."
    assert STORY[record.citations[0].start:record.citations[0].end] == record.citations[0].quote


def test_an_account_the_article_does_not_question_gets_no_caveat(climb_chain: Chain) -> None:
    record = climb_chain.answer("Is Anna Berg telling the truth?")
    assert not record.answerable  # the caveat is about his account, not hers
