"""Choosing the checked reader's veto and rescue on dev (eval/checked.py), from made-up records."""

from __future__ import annotations

from eval.checked import REFUSED, choose, decided, guarded, sweep

ANSWERABLE = {"id": "a", "question": "When did the bakery open?", "answerable": True, "gold": ["1998"]}
NEAR_MISS = {"id": "n", "question": "When did the bakery close?", "answerable": False,
             "near": "The bakery opened in 1998."}
PARAPHRASE = {"id": "p", "question": "In which year did the shop start trading?", "answerable": True,
              "gold": ["1998"]}
RIGHT = {"answerable": True, "answer": "The bakery opened in 1998 [1].", "citations": [], "claims": []}


def test_the_veto_refuses_the_rules_answer_below_it_and_the_rescue_takes_the_readers_above_it() -> None:
    ruled = dict(RIGHT, answer_score=0.3)
    assert decided(ANSWERABLE, ruled, REFUSED, veto=0.2, rescue=1.01) is ruled
    assert decided(ANSWERABLE, ruled, REFUSED, veto=0.4, rescue=1.01) is REFUSED
    corrected = dict(ruled, premise={"asked": "2005", "said": "1998"})
    assert decided(ANSWERABLE, corrected, REFUSED, veto=0.4, rescue=1.01) is corrected  # a correction stands
    far = {"answerable": False, "refused_by": "read:cosine_floor"}
    modeled = dict(RIGHT, answer_score=0.6)
    assert decided(PARAPHRASE, far, modeled, veto=0.0, rescue=0.5) is modeled
    assert decided(PARAPHRASE, far, modeled, veto=0.0, rescue=0.7) is far
    firm = {"answerable": False, "refused_by": "read:detail_absent"}
    assert decided(PARAPHRASE, firm, modeled, veto=0.0, rescue=0.5) is firm


def test_the_veto_waits_for_the_reader_to_agree_that_nothing_answers() -> None:
    ruled = dict(RIGHT, answer_score=0.1)
    elsewhere = dict(RIGHT, answer_score=0.7)  # the reader answers from another passage
    assert decided(ANSWERABLE, ruled, elsewhere, veto=0.2, rescue=1.01) is REFUSED  # agree: always
    assert decided(ANSWERABLE, ruled, elsewhere, veto=0.2, rescue=1.01, agree=0.5) is ruled
    nothing = {"answerable": False, "refused_by": "read:reader_below_threshold", "answer_score": 0.2}
    assert decided(NEAR_MISS, ruled, nothing, veto=0.2, rescue=1.01, agree=0.5) is REFUSED


def test_the_chosen_point_is_the_best_overall_within_the_false_refusal_bar() -> None:
    questions = [ANSWERABLE, NEAR_MISS, PARAPHRASE]
    ruled = {"a": dict(RIGHT, answer_score=0.9), "n": dict(RIGHT, answer_score=0.2),
             "p": {"answerable": False, "refused_by": "read:cosine_floor"}}
    modeled = {"a": dict(RIGHT, answer_score=0.9), "n": REFUSED, "p": dict(RIGHT, answer_score=0.8)}
    best = choose(sweep(questions, ruled, modeled))
    assert 0.2 < best["veto"] <= 0.9 and best["rescue"] <= 0.8  # vetoes the near miss, rescues the paraphrase
    assert best["overall"] == 1.0 and best["false_refusals"] == 0.0


def test_a_veto_that_would_refuse_an_answerable_question_is_chosen_only_with_the_readers_agreement() -> None:
    """Both rules' passages score low; only the reader's own reading tells the near miss (nothing
    scores well) from the answerable one (another passage does)."""
    questions = [ANSWERABLE, NEAR_MISS]
    ruled = {"a": dict(RIGHT, answer_score=0.2), "n": dict(RIGHT, answer_score=0.2)}
    modeled = {"a": dict(RIGHT, answer_score=0.9), "n": dict(REFUSED, answer_score=0.1)}
    best = choose(sweep(questions, ruled, modeled))
    assert best["veto"] > 0.2 and 0.1 < best["agree"] <= 0.9
    assert best["overall"] == 1.0


def test_a_guard_set_rules_out_the_points_that_cost_it_more_than_three_points() -> None:
    """On the chosen set a veto helps; on the guard set the same veto refuses a right answer."""
    questions = [ANSWERABLE, NEAR_MISS]
    ruled = {"a": dict(RIGHT, answer_score=0.9), "n": dict(RIGHT, answer_score=0.2)}
    modeled = {"a": dict(RIGHT, answer_score=0.9), "n": REFUSED}
    points = sweep(questions, ruled, modeled)
    assert choose(points)["veto"] > 0.2  # unguarded: the near miss is vetoed
    guard_ruled = {"a": dict(RIGHT, answer_score=0.1), "n": dict(RIGHT, answer_score=0.95)}
    kept = guarded(points, questions, guard_ruled, {"a": REFUSED, "n": REFUSED})
    assert kept and all(p["veto"] <= 0.1 or p["agree"] <= 0.0 for p in kept)
    assert choose(kept)["veto"] <= 0.1


def test_where_the_rules_alone_refuse_more_than_the_bar_a_point_may_refuse_as_many_no_more() -> None:
    """The rules refuse one of two answerable questions (false refusals 50%, above the 7% bar) and
    answer a near miss. No point gets under the bar, but the veto of the near miss refuses no more
    answerable questions than the rules do, so it is chosen; a veto that also refuses the other
    answerable question is not."""
    questions = [ANSWERABLE, PARAPHRASE, NEAR_MISS]
    ruled = {"a": dict(RIGHT, answer_score=0.5), "p": {"answerable": False, "refused_by": "read:cosine_floor"},
             "n": dict(RIGHT, answer_score=0.2)}
    modeled = {"a": dict(RIGHT, answer_score=0.5), "p": dict(REFUSED, answer_score=0.3),
               "n": dict(REFUSED, answer_score=0.1)}
    best = choose(sweep(questions, ruled, modeled))
    assert 0.2 < best["veto"] <= 0.5 and best["false_refusals"] == 0.5
    assert best["overall"] == 2 / 3
