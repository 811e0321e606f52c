"""The feedback store: one SQLite row per thumbs up or down on an answer, in the index's folder.

    feedback(id, time, question, record, vote, correction, doc_ids, history)

`record` is the answer record's JSON, `doc_ids` and `history` are JSON lists. Every call opens its
own connection, so the chat's worker threads and the API can share one store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from core.errors import BadFeedback, FeedbackUnavailable
from core.feedback import Feedback, check_vote, cited_doc_ids, feedback_path
from core.record import AnswerRecord
from core.settings import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    question TEXT NOT NULL,
    record TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    correction TEXT,
    doc_ids TEXT NOT NULL,
    history TEXT NOT NULL
)
"""
COLUMNS = "id, time, question, record, vote, correction, doc_ids, history"


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(feedback_path(settings))

    @contextmanager
    def _connection(self, create: bool) -> Iterator[sqlite3.Connection | None]:
        """A connection in one transaction; None when the file does not exist and `create` is False."""
        if not create and not self.path.exists():
            yield None
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10)) as connection, connection:
                connection.execute(SCHEMA)
                yield connection
        except (sqlite3.Error, OSError) as exc:
            raise FeedbackUnavailable(f"Cannot use the feedback file {self.path} ({exc}).") from exc

    def add(self, record: AnswerRecord, vote: str, correction: str | None = None,
            history: Sequence[dict[str, str]] = ()) -> Feedback:
        """Stores a vote on `record`; BadFeedback for a bad vote or correction."""
        vote, correction = check_vote(vote, correction)
        row = (datetime.now(UTC).isoformat(timespec="seconds"), record.question, record.to_json(), vote, correction,
               json.dumps(cited_doc_ids(record)), json.dumps([dict(turn) for turn in history]))
        with self._connection(create=True) as connection:
            assert connection is not None
            cursor = connection.execute(
                "INSERT INTO feedback (time, question, record, vote, correction, doc_ids, history) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            feedback_id = int(cursor.lastrowid or 0)
        return self.get(feedback_id)

    def update(self, feedback_id: int, vote: str, correction: str | None = None) -> Feedback:
        """Changes the vote and correction of a stored piece of feedback."""
        vote, correction = check_vote(vote, correction)
        with self._connection(create=True) as connection:
            assert connection is not None
            cursor = connection.execute("UPDATE feedback SET vote = ?, correction = ? WHERE id = ?",
                                        (vote, correction, feedback_id))
        if cursor.rowcount == 0:
            raise BadFeedback(f"No feedback {feedback_id} to change.")
        return self.get(feedback_id)

    def remove(self, feedback_id: int) -> None:
        """Forgets a piece of feedback (a vote taken back); nothing happens if it is not there."""
        with self._connection(create=False) as connection:
            if connection is not None:
                connection.execute("DELETE FROM feedback WHERE id = ?", (feedback_id,))

    def get(self, feedback_id: int) -> Feedback:
        with self._connection(create=False) as connection:
            row = None if connection is None else connection.execute(
                f"SELECT {COLUMNS} FROM feedback WHERE id = ?", (feedback_id,)).fetchone()
        if row is None:
            raise BadFeedback(f"No feedback {feedback_id}.")
        return self._feedback(row)

    def all(self) -> list[Feedback]:
        """Every piece of feedback, oldest first; [] when none was ever given."""
        with self._connection(create=False) as connection:
            rows = [] if connection is None else connection.execute(
                f"SELECT {COLUMNS} FROM feedback ORDER BY id").fetchall()
        return [self._feedback(row) for row in rows]

    def _feedback(self, row: tuple) -> Feedback:
        feedback_id, time, question, record, vote, correction, doc_ids, history = row
        try:
            return Feedback(id=feedback_id, time=time, question=question,
                            record=AnswerRecord.model_validate_json(record), vote=vote, correction=correction,
                            doc_ids=json.loads(doc_ids), history=json.loads(history))
        except (ValidationError, ValueError) as exc:
            raise FeedbackUnavailable(f"Feedback {feedback_id} in {self.path} cannot be read; "
                                      "the file was changed by something else.") from exc
