"""Questions on a small real index: "Is that true?" looks for what else the article says; a
question for a language finds the one in use; a follow-up keeps its own closeness to the passage;
a runner-up that holds the kind of answer asked for stands in for a best passage that holds none,
unless it is about someone else."""

from __future__ import annotations

import pytest
from llama_index.core.schema import TextNode

from conftest import story_chain
from rag.chain import Chain
from rag.question import Question
from rag.rank import Scored
from rag.retrieve import Candidate
from rag.understand import claim_to_check, referent, restated, retrieval_query

STORY = """Fire destroys warehouse on River Road

A fire destroyed a furniture warehouse on River Road on Sunday night, and nobody was hurt.

The owner, Tom Hale, says the fire was started deliberately by a rival firm.

Fire investigators found that the blaze began in faulty wiring behind an office wall.

The warehouse had been closed since Friday for a public holiday.

About 40 firefighters fought the blaze for six hours before it was under control.

Speaking to neighbours in halting Portuguese, a night guard described the first flames.
"""

CLAIM = "Tom Hale says the fire was started deliberately by a rival firm [1]."


@pytest.fixture(scope="module")
def fire_chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return story_chain(tmp_path_factory, "fire", STORY)


@pytest.mark.parametrize(("question", "checks"), [
    ("Is that true?", True),
    ("is that really true", True),
    ("Can that be verified?", True),
    ("Is there any evidence for that?", True),
    ("Really?", True),
    ("Is it true that the warehouse was closed?", False),  # a question of its own
    ("Was he there?", False),
])
def test_a_question_that_asks_whether_the_last_answer_is_true(question: str, checks: bool) -> None:
    history = [{"role": "user", "content": "How did the fire start?"}, {"role": "assistant", "content": CLAIM}]
    assert bool(claim_to_check(question, history)) is checks
    assert claim_to_check(question, None) == ""


def test_is_that_true_cites_what_else_the_article_says(fire_chain: Chain) -> None:
    history = [{"role": "user", "content": "What does the owner say about the fire?"},
               {"role": "assistant", "content": CLAIM}]
    record = fire_chain.answer("Is that true?", history=history)
    assert record.answerable
    assert "faulty wiring" in record.answer  # the investigators' finding, not the owner's account again
    assert "deliberately" not in record.answer
    assert record.claims and all(c.status == "supported" for c in record.claims)


def test_is_that_true_about_something_the_article_never_checks(fire_chain: Chain) -> None:
    history = [{"role": "user", "content": "How many firefighters came?"},
               {"role": "assistant", "content": "About 40 firefighters fought the blaze for six hours [1]."}]
    record = fire_chain.answer("Is that true?", history=history)
    assert "About 40 firefighters" not in record.answer  # never the same sentence as its own proof


def test_a_language_question_finds_the_language_in_use(fire_chain: Chain) -> None:
    record = fire_chain.answer("What language did the guard use when he told people about the fire?")
    assert record.answerable and "Portuguese" in record.answer
    refused = fire_chain.answer("What language did the firefighters use on their radios?")
    assert not refused.answerable  # the one language named is the guard's


TRIP = """Climber returns after week on the mountain

The climber, Lena Vogt, set out from the village of Arnau on Monday with two weeks of food.

Storms forced her to go back to her tent twice on the first day.

After two nights at the lower hut, Vogt walked up to the glacier camp below the summit.

Rescuers said she reached the summit on Thursday and came down safely on Saturday.
"""


def test_where_next_is_not_answered_by_a_sentence_that_only_says_go(tmp_path_factory: pytest.TempPathFactory) -> None:
    chain = story_chain(tmp_path_factory, "trip", TRIP)
    history = [{"role": "user", "content": "Where did Vogt spend her first nights?"},
               {"role": "assistant", "content": "At the lower hut [1]."}]
    record = chain.answer("Where did she go after that?", history=history)
    assert record.answerable and "glacier camp" in record.answer


def test_a_follow_up_is_searched_back_to_the_turn_that_names_who_it_is_about() -> None:
    def turn(user: str, assistant: str) -> list[dict[str, str]]:
        return [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]

    named = turn("Who is Tom Hale?", "The owner of the warehouse [1].")
    unnamed = turn("How old is he?", "He is 52 [1].")
    query = retrieval_query("Where is he from?", named + unnamed)
    assert "Tom Hale" in query and "52" in query and "[1]" not in query
    other = turn("Who owns the van?", "A firm from Leeds [1].")
    assert "Leeds" not in retrieval_query("Where is he from?", other + named)  # the last named turn is enough
    long_answer = "it was a cold night and the wind was strong, " * 10 + "[1]."  # no names, 450 characters
    turns = named + turn("What happened next?", long_answer) + turn("And then?", long_answer)
    query = retrieval_query("Where did he go?", turns)
    assert query.startswith("Who is Tom Hale?") and query.endswith("Where did he go?")
    assert len(query) < 600  # earlier turns add their question and names, not their whole answer
    question = "Which firm insured the burnt warehouse on River Road?"
    assert retrieval_query(question, named) == question  # not a follow-up


@pytest.mark.parametrize(("question", "earlier", "expected"), [
    ("Why?", ["When did she resign?"], "Why did she resign?"),
    ("And where?", ["How many people died?"], "where people died?"),
    ("When?", ["Who won the race?", "Why?"], "When won the race?"),  # back past a bare one
    ("How many?", ["Which towns were flooded?"], "How many towns were flooded?"),
    ("Why did she resign?", ["When did she resign?"], "Why did she resign?"),  # not bare: as asked
    ("Why?", [], "Why?"),
    ("Why?", ["tl;dr"], "Why?"),  # no question to ask again
])
def test_a_bare_question_word_asks_the_previous_question_again(question, earlier, expected) -> None:
    history = [{"role": role, "content": text} for q in earlier for role, text in (("user", q), ("assistant", "..."))]
    assert restated(question, history) == expected


LAB = """Lab says it has found a bacterium that eats plastic

A team at a university lab says it has found a bacterium that breaks down plastic bottles.

Professor Ann Berg, 58, who studies soil enzymes at a technical institute in Leeds, urged caution.

"Weight loss is not the same as breakdown," she said.

"I would want to see what the carbon is turning into before I get excited."

The team plans to share samples with other labs next month.
"""


def test_a_follow_up_may_pass_the_gate_on_its_own_closeness(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The follow-up is retrieved with the earlier question, whose words dilute its closeness to
    the quote that answers it; the quote is still close to the follow-up itself."""
    chain = story_chain(tmp_path_factory, "lab", LAB)
    history = [{"role": "user", "content": "Who is Ann Berg?"},
               {"role": "assistant", "content": "A 58-year-old professor who studies soil enzymes."}]
    record = chain.answer("What would she want to see before getting excited about it?", history=history)
    assert record.answerable and "carbon" in record.answer


def test_a_close_runner_up_holding_the_asked_kind_answers_where_the_best_holds_none(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """ "Professor Berg said sharing ... / That is how science should work" ranks first but names no
    place; the runner-up, as close, says where she works."""
    story = LAB.replace("at a technical institute in Leeds, urged", "at the Dunmore Institute of Technology and was "
                        "not involved in the study, urged")
    story = story.replace("The team plans", "Professor Berg said sharing the samples was the right step. "
                                            "\"That is how science should work,\" she said.\n\nThe team plans")
    chain = story_chain(tmp_path_factory, "lab_where", story)
    record = chain.answer("Where does Professor Berg work?")
    assert record.answerable and "Dunmore Institute" in record.answer


FERRY = """Ferry hits harbour wall

A ferry struck the harbour wall at Portlow on Tuesday, injuring 17 people.

Three of the injured were taken to hospital, including a 72-year-old man who was later released.

The union says crew had warned managers about a faulty steering unit.

Its regional organiser, Ann Berg, 49, told reporters that crew had been pleading for the ship to be withdrawn.

The operator denies that any warning was ignored.
"""


@pytest.mark.parametrize("history", [
    [{"role": "user", "content": "Who is Ann Berg?"},
     {"role": "assistant", "content": "She is the union's regional organiser."}],
    [{"role": "user", "content": "Who speaks for the union?"},
     {"role": "assistant", "content": "Its regional organiser, Ann Berg [1]."}],
])
def test_she_in_a_follow_up_stands_for_the_person_the_last_turn_names(
        tmp_path_factory: pytest.TempPathFactory, history: list[dict[str, str]]) -> None:
    """ "How old is she?" asks Ann Berg's age, not the 72-year-old's nor nobody's."""
    chain = story_chain(tmp_path_factory, "ferry", FERRY)
    record = chain.answer("How old is she?", history=history)
    assert record.answerable and "49" in record.answer


@pytest.mark.parametrize(("question", "turn", "about"), [
    ("How old is she?", ("Who is Ann Berg?", "The union's organiser."), ["ann", "berg"]),
    ("How old is she?", ("Who speaks for the union?", "Its organiser, Dr Ann Berg, in Leeds."), ["ann", "berg"]),
    ("How old is Tom Hale?", ("Who is Ann Berg?", "The union's organiser."), []),  # names someone itself
    ("How old is it?", ("Who is Ann Berg?", "The union's organiser."), []),  # no person
])
def test_whom_a_pronoun_stands_for(question: str, turn: tuple[str, str], about: list[str]) -> None:
    assert referent(Question(question), [turn]) == about



def test_a_runner_up_about_someone_else_does_not_stand_in(fire_chain: Chain) -> None:
    """The best passage names her but gives no length of time; the close runner-up gives one,
    for a man the question does not ask about. A runner-up naming her may stand in."""
    def scored(text: str, typed: float, score: float) -> Scored:
        node = TextNode(text=text, id_=text[:20], metadata={"doc_id": "d", "label": "asserted"})
        return Scored(Candidate(node, 0.03, 0.5, 0.5), 0.5, 0.5, typed, score)

    question = "How long has Ann Berg been chief executive of the utility?"
    best = scored("The utility's chief executive, Ann Berg, apologised to customers.", 0.0, 0.50)
    other = scored("Tom Hale, 72, who has been a customer of the utility for 40 years, was angry.", 1.0, 0.48)
    hers = scored("Ann Berg, who has led the utility for six years, wrote the letter.", 1.0, 0.48)
    reader = fire_chain.read_stage("rules")
    assert reader._typed(Question(question), [best, other]) is best
    assert reader._typed(Question(question), [best, hers]) is hers
