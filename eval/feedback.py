"""Feedback as eval questions: `rag feedback export` writes these lines, `rag eval --questions` scores them.

The mapping, one question per piece of feedback (id "fb<N>", the question and the conversation before it):

| feedback                                  | gold fields                                                    |
| ---                                       | ---                                                            |
| thumbs up on an answer                    | answerable, gold = the answer without its [n] markers,         |
|                                           | evidence = the quotes its claims cite, status when all agree   |
| thumbs up on "The article does not say"   | answerable false                                               |
| thumbs down, correction "not in the       | answerable false                                               |
| article" (see NOT_IN_ARTICLE)             |                                                                |
| thumbs down, any other correction         | answerable, gold = the correction (write it as a short answer) |
| thumbs down on a refusal, no correction   | answerable (so a refusal counts as a false refusal)            |
| thumbs down on an answer, no correction   | none: whether it was wrong or should have been refused is not  |
|                                           | known, so the question is only answered and timed              |

Each line also carries `type` ("feedback up" / "feedback down", so the report scores each vote
apart) and `feedback` (vote, correction, the answer given, when), which the eval ignores.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from core.citations import strip_markers
from core.feedback import Feedback
from core.record import AnswerRecord

# A correction that says the question has no answer in the article: it starts with one of these.
NOT_IN_ARTICLE = re.compile(
    r"^(?:(?:the )?article (?:does not|doesn't|did not|didn't) (?:say|answer|mention|tell)"
    r"|(?:it|they) (?:does not|doesn't) say|not in the article|not (?:said|stated|mentioned) in the article"
    r"|unanswerable|not answerable|no answer|should (?:have )?refuse[d]?)\b",
    re.IGNORECASE,
)


def says_not_in_article(correction: str) -> bool:
    return bool(NOT_IN_ARTICLE.match(correction.strip().strip("\"'“”")))


def cited_quotes(record: AnswerRecord) -> list[str]:
    """The quotes the answer's claims cite (all citations when no claim names one), each once."""
    referenced = {n for claim in record.claims for n in claim.citations}
    chosen = [c for c in record.citations if c.id in referenced] or record.citations
    return list(dict.fromkeys(c.quote for c in chosen))


def claimed_status(record: AnswerRecord) -> str | None:
    """"supported" or "reported" when every claim agrees on it, else None (no gold status)."""
    statuses = {claim.status for claim in record.claims}
    return statuses.pop() if len(statuses) == 1 and statuses <= {"supported", "reported"} else None


def gold_fields(feedback: Feedback) -> dict[str, Any]:
    """The gold fields of eval/questions.jsonl the feedback vouches for (see the table above)."""
    record = feedback.record
    if feedback.vote == "up":
        if not record.answerable:
            return {"answerable": False}
        gold: dict[str, Any] = {"answerable": True, "gold": [strip_markers(record.answer)],
                                "evidence": cited_quotes(record)}
        status = claimed_status(record)
        return {**gold, "status": status} if status else gold
    if feedback.correction:
        if says_not_in_article(feedback.correction):
            return {"answerable": False}
        return {"answerable": True, "gold": [feedback.correction]}
    return {} if record.answerable else {"answerable": True}


def question_from_feedback(feedback: Feedback) -> dict[str, Any]:
    """One eval question (eval/questions.py reads it) for one piece of feedback."""
    question: dict[str, Any] = {"id": f"fb{feedback.id}", "question": feedback.question,
                                "type": f"feedback {feedback.vote}"}
    if feedback.history:
        question["history"] = feedback.history
    question.update(gold_fields(feedback))
    question["feedback"] = {"vote": feedback.vote, "correction": feedback.correction,
                            "answer": feedback.record.answer, "time": feedback.time}
    return question


def questions_jsonl(questions: Iterable[dict[str, Any]]) -> str:
    """An eval question file: one JSON line per question."""
    return "".join(json.dumps(question, ensure_ascii=False) + "\n" for question in questions)


def export_summary(questions: Sequence[dict[str, Any]]) -> str:
    """How many exported questions carry which gold: "3 questions: 1 with a gold answer, ..."."""
    with_answer = sum("gold" in q for q in questions)
    unanswerable = sum(q.get("answerable") is False for q in questions)
    answerable_only = sum(q.get("answerable") is True and "gold" not in q for q in questions)
    bare = len(questions) - with_answer - unanswerable - answerable_only
    return (f"{len(questions)} questions: {with_answer} with a gold answer, {unanswerable} unanswerable, "
            f"{answerable_only} answerable without a gold answer, {bare} without gold (answered and timed only)")
