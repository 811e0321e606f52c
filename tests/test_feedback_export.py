"""Feedback as eval questions (eval/feedback.py) and `rag feedback list | export`: each vote maps to the gold
fields eval/questions.py reads, and eval/score.py scores them as the vote meant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from records import AGE_QUOTE, SEED_DOC, answered, refused

from app.cli import main
from core.feedback import Feedback, feedback_path
from core.record import AnswerRecord
from core.settings import load_settings
from eval.feedback import export_summary, question_from_feedback, questions_jsonl, says_not_in_article
from eval.questions import load_questions
from eval.score import score
from ui.feedback import FeedbackStore

GOLD_KEYS = {"answerable", "gold", "evidence", "status"}


def feedback(record: AnswerRecord, vote: str, correction: str | None = None, history=(), number: int = 7) -> Feedback:
    return Feedback(id=number, time="2026-12-07T10:00:00+00:00", question=record.question, record=record,
                    vote=vote, correction=correction, doc_ids=[SEED_DOC], history=list(history))  # type: ignore[arg-type]


def gold(question: dict) -> dict:
    return {key: value for key, value in question.items() if key in GOLD_KEYS}


def test_a_thumbs_up_makes_the_answer_gold_with_its_quote_as_evidence() -> None:
    question = question_from_feedback(feedback(answered(), "up"))
    assert question["id"] == "fb7" and question["question"] == "How old is Andrey Medvedev?"
    assert question["type"] == "feedback up"
    assert gold(question) == {"answerable": True, "gold": ["He is 26."], "evidence": [AGE_QUOTE],
                              "status": "supported"}
    assert question["feedback"] == {"vote": "up", "correction": None, "answer": "He is 26 [1].",
                                    "time": "2026-12-07T10:00:00+00:00"}


def test_a_thumbs_up_on_a_reported_claim_keeps_reported_as_the_gold_status() -> None:
    question = question_from_feedback(feedback(answered(status="reported"), "up"))
    assert question["status"] == "reported"
    unsure = answered(status="unsupported")
    assert "status" not in question_from_feedback(feedback(unsure, "up"))


@pytest.mark.parametrize(("record", "vote", "correction", "expected"), [
    (refused(), "up", None, {"answerable": False}),
    (answered(), "down", "The article does not say.", {"answerable": False}),
    (answered(), "down", "not in the article", {"answerable": False}),
    (answered(), "down", "“It doesn't say”", {"answerable": False}),
    (answered(), "down", "twenty-six", {"answerable": True, "gold": ["twenty-six"]}),
    (refused(), "down", "Tomsk", {"answerable": True, "gold": ["Tomsk"]}),
    (refused(), "down", None, {"answerable": True}),  # it should have answered; what, nobody said
    (answered(), "down", None, {}),  # wrong, or should have refused: not known, so no gold
], ids=["up-refusal", "down-does-not-say", "down-not-in-article", "down-quoted", "down-corrected",
        "down-refusal-corrected", "down-refusal", "down-answer"])
def test_each_vote_maps_to_the_gold_it_vouches_for(record: AnswerRecord, vote: str, correction: str | None,
                                                   expected: dict) -> None:
    assert gold(question_from_feedback(feedback(record, vote, correction))) == expected


def test_not_in_the_article_is_read_only_at_the_start_of_a_correction() -> None:
    assert says_not_in_article("Unanswerable: the article never names her")
    assert not says_not_in_article("Prigozhin, which the article does not say outright")
    assert not says_not_in_article("Nothing")


def test_the_export_is_a_question_file_the_eval_reads_and_scores_as_voted(tmp_path: Path) -> None:
    age, runs, mother = answered(), answered("Who runs the Wagner Group?", "It is run by Dmitry Utkin [1]."), refused()
    history = [{"role": "user", "content": "Who is Andrey Medvedev?"}, {"role": "assistant", "content": "A man."}]
    votes = [feedback(age, "up", number=1), feedback(runs, "down", "Yevgeny Prigozhin", history, number=2),
             feedback(mother, "down", "not in the article", number=3), feedback(age, "down", number=4)]
    path = tmp_path / "feedback.jsonl"
    path.write_text(questions_jsonl(question_from_feedback(v) for v in votes), encoding="utf-8")

    questions = load_questions(path)
    assert [q["id"] for q in questions] == ["fb1", "fb2", "fb3", "fb4"]
    assert questions[1]["history"] == history
    # The eval answers again: the same answer, the corrected one, a refusal, and a refusal of the last.
    again = [age.model_copy(update={"id": "fb1"}),
             runs.model_copy(update={"id": "fb2", "answer": "It is run by Yevgeny Prigozhin [1]."}),
             mother.model_copy(update={"id": "fb3"}), refused(age.question).model_copy(update={"id": "fb4"})]
    metrics = score(questions, again)["metrics"]
    assert metrics["answer_accuracy"] == {"value": 1.0, "hits": 2, "total": 2}
    assert metrics["citation_recall"] == {"value": 1.0, "hits": 1, "total": 1}
    assert metrics["abstention_recall"] == {"value": 1.0, "hits": 1, "total": 1}
    assert metrics["overall_correctness"]["total"] == 3  # fb4 has no gold: answered and timed only
    assert metrics["latency_p50_ms"]["total"] == 4
    assert export_summary(questions) == ("4 questions: 2 with a gold answer, 1 unanswerable, 0 answerable without "
                                         "a gold answer, 1 without gold (answered and timed only)")


@pytest.fixture
def stored() -> FeedbackStore:
    """The store `rag` reads (RAG_INDEX_DIR is the test's own), with one vote of each kind."""
    store = FeedbackStore(feedback_path(load_settings()))
    store.add(answered(), "up")
    store.add(answered("Who runs   the\nWagner Group?", "It is run by Dmitry Utkin [1]."), "down", "Prigozhin")
    return store


def test_rag_feedback_list_prints_one_line_each(stored: FeedbackStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("fb1  ") and "  up  “How old is Andrey Medvedev?”  answer: He is 26 [1].  " in lines[0]
    assert "  down  “Who runs the Wagner Group?”  correction: Prigozhin  " + SEED_DOC in lines[1]


def test_rag_feedback_export_writes_the_eval_file(stored: FeedbackStore, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports" / "feedback.jsonl"
    assert main(["feedback", "export", "--out", str(out)]) == 0
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(q["id"], q.get("gold")) for q in written] == [("fb1", ["He is 26."]), ("fb2", ["Prigozhin"])]
    err = capsys.readouterr().err
    assert err.startswith(f"Wrote {out}: 2 questions: 2 with a gold answer") and err.count("\n") == 1

    assert main(["feedback", "export"]) == 0  # to stdout
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_rag_feedback_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "list"]) == 0
    assert capsys.readouterr().err == f"No feedback yet in {feedback_path(load_settings())}.\n"
    assert main(["feedback", "export"]) == 2
    assert capsys.readouterr().err.startswith("rag: No feedback yet in ")

    FeedbackStore(feedback_path(load_settings())).add(answered(), "up")
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert main(["feedback", "export", "--out", str(blocker / "feedback.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"rag: Cannot write {blocker / 'feedback.jsonl'}") and err.count("\n") == 1
