"""What a piece of feedback on an answer is, and where it is kept: the shape the chat, the API, the
store (ui/feedback.py) and the eval export (eval/feedback.py) share.

One piece of feedback is a thumbs up or down on one answer record, with an optional correction
(only with a thumbs down), the conversation before the question, and the documents the answer cited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from core.errors import BadFeedback
from core.record import AnswerRecord
from core.settings import Settings

Vote = Literal["up", "down"]
VOTES: tuple[str, ...] = ("up", "down")
FEEDBACK_FILE = "feedback.sqlite3"  # under settings.index_dir; `rag ingest --rebuild` keeps it
MAX_CORRECTION_CHARS = 2000


class Feedback(BaseModel):
    id: int
    time: str  # when it was given: ISO 8601, UTC
    question: str  # record.question, kept as a column for listing
    record: AnswerRecord  # the whole answer record the vote is about
    vote: Vote
    correction: str | None = None  # what the answer should have been; only with vote "down"
    doc_ids: list[str] = Field(default_factory=list)  # the documents the record cites, in citation order
    history: list[dict[str, str]] = Field(default_factory=list)  # earlier turns: [{"role", "content"}]


def feedback_path(settings: Settings) -> Path:
    return settings.index_dir / FEEDBACK_FILE


def cited_doc_ids(record: AnswerRecord) -> list[str]:
    """The documents `record` cites, each once, in citation order."""
    return list(dict.fromkeys(citation.doc_id for citation in record.citations))


def check_vote(vote: str, correction: str | None) -> tuple[Vote, str | None]:
    """(vote, correction) as stored: the correction stripped, "" as None; BadFeedback for an unknown vote,
    a correction with a thumbs up, or one over MAX_CORRECTION_CHARS."""
    if vote not in VOTES:
        raise BadFeedback(f"Unknown vote {vote!r}: use \"up\" or \"down\".")
    text = " ".join((correction or "").split()) or None
    if text is not None and vote != "down":
        raise BadFeedback("A correction goes with a thumbs down (vote \"down\").")
    if text is not None and len(text) > MAX_CORRECTION_CHARS:
        raise BadFeedback(f"The correction is {len(text):,} characters; the limit is {MAX_CORRECTION_CHARS:,}.")
    return ("up" if vote == "up" else "down"), text
