"""The reader's training pairs from one labelled article, with a fake embedder that tells texts apart."""

from __future__ import annotations

import random
from pathlib import Path

from fakes import FakeEmbedder
from training.corpus import Article
from training.examples import Builder, negate, swap_opposite, swap_rival

SENTENCES = ["Ann Lee, 52, has run the Mill Lane bakery since 1998.",
             "The bakery sells about 400 loaves a day.",
             "Her brother Tom Hale opened a cafe in Leeds in 2004.",
             "The council approved a new car park on Friday.",
             "Rain is expected across the north this weekend.",
             "A local choir will sing at the town hall in May."]
QUESTIONS = [
    {"id": "x:q1", "question": "How long has Ann Lee run the bakery?", "answerable": True, "kind": "literal",
     "gold": ["since 1998"], "evidence": [SENTENCES[0]]},
    {"id": "x:q2", "question": "How old is Tom Hale?", "answerable": False, "kind": "entity_swap",
     "near": SENTENCES[0]},
]


def _builder() -> tuple[Builder, Article]:
    article = Article(name="x", path=Path("x.txt"), sentences=SENTENCES, questions=QUESTIONS, claims=[])
    return Builder([article], FakeEmbedder(), seed=1), article


def test_the_evidence_answers_with_the_gold_span_and_the_rest_do_not() -> None:
    builder, article = _builder()
    pairs = builder.qa(article, QUESTIONS[0], extra_negatives=False)
    answers = [p for p in pairs if p.label == "answers"]
    assert len(answers) == 1 and answers[0].second.startswith(SENTENCES[0])
    start, end = answers[0].span
    assert SENTENCES[0][start:end] == "since 1998"
    assert {p.label for p in pairs} == {"answers", "related", "unrelated"}
    assert not any(p.hard for p in pairs)


def test_a_near_miss_is_a_hard_related_pair_against_its_near_sentence() -> None:
    builder, article = _builder()
    pairs = builder.qa(article, QUESTIONS[1], extra_negatives=False)
    hard = [p for p in pairs if p.hard]
    assert len(hard) == 1 and hard[0].label == "related" and hard[0].second.startswith(SENTENCES[0])
    assert not any(p.label == "answers" for p in pairs)


def test_generated_near_misses_negate_or_swap_a_word_for_its_opposite() -> None:
    assert negate("Did the council approve the plan?") == "Didn't the council approve the plan?"
    assert negate("Why wasn't the bridge opened?") == "Why was the bridge opened?"
    assert negate("How many people were hired?") == "How many people were not hired?"
    assert swap_opposite("Who won the final?", random.Random(0)) == "Who lost the final?"
    assert swap_opposite("Before the vote, who spoke?", random.Random(0)) == "After the vote, who spoke?"
    assert swap_opposite("Who spoke?", random.Random(0)) is None


def test_a_rival_near_miss_asks_for_a_role_or_amount_the_passage_never_mentions() -> None:
    passage = "Jane Roe, the chief executive of Halvern, said her salary was frozen."
    rng = random.Random(0)
    made = {swap_rival("Who is the chief executive of Halvern?", passage, rng) for _ in range(20)}
    assert made and None not in made
    for question in made:
        assert "chief executive" not in question and question.startswith("Who is the ")
        assert question.removeprefix("Who is the ").removesuffix(" of Halvern?").lower() not in passage.lower()
    salary = swap_rival("What was Jane Roe's salary?", passage, rng)
    assert salary and "salary" not in salary and salary.startswith("What was Jane Roe's ")
    # Nothing to swap: the question's role is not in the passage, or it asks for no such thing
    assert swap_rival("Who is the chairman of Halvern?", passage, rng) is None
    assert swap_rival("Why was the trial stopped?", passage, rng) is None
