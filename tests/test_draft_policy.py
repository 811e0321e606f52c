"""What reaches the model, and which drafts the chain shows, with a fake generator that records
its prompts and answers from a script (the real retrieval and verification, no LLM)."""

from __future__ import annotations

import pytest

from core.errors import BackendUnavailable
from fakes import FakeGenerator
from rag.chain import Chain

QUESTION = "Who runs the Wagner Group?"


@pytest.fixture(scope="module")
def make_chain(seed_settings):
    def make(generator: FakeGenerator) -> Chain:
        return Chain(seed_settings, generator=generator)
    return make


def test_the_model_gets_the_question_and_the_numbered_evidence(make_chain) -> None:
    fake = FakeGenerator(["Yevgeny Prigozhin runs it."])
    record = make_chain(fake).answer(QUESTION)
    [(question, passages)] = fake.prompts
    assert question == QUESTION
    assert [n for n, _ in passages] == [1] and "Prigozhin" in passages[0][1]
    assert record.citations[0].quote == passages[0][1]


def test_a_faithful_draft_is_shown_with_its_citation(make_chain) -> None:
    record = make_chain(FakeGenerator(["The businessman Yevgeny Prigozhin runs the group."])).answer(QUESTION)
    assert record.answer.startswith("The businessman Yevgeny Prigozhin runs the group") and "[1]" in record.answer


def test_a_draft_with_words_the_passage_lacks_gives_way_to_the_passage(make_chain) -> None:
    record = make_chain(FakeGenerator(["Vladimir Putin runs the group."], strict=True)).answer(QUESTION)
    assert "Putin" not in record.answer and "Prigozhin" in record.answer


def test_a_draft_saying_not_found_gives_way_to_the_passage(make_chain) -> None:
    record = make_chain(FakeGenerator(["NOT IN ARTICLE"])).answer(QUESTION)
    assert "Prigozhin" in record.answer and "NOT IN ARTICLE" not in record.answer


def test_a_model_that_fails_mid_answer_leaves_the_extractive_answer_and_a_notice(make_chain) -> None:
    fake = FakeGenerator(["Yevgeny Prigozhin runs it."], fail=BackendUnavailable("The model process stopped"))
    record = make_chain(fake).answer(QUESTION)
    assert "Prigozhin" in record.answer and record.notice.startswith("The model process stopped")


def test_an_unanswerable_question_never_reaches_the_model(make_chain) -> None:
    fake = FakeGenerator(["Canberra."])
    record = make_chain(fake).answer("What is the capital of Australia?")
    assert not record.answerable and fake.prompts == []
