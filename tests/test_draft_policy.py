"""What reaches the model, and which drafts the chain shows, with a fake generator that records
its prompts and answers from a script (the real retrieval and verification, no LLM)."""

from __future__ import annotations

import pytest

from core.errors import BackendUnavailable
from fakes import FakeGenerator
from rag.chain import Chain
from rag.draft import in_passage_order, keeps_what_is_asked
from rag.question import Question

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


@pytest.mark.parametrize(("draft", "faithful"), [
    ("Ruiz travelled to Leeds after the crash.", True),
    ("Ruiz travelled to York.", True),  # words the passage lacks are judged elsewhere
    ("The crash happened after Ruiz travelled to Leeds.", False),  # the right words, recombined
])
def test_a_tiny_model_draft_keeps_the_passage_order(draft: str, faithful: bool) -> None:
    assert in_passage_order(draft, "Ruiz travelled to Leeds after the crash.") is faithful


@pytest.mark.parametrize(("draft", "kept"), [
    ("After trying twice to reach Geneva, Ann Lee sailed north.", True),
    ("After trying twice to reach Geneva, she sailed north.", True),  # the question's name may become "she"
    ("Ann Lee sailed north and crossed the lake.", False),  # the cut dropped "trying twice ... Geneva"
])
def test_a_tiny_model_draft_keeps_the_words_the_question_asks_with(draft: str, kept: bool) -> None:
    passage = "After trying twice to reach Geneva, Ann Lee sailed north and crossed the lake."
    assert keeps_what_is_asked(draft, passage, Question("Which city did Ann Lee try twice to reach?")) is kept


@pytest.mark.parametrize(("draft", "kept"), [
    ("He said the firm had suspended all high-level trips.", True),
    ("The firm was suspended for a month.", False),  # what was suspended is gone
])
def test_a_tiny_model_draft_keeps_what_follows_the_verb_asked_about(draft: str, kept: bool) -> None:
    passage = "Tom Hale said the firm would help any review and had suspended all high-level trips for a month."
    assert keeps_what_is_asked(draft, passage, Question("What did he say the firm had suspended?")) is kept
