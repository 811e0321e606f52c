"""Pure rules of the answerable-or-not decision: the gate's checks, the ranking, two-part questions."""

from __future__ import annotations

import pytest
from llama_index.core.schema import TextNode

from core.text import content_stems
from rag.gate import (
    leaves_unnamed,
    named_but_absent,
    names_another_one,
    says_it_is_not_known,
)
from rag.names import names_an_entity
from rag.question import Question
from rag.rank import EvidenceSelector
from rag.retrieve import Candidate


@pytest.mark.parametrize(("question", "parts"), [
    ("When was the club founded, and who runs it?", ["When was the club founded", "who runs it?"]),
    ("How much does it cost and how long does it take?", ["How much does it cost", "how long does it take?"]),
    ("Which two rivers meet in the town?", ["Which two rivers meet in the town?"]),
    ("When did it open, and in what year did she buy it?", ["When did it open", "in what year did she buy it?"]),
    ("Where did she go and with whom?", ["Where did she go and with whom?"]),  # "with whom?" alone finds nothing
    ("What did he do and why?", ["What did he do and why?"]),  # "why?" alone finds nothing
])
def test_a_two_part_question_is_answered_part_by_part(question: str, parts: list[str]) -> None:
    assert [part.text for part in Question(question).parts] == parts


STORY = ("The mayor, Ana Ruiz, said the bridge would reopen in May. Police closed the road after the crash. "
         "The first prize went to a local baker, and second place to a farmer.")


@pytest.mark.parametrize(("question", "absent"), [
    ("What did the government say about the bridge?", "the government"),  # never mentioned
    ("What did the mayor say about the bridge?", None),
    ("What did she say about the bridge?", None),
    ("Which station did the police send?", "station"),
    ("Which road did police close?", None),
    ("What kind of bridge is it?", None),
    ("What dose did the baker take?", None),  # "what X did" is too often a paraphrase to judge
    ("What type of vehicle crashed?", "vehicle"),
    ("Which year did the bridge open?", None),  # a time, judged by the answer type
    ("Where was Oliver Grant arrested?", "Oliver Grant"),
    ("Where was Ana Grant born?", None),  # "Ana" is known: maybe a relative, judged by the passage
    ("Did the Leeds police close the road?", None),
    ("Which other roads did police close?", None),  # "other" is no word a document lacks
])
def test_a_question_about_something_the_documents_never_name_is_not_answered(question, absent) -> None:
    assert named_but_absent(Question(question), set(content_stems(STORY))) == absent


@pytest.mark.parametrize(("question", "context", "other"), [
    ("What did the third-place finisher win?", STORY, True),
    ("What did the second-place finisher win?", STORY, False),
    ("Who won the first prize?", STORY, False),
    ("Which town did she first visit?", "She went to Leeds.", False),  # an adverb, not one of a series
    ("When did the ship last pass its survey?", "It passed its survey in August.", False),
    ("When did the firm first tell customers?", "The firm did not tell customers until 29 April.", False),
    ("Who won the men's third round?", STORY, True),
    ("Who won the last round?", STORY, True),
])
def test_a_question_about_another_one_of_a_series_is_not_answered(question, context, other) -> None:
    assert names_another_one(Question(question), context) is other


def test_word_matcher_finds_a_paraphrase_word_by_word() -> None:
    """With the real MiniLM: "residents" and "phone the police" are found in "locals" and "call the authorities"."""
    from index.embed import encode_texts
    from rag.rank import WordMatcher

    matcher = WordMatcher(encode_texts, weight=lambda term: 1.0)
    question = "How did he ask the residents to phone the police?"
    close = matcher.coverage(question, "He pleaded with locals to call the authorities.")
    far = matcher.coverage(question, "He crossed the river before dawn.")
    assert close >= 0.4 > far
    assert matcher.coverage(question, "The residents phoned the police.") > close  # exact words count fully


@pytest.mark.parametrize(("question", "sentence", "unknown"), [
    ("What did the report show?", "Officials read the report but have not said what it showed.", True),
    ("Why did she resign?", "Why she resigned is unclear.", True),
    ("How long was he held?", "He was held, but it is not known for how long.", True),
    ("Is anyone under arrest?", "Police did not say whether anyone was under arrest.", True),
    ("Who wrote the report?", "Officials have not said what the report showed.", False),  # another question word
    ("Why did the dam fail?", "It is unclear why the alarm was not raised.", False),  # about something else
    ("What crime was she fined for?", "Her offence is not known, although neighbours say it was noise.", False),
])
def test_a_passage_that_says_the_answer_is_not_known(question: str, sentence: str, unknown: bool) -> None:
    assert says_it_is_not_known(Question(question), sentence) is unknown


@pytest.mark.parametrize(("sentence", "entity"), [
    ("She also sent the files to the US Food and Drug Administration.", True),
    ("She crossed the Spanish border on Friday as French police closed in.", False),
    ("Tom Hale, the mayor, spoke.", False),  # the question names him
])
def test_which_x_may_be_answered_by_a_named_entity(sentence: str, entity: bool) -> None:
    assert names_an_entity(sentence, Question("Which regulator did Tom Hale call?")) is entity


@pytest.mark.parametrize(("question", "sentence", "unnamed"), [
    ("Which opening did she play?", "“We prepared the opening she played back in May,” he said.", True),
    ("Which crossing did he use to reach Chile?", "He tried to cross twice into Chile.", True),
    ("In which round did she lose?", "She lost to Ruiz in the seventh round.", False),
    ("Which gate did they use?", "They left through gate 3 at dawn.", False),
    ("Which other labs have repeated the test?", "No other lab has yet repeated the test.", False),  # none
    ("On which stock market did the shares fall?", "The shares fell 23% on the Toronto Stock Exchange.", False),
    ("Which regulator did she call?", "She called the Food and Drug Administration.", False),  # no "regulator" to judge
    ("On which forum did she find the data?", "She found the data on a forum on 2 April.", True),  # a date says when
    ("Which French club bought Tom Hale?", "Leeds sold Tom Hale to a French club for £3m.", True),  # "bought" is a verb
    ("Which French club bought Tom Hale?", "Leeds sold Tom Hale to the French club Lyon for £3m.", False),
])
def test_which_x_needs_the_x_identified(question: str, sentence: str, unnamed: bool) -> None:
    assert leaves_unnamed(Question(question), sentence) is unnamed


@pytest.mark.parametrize(("question", "speaker"), [
    ("What did the coach say about the game?", {"coach"}),
    ("Why did she leave the hall, according to her coach?", {"coach"}),
    ("What did she say about it?", set()),  # any speaker
    ("What does Ann Lee's lawyer say about the crash?", {"lawyer"}),  # the lawyer's account, not hers
    ("What did the report recommend, according to her?", set()),
    ("Why did she leave the hall?", None),  # no account asked for
])
def test_whose_account_a_question_asks_for(question: str, speaker: set[str] | None) -> None:
    assert Question(question).speaker == speaker


def _first(question: str, corpus: list[str], candidates: list[tuple[str, dict, float]]) -> str:
    """The sentence EvidenceSelector ranks first of `candidates`, each (text, metadata, cosine)."""
    nodes = [Candidate(TextNode(text=text, id_=str(i), metadata=meta), 0.03, cosine, cosine)
             for i, (text, meta, cosine) in enumerate(candidates)]
    return EvidenceSelector(corpus).rank(Question(question), nodes, {})[0].candidate.text


def test_the_asked_speakers_account_ranks_above_an_equal_sentence_about_them() -> None:
    about = "The coach stayed outside the hall with her for several minutes."
    account = "The coach says she left the hall to fetch water."
    candidates = [(about, {"label": "asserted"}, 0.62),
                  (account, {"label": "reported", "speaker": "The coach"}, 0.55)]
    assert _first("Why did she leave the hall, according to the coach?", [about, account], candidates) == account
    # without the account asked for, the closer sentence first
    assert _first("Why did she leave the hall?", [about, account], candidates) == about


def test_a_who_question_prefers_a_name_next_to_what_it_asks_about() -> None:
    lawyer = ("Ann Lee's lawyer in Leeds, Tom Hale, told the BBC on Monday that his client had seen a great deal "
              "on the night of the crash.")  # names, but none near "crash" or "arrested"
    arrest = "After the crash, Ann Lee was arrested by Leeds police officers."
    candidates = [(lawyer, {"label": "reported", "speaker": "Tom Hale"}, 0.90), (arrest, {"label": "asserted"}, 0.55)]
    assert _first("Who arrested Ann Lee after the crash?", [lawyer, arrest], candidates) == arrest


def test_an_account_asked_of_a_role_is_found_under_the_name_the_article_gives() -> None:
    intro = "Ann Lee's lawyer in Leeds, Tom Hale, said the case was weak."
    about = "Ann Lee stayed in Leeds for a month after that."
    account = "“She felt cheated,” Mr Hale told reporters."
    assert EvidenceSelector([intro, about, account]).named_as({"lawyer"}) == {"lawyer", "tom", "hale"}
    candidates = [(about, {"label": "asserted"}, 0.55), (account, {"label": "reported", "speaker": "Tom Hale"}, 0.45)]
    question = "How did Ann Lee feel after the contract was extended, according to her lawyer?"
    assert _first(question, [intro, about, account], candidates) == account


def test_a_count_of_the_noun_asked_about_ranks_above_a_count_of_something_else() -> None:
    rule = "Members need three such badges, along with a year of service, to become instructors."
    field = "The race was won by Ann Lee, ahead of a field that included 14 instructors."
    candidates = [(rule, {"label": "asserted"}, 0.65), (field, {"label": "asserted"}, 0.40)]
    assert _first("How many instructors took part?", [rule, field], candidates) == field
    assert _first("How many instructor badges does a member need?", [rule, field], candidates) == rule
    # with no sentence counting instructors, any count may be a synonym's
    assert _first("How many instructors took part?", [rule], candidates[:1]) == rule


def test_who_is_a_named_person_prefers_a_sentence_that_says_what_they_are() -> None:
    passing = "For Tom Hale, the inquiry is long overdue."
    described = "Tom Hale, 52, says he warned the council a year ago."
    claimed = "The council issued a statement claiming Tom Hale is a troublemaker."
    candidates = [(passing, {"label": "asserted"}, 0.55), (claimed, {"label": "reported"}, 0.5),
                  (described, {"label": "reported"}, 0.45)]
    assert _first("Who is Tom Hale?", [passing, described, claimed], candidates) == described
    assert _first("Who is Tom Hale?", [passing, claimed], candidates[:2]) == passing  # a claim is not what he is


@pytest.mark.parametrize(("question", "kind"), [
    ("Who is Tom Hale?", None), ("Who is Mr Hale?", None), ("And who was Hale?", None),  # what he is
    ("Who is Mr?", "person"), ("Who is the coach?", "name:coach"), ("Who won the race?", "person"),
])
def test_who_is_a_name_asks_what_they_are_not_for_a_name(question: str, kind: str | None) -> None:
    assert Question(question).kind == kind


def test_who_may_be_answered_by_an_unnamed_agent_of_what_is_asked() -> None:
    agent = "The statement added that the ferry is run by a private operator under a ten-year contract."
    other = "The ferry was built in 1987 and carries 200 passengers."
    nodes = [Candidate(TextNode(text=t, id_=str(i), metadata={"label": "asserted"}), 0.03, 0.5, 0.5)
             for i, t in enumerate([agent, other])]
    ranked = EvidenceSelector([agent, other]).rank(Question("Who runs the ferry?"), nodes, {})
    typed = {s.candidate.text: s.typed for s in ranked}
    assert typed == {agent: 0.5, other: 0.0}  # "run by a private operator" says who, though it names nobody


def test_who_to_may_be_answered_by_the_unnamed_recipient() -> None:
    recipient = "A former nurse says she sent hundreds of internal records to regulators last year."
    infinitive = "A former nurse says she wanted the records to stay private."
    nodes = [Candidate(TextNode(text=t, id_=str(i), metadata={"label": "asserted"}), 0.03, 0.5, 0.5)
             for i, t in enumerate([recipient, infinitive])]
    ranked = EvidenceSelector([recipient, infinitive]).rank(Question("Who did she send the records to?"), nodes, {})
    assert {s.candidate.text: s.typed for s in ranked} == {recipient: 0.5, infinitive: 0.0}


def test_an_age_before_a_clause_counts_nothing_the_question_counts() -> None:
    """ "people live" runs into the verb; "71, who has lived" is an age and a clause, not a count of either."""
    town = "Leeford, a market town with a population of about 48,000, is run by an independent group."
    resident = "Ann Lee, 71, who has lived on the street for 40 years, said the potholes came back."
    candidates = [(town, {"label": "asserted"}, 0.65), (resident, {"label": "asserted"}, 0.40)]
    assert _first("Roughly how many people live in Leeford?", [town, resident], candidates) == town


def test_a_population_counts_people() -> None:
    island = "Islanders on Inchfield, which has a population of around 2,300, say the cuts hurt."
    interviews = "Investigators have so far interviewed 38 people, including crew and passengers."
    candidates = [(island, {"label": "asserted"}, 0.6), (interviews, {"label": "asserted"}, 0.3)]
    assert _first("Roughly how many people live on Inchfield?", [island, interviews], candidates) == island


@pytest.mark.parametrize(("question", "passage"), [
    ("Where did she buy the phone?", "She bought the phone at a market."),
    ("When did the story break?", "The story broke on Monday."),
    ("What did he see in the woods?", "In the woods he saw lights."),
    ("How did he feel?", "He felt betrayed."),
])
def test_a_simple_past_shares_its_verb_with_the_question(question: str, passage: str) -> None:
    asked = set(content_stems(question))
    assert asked & set(content_stems(passage)) - {"phone", "stori", "wood"}


def test_a_participle_keeps_its_own_stem() -> None:
    """ "What position was he given?" is no question about giving: "given" often works as an adjective."""
    assert content_stems("given") != content_stems("gave")
