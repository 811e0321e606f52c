"""False premises: a value the question states that the evidence gives differently."""

from __future__ import annotations

import pytest

from rag.premise import correction, premise_contrasts

DOC = ("A 15-year-old chess player from Austria has denied cheating. She signed a four-month contract in July. "
       "After pleading with locals, he was detained by Norwegian border guards on Friday. "
       "Russian guards fired at him as he climbed.")


@pytest.mark.parametrize(("question", "passage", "asked", "said"), [
    ("Why is 17-year-old Ann Roth accused of cheating?",
     "A 15-year-old chess player from Austria has denied cheating.", "17-year-old", "15-year-old"),
    ("When did she sign her six-month contract?", "She signed a four-month contract in July.",
     "six-month", "four-month"),
    ("Why was he arrested by Russian border guards?",
     "After pleading with locals, he was detained by Norwegian border guards on Friday.",
     "Russian border guards", "Norwegian border guards"),
    ("Why did he sign the contract in April?", "She signed a four-month contract in July.", "April", "July"),
    ("What happened on Tuesday at the border?",
     "After pleading with locals, he was detained by Norwegian border guards on Friday.", "Tuesday", "Friday"),
])
def test_a_value_the_passage_gives_differently_is_a_contrast(question, passage, asked, said) -> None:
    contrasts = premise_contrasts(question, passage, DOC)
    assert [(c.asked, c.said) for c in contrasts] == [(asked, said)]
    c = contrasts[0]
    assert passage[c.start:c.end] == said
    assert correction(c) == f"The article says “{said}”, not “{asked}”."


@pytest.mark.parametrize(("question", "passage"), [
    ("Why is the 15-year-old accused of cheating?", "A 15-year-old chess player from Austria has denied cheating."),
    ("Why did the Russian guards fire?", "Russian guards fired at him as he climbed."),
    # the article has Russian guards elsewhere: a passage about Norwegian ones is no contrast
    ("Where were the Russian guards?", "After pleading with locals, he was detained by Norwegian border guards."),
    ("When did he sign the contract in July?", "She signed a four-month contract in July."),
    ("How many troops did he get each week?", "He got 30 troops a week."),  # no value in the question
    ("Why did Susan leave on the first day?", "She left on the second day."),  # ordinals and names are not values
])
def test_no_contrast_where_the_question_agrees_or_states_no_value(question, passage) -> None:
    assert premise_contrasts(question, passage, DOC) == []


def test_a_date_the_document_gives_elsewhere_is_no_contrast() -> None:
    passage = "She signed a four-month contract in July."
    assert premise_contrasts("Why did she ask in April?", passage, DOC + " In April she asked for a longer one.") == []


def test_the_same_number_said_of_another_thing_does_not_hide_a_contrast() -> None:
    passage = "She signed a four-month contract in July."
    document = DOC + " The fighting of the past six months was the fiercest of the war."
    contrasts = premise_contrasts("When did she sign her six-month contract?", passage, document)
    assert [c.said for c in contrasts] == ["four-month"]
    assert premise_contrasts("When did she sign her six-month contract?", passage,
                             document + " Her six-month contract was a draft.") == []


STORY = """Fire destroys warehouse on River Road

A fire destroyed a furniture warehouse on River Road on Sunday night, and nobody was hurt.

Fire investigators found that the blaze began in faulty wiring behind an office wall.

The warehouse had been closed since Friday for a public holiday.

About 40 firefighters fought the blaze for six hours before it was under control.
"""


@pytest.fixture(scope="module")
def fire_chain(tmp_path_factory: pytest.TempPathFactory):
    from conftest import story_chain

    return story_chain(tmp_path_factory, "premise", STORY)


def test_an_answer_to_a_false_premise_says_first_what_the_article_gives(fire_chain) -> None:
    record = fire_chain.answer("Why were 60 firefighters needed to fight the blaze?")
    assert record.answerable
    assert record.answer.startswith("The article says “40 firefighters”, not “60 firefighters” [1].")
    assert record.claims[0].status == "supported" and record.claims[0].citations == [1]
    quote = record.citations[0]
    assert STORY[quote.start:quote.end] == quote.quote and "40 firefighters" in quote.quote


def test_a_true_premise_gets_no_correction(fire_chain) -> None:
    record = fire_chain.answer("Why were 40 firefighters needed to fight the blaze?")
    assert record.answerable and "not “" not in record.answer
