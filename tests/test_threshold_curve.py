"""The reader's threshold curve, replayed from the answer records' scores."""

from __future__ import annotations

from pathlib import Path

from eval import threshold

QUESTIONS = [
    {"id": "a1", "question": "?", "answerable": True}, {"id": "a2", "question": "?", "answerable": True},
    {"id": "u1", "question": "?", "answerable": False}, {"id": "u2", "question": "?", "answerable": False},
]


def test_the_curve_replays_the_decision_at_every_threshold(tmp_path: Path) -> None:
    records = [{"id": "a1", "answer_score": 0.9}, {"id": "a2", "answer_score": 0.3},
               {"id": "u1", "answer_score": 0.6}, {"id": "u2", "answer_score": None}]  # refused before reading
    points = threshold.curve(QUESTIONS, records)
    assert threshold.at(points, 0.0) == {"threshold": 0.0, "abstention": 0.5, "false_refusals": 0.0}
    assert threshold.at(points, 0.5) == {"threshold": 0.5, "abstention": 0.5, "false_refusals": 0.5}
    assert threshold.at(points, 0.7) == {"threshold": 0.7, "abstention": 1.0, "false_refusals": 0.5}
    assert threshold.at(points, 1.0)["false_refusals"] == 1.0
    threshold.plot(tmp_path / "curve.png", points, 0.5)
    assert (tmp_path / "curve.png").stat().st_size > 1000


def test_answers_of_the_rules_carry_no_score_and_make_no_curve() -> None:
    assert threshold.curve(QUESTIONS, [{"id": q["id"], "answer_score": None} for q in QUESTIONS]) == []
