"""The specifics a question states (names and numbers), and whether a passage gives them."""

from __future__ import annotations

import pytest

from rag.details import details, given, missing


@pytest.mark.parametrize(("question", "passage"), [
    ("What did the 2021 staffing review warn about?", "She said the trust ignored a 2022 staffing review."),
    ("How old is Ann Berg?", "Among the dead is Tom Hale, 48, the head teacher."),
    ("When was the plaque at Elm Street church unveiled?", "A plaque was unveiled at Mill Lane church in 1998."),
    ("How much rain fell in the 48 hours before the slide?", "It said 212 millimetres had fallen in 72 hours."),
])
def test_a_changed_name_or_number_is_missing_from_the_passage(question: str, passage: str) -> None:
    assert missing(details(question), passage) is not None


@pytest.mark.parametrize(("question", "passage"), [
    ("What did the 2022 staffing review warn about?", "She said the trust ignored a 2022 staffing review."),
    ("How old is Ann Berg?", "Berg, 52, has led the branch since 2015."),  # the surname gives the name
    ("How many people died in the three days?", "Officials said 14 people died over 3 days."),  # words as digits
    ("What did the council pay for the 1,200 chairs?", "The council bought 1200 chairs for £30,000."),
    ("How many counts of second-degree burglary does he face?", "He faces two counts of second-degree burglary."),
    ("Why did she resign?", "She resigned over the budget."),  # no name or number asked: nothing can be missing
])
def test_a_passage_that_gives_the_details_in_another_form_passes(question: str, passage: str) -> None:
    assert missing(details(question), passage) is None


def test_a_passage_gives_the_values_of_its_numbers_and_the_stems_of_its_words() -> None:
    have = given("Seven firefighters and 1,200 residents left Mill Lane.")
    assert {"7", "1200", "mill", "lane"} <= have and "1" not in have


def test_a_question_states_its_name_runs_and_numbers_but_not_loose_number_words() -> None:
    stated = [d.text for d in details("Did Ann Berg meet the 12 nurses of Elm Street for the first time?")]
    assert stated == ["Ann Berg", "Elm Street", "12"]
    assert details("Why did she resign?") == []
