"""False premises: a value the question states that the evidence gives differently."""

from __future__ import annotations

import pytest

from rag.premise import correction, premise_contrasts

DOC = ("A 16-year-old swimmer from Austria has denied doping. She signed a five-year lease in July. "
       "After asking locals for directions, she was stopped by Spanish customs officers on Friday. "
       "Italian officers waved at her as she drove past.")


@pytest.mark.parametrize(("question", "passage", "asked", "said"), [
    ("Why is 17-year-old Ann Roth accused of doping?",
     "A 16-year-old swimmer from Austria has denied doping.", "17-year-old", "16-year-old"),
    ("When did she sign her two-year lease?", "She signed a five-year lease in July.",
     "two-year", "five-year"),
    ("Why was she stopped by Italian customs officers?",
     "After asking locals for directions, she was stopped by Spanish customs officers on Friday.",
     "Italian customs officers", "Spanish customs officers"),
    ("Why did she sign the lease in April?", "She signed a five-year lease in July.", "April", "July"),
    ("What happened on Tuesday at the border?",
     "After asking locals for directions, she was stopped by Spanish customs officers on Friday.",
     "Tuesday", "Friday"),
])
def test_a_value_the_passage_gives_differently_is_a_contrast(question, passage, asked, said) -> None:
    contrasts = premise_contrasts(question, passage, DOC)
    assert [(c.asked, c.said) for c in contrasts] == [(asked, said)]
    c = contrasts[0]
    assert passage[c.start:c.end] == said
    assert correction(c) == f"The article says “{said}”, not “{asked}”."


@pytest.mark.parametrize(("question", "passage"), [
    ("Why is the 16-year-old accused of doping?", "A 16-year-old swimmer from Austria has denied doping."),
    ("Why did the Italian officers wave?", "Italian officers waved at her as she drove past."),
    # the article has Italian officers elsewhere: a passage about Spanish ones is no contrast
    ("Where were the Italian officers?", "After asking locals for directions, she was stopped by Spanish officers."),
    ("When did she sign the lease in July?", "She signed a five-year lease in July."),
    ("How many tickets did she sell each week?", "She sold 30 tickets a week."),  # no value in the question
    ("Why did Susan leave on the first day?", "She left on the second day."),  # ordinals and names are not values
])
def test_no_contrast_where_the_question_agrees_or_states_no_value(question, passage) -> None:
    assert premise_contrasts(question, passage, DOC) == []


def test_a_date_the_document_gives_elsewhere_is_no_contrast() -> None:
    passage = "She signed a five-year lease in July."
    assert premise_contrasts("Why did she ask in April?", passage, DOC + " In April she asked for a longer one.") == []


def test_the_same_number_said_of_another_thing_does_not_hide_a_contrast() -> None:
    passage = "She signed a five-year lease in July."
    document = DOC + " The drought of the past two years was the worst on record."
    contrasts = premise_contrasts("When did she sign her two-year lease?", passage, document)
    assert [c.said for c in contrasts] == ["five-year"]
    assert premise_contrasts("When did she sign her two-year lease?", passage,
                             document + " Her two-year lease was a draft.") == []


@pytest.mark.parametrize(("question", "asked", "said"), [
    ("Why was the hull holed below the waterline?", "below the waterline", "above the waterline"),
    ("Why did the town upstream of the dam flood?", "upstream of the dam", "downstream of the dam"),
])
def test_the_opposite_side_of_the_same_thing_is_a_contrast(question: str, asked: str, said: str) -> None:
    passage = "The ship was holed above the waterline, and the town downstream of the dam flooded."
    assert [(c.asked, c.said) for c in premise_contrasts(question, passage, passage)] == [(asked, said)]
    assert premise_contrasts(question, passage, passage + f" Nothing was {asked}.") == []  # the article says it too


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


FERRY = """Ferry hits harbour wall

A ferry struck the harbour wall at Portlow on Tuesday, injuring 17 people.

The ferry, which was built in 2004, sustained a three-metre gash to its bow above the waterline and was towed to a \
repair yard.

The operator says the ship will be out of service for at least nine weeks.
"""


def test_a_passage_that_corrects_the_premise_answers_though_it_shares_few_words(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from conftest import story_chain

    chain = story_chain(tmp_path_factory, "ferry_premise", FERRY)
    record = chain.answer("Given that the hull was holed below the waterline, is the ship at risk of sinking in port?")
    assert record.answerable
    assert record.answer.startswith("The article says “above the waterline”, not “below the waterline” [1].")


def test_a_true_premise_gets_no_correction(fire_chain) -> None:
    record = fire_chain.answer("Why were 40 firefighters needed to fight the blaze?")
    assert record.answerable and "not “" not in record.answer


BRIDGE = """Old bridge shut after cracks found

Engineers say the Mill Street bridge could have been saved if repairs had started earlier.

The council closed the Mill Street bridge on 3 June after an inspection found cracks in two of its supports.

A council spokesman said the bridge carried about 9,000 vehicles a day before it shut.
"""


def test_a_month_the_article_never_uses_is_corrected_from_the_close_passage_that_dates_the_event(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from conftest import story_chain
    from rag.question import Question

    chain = story_chain(tmp_path_factory, "bridge", BRIDGE)
    question = "What happened to the bridge in May?"
    ranked = chain.selector.rank(Question(question), chain.retriever.retrieve(question), chain.corpus.paragraphs)
    assert "3 June" not in ranked[0].candidate.text  # the closest passage gives no date
    record = chain.answer(question)
    assert record.answerable
    assert record.answer.startswith("The article says “3 June”, not “May” [1].")
    assert "3 June" in record.citations[0].quote


def test_a_bare_why_is_asked_with_the_previous_question_and_its_premise(fire_chain) -> None:
    earlier = "How long did the 60 firefighters fight the blaze?"
    answer = fire_chain.answer(earlier).answer
    history = [{"role": "user", "content": earlier}, {"role": "assistant", "content": answer}]
    record = fire_chain.answer("Why?", history)  # asked as "Why did the 60 firefighters fight the blaze?"
    assert record.question == "Why?"
    assert record.answerable and record.answer.startswith("The article says “40 firefighters”, not “60 firefighters”")


ROLES = ("Tom Hale resigned on Monday after twelve years at the club. The treasurer, who was on holiday, "
         "returned on Friday. Ann Berg, the club's coach, said the team would miss him.")


@pytest.mark.parametrize(("question", "asked", "said"), [
    ("Why did the club's treasurer Tom Hale resign?", "the club's treasurer", "Tom Hale"),
    ("Why was Tom Hale, the treasurer, on holiday?", "the treasurer", "Tom Hale"),
])
def test_a_role_no_sentence_naming_the_person_gives_is_a_contrast(question, asked, said) -> None:
    contrasts = premise_contrasts(question, "Tom Hale resigned on Monday after twelve years at the club.", ROLES)
    assert [(c.asked, c.said, c.unsaid) for c in contrasts] == [(asked, said, True)]
    assert correction(contrasts[0]) == f"The article does not call {said} “{asked}”."


@pytest.mark.parametrize("question", [
    "What did Ann Berg, the club's coach, say?",  # the article gives her that role
    "What did the coach Ann Berg say?",
    "Why did Tom Hale resign?",  # no role given
    "Why did the captain Jo Marsh leave?",  # someone the article never names
    "How much did the club pay Tom Hale?",  # "the club" is the subject, "pay" the verb: no role
    "Why did the club's board thank Ann Berg?",
])
def test_no_role_contrast_where_the_article_agrees_or_names_nobody(question) -> None:
    passage = "Ann Berg, the club's coach, said the team would miss him."
    assert [c for c in premise_contrasts(question, passage, ROLES) if c.unsaid] == []


def test_a_false_role_is_corrected_from_a_passage_naming_the_person(tmp_path_factory: pytest.TempPathFactory) -> None:
    from conftest import story_chain

    story = ("Club treasurer away as coach quits\n\nTom Hale resigned as coach on Monday after twelve years at the "
             "club.\n\nThe club's treasurer, who was on holiday in Spain, returned on Friday.\n")
    chain = story_chain(tmp_path_factory, "roles", story)
    record = chain.answer("Why was Tom Hale, the club's treasurer, in Spain?")
    assert record.answerable
    assert record.answer.startswith("The article does not call Tom Hale “the club's treasurer” [1].")
    assert record.citations[0].quote.startswith("Tom Hale resigned")
    assert all(c.citations != [1] for c in record.claims[1:])  # his passage backs the correction only
