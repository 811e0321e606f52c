"""The rule ablation (eval/ablate.py): each rule is switched off alone, scored, and switched back on."""

from __future__ import annotations

import pytest

from eval.ablate import RULES, Rule, _owner, ablate, switched_off, table
from rag import thresholds as th

QUESTIONS = [
    {"id": "a", "question": "When did the bakery open?", "answerable": True, "gold": ["1998"], "type": "fact"},
    {"id": "n", "question": "When did the bakery close?", "answerable": False, "type": "unanswerable"},
]
ANSWER = {"answerable": True, "answer": "The bakery opened in 1998 [1].", "citations": [], "claims": []}
REFUSED = {"answerable": False, "answer": "The article does not say.", "citations": [], "claims": []}


def floor_reader(question: dict) -> dict:
    """Refuses the near miss only while the cosine floor stands (as the gate does)."""
    return dict(REFUSED if question["id"] == "n" and th.COSINE_FLOOR > 0 else ANSWER, id=question["id"])


def test_a_rule_switched_off_is_scored_apart_and_switched_back_on() -> None:
    floor = Rule("cosine_floor", "rag.thresholds", "COSINE_FLOOR", -1.0, "refuse below a dense closeness")
    before = th.COSINE_FLOOR
    rows = ablate(floor_reader, QUESTIONS, [floor])
    assert th.COSINE_FLOOR == before  # back on
    on, off = rows
    assert on["overall_correctness"] == 1.0 and off["overall_correctness"] == 0.5
    assert off["lost"] == {"type:unanswerable": 1}
    assert "| cosine_floor | 50.0 (-50.0) |" in table(rows)


def test_a_rule_is_switched_back_on_when_answering_fails() -> None:
    rule = next(r for r in RULES if r.name == "not_known")
    before = getattr(_owner(rule.owner), rule.attribute)
    with pytest.raises(RuntimeError), switched_off(rule):
        raise RuntimeError("a question failed")
    assert getattr(_owner(rule.owner), rule.attribute) is before


def test_every_rule_names_something_that_exists() -> None:
    for rule in RULES:
        assert hasattr(_owner(rule.owner), rule.attribute), rule.name
    assert len({r.name for r in RULES}) == len(RULES)
