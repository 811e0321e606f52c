"""Pure rules that stay beside the reader: a two-part question is read part by part, and a tiny
model's draft must keep the passage's order and the words the question asks with."""

from __future__ import annotations

import pytest

from rag.chain import in_passage_order, keeps_what_is_asked, question_parts


@pytest.mark.parametrize(("question", "parts"), [
    ("When was the club founded, and who runs it?", ["When was the club founded", "who runs it?"]),
    ("How much does it cost and how long does it take?", ["How much does it cost", "how long does it take?"]),
    ("Which two rivers meet in the town?", ["Which two rivers meet in the town?"]),
    ("When did it open, and in what year did she buy it?", ["When did it open", "in what year did she buy it?"]),
    ("Where did she go and with whom?", ["Where did she go and with whom?"]),  # "with whom?" alone finds nothing
    ("What did he do and why?", ["What did he do and why?"]),  # "why?" alone finds nothing
])
def test_a_two_part_question_is_answered_part_by_part(question: str, parts: list[str]) -> None:
    assert question_parts(question) == parts


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
    assert keeps_what_is_asked(draft, passage, "Which city did Ann Lee try twice to reach?") is kept


@pytest.mark.parametrize(("draft", "kept"), [
    ("He said the firm had suspended all high-level trips.", True),
    ("The firm was suspended for a month.", False),  # what was suspended is gone
])
def test_a_tiny_model_draft_keeps_what_follows_the_verb_asked_about(draft: str, kept: bool) -> None:
    passage = "Tom Hale said the firm would help any review and had suspended all high-level trips for a month."
    assert keeps_what_is_asked(draft, passage, "What did he say the firm had suspended?") is kept
