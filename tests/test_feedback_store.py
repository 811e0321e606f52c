"""The feedback store (ui/feedback.py): SQLite rows of votes on answer records, kept across processes and
across `rag ingest --rebuild`."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from records import SEED_DOC, answered, refused

from core.errors import BadFeedback, FeedbackUnavailable
from core.feedback import FEEDBACK_FILE, MAX_CORRECTION_CHARS
from core.settings import Settings
from index.ingest import clear_local_index
from ui.feedback import FeedbackStore

HISTORY = [{"role": "user", "content": "Who is Andrey Medvedev?"},
           {"role": "assistant", "content": "A former Wagner commander [1]."}]


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "index" / FEEDBACK_FILE)


def test_a_vote_is_stored_with_the_whole_record(store: FeedbackStore) -> None:
    record = refused()
    stored = store.add(record, "down", history=HISTORY)
    assert stored.id >= 1 and stored.vote == "down" and stored.correction is None
    assert stored.record == record and stored.question == record.question
    assert stored.doc_ids == [SEED_DOC, "other_doc"]  # each cited document once, in citation order
    assert stored.history == HISTORY
    assert datetime.fromisoformat(stored.time).utcoffset().total_seconds() == 0
    columns = sqlite3.connect(store.path).execute("SELECT question, vote, record FROM feedback").fetchall()
    assert columns == [(record.question, "down", record.to_json())]


def test_rows_outlive_the_store_and_come_back_oldest_first(store: FeedbackStore) -> None:
    first = store.add(answered(), "up")
    second = store.add(answered("Who runs the Wagner Group?"), "down", "Yevgeny Prigozhin")
    again = FeedbackStore(store.path).all()
    assert [f.id for f in again] == [first.id, second.id]
    assert again[1].correction == "Yevgeny Prigozhin" and again[1].vote == "down"
    assert FeedbackStore.for_settings(Settings(index_dir=store.path.parent)).all() == again


def test_a_vote_can_change_gain_a_correction_and_be_taken_back(store: FeedbackStore) -> None:
    kept = store.add(answered("Who runs the Wagner Group?"), "up")
    feedback = store.add(answered(), "up")
    assert store.update(feedback.id, "down").vote == "down"
    corrected = store.update(feedback.id, "down", "  twenty-six\n years old ")
    assert corrected.correction == "twenty-six years old"  # one line, as a gold answer is
    assert store.update(feedback.id, "down", "   ").correction is None
    store.remove(feedback.id)
    store.remove(feedback.id)  # already gone: nothing happens
    assert [f.id for f in store.all()] == [kept.id]
    with pytest.raises(BadFeedback, match=f"No feedback {feedback.id} to change"):
        store.update(feedback.id, "up")


@pytest.mark.parametrize(("vote", "correction", "message"), [
    ("sideways", None, "Unknown vote 'sideways': use \"up\" or \"down\""),
    ("up", "26", "A correction goes with a thumbs down"),
    ("down", "x" * (MAX_CORRECTION_CHARS + 1), f"the limit is {MAX_CORRECTION_CHARS:,}"),
])
def test_a_bad_vote_is_refused_in_one_line_and_nothing_is_stored(store: FeedbackStore, vote: str,
                                                                  correction: str | None, message: str) -> None:
    with pytest.raises(BadFeedback, match=message) as refusal:
        store.add(answered(), vote, correction)
    assert "\n" not in str(refusal.value)
    assert store.all() == []


def test_without_feedback_nothing_is_created(store: FeedbackStore) -> None:
    assert store.all() == []
    store.remove(1)
    assert not store.path.exists() and not store.path.parent.exists()


def test_a_file_that_is_not_a_database_gives_one_line(store: FeedbackStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(b"this is not SQLite, it is a shopping list\n" * 20)
    for attempt in (store.all, lambda: store.add(answered(), "up")):
        with pytest.raises(FeedbackUnavailable, match="Cannot use the feedback file") as failure:
            attempt()
        assert "\n" not in str(failure.value) and str(store.path) in str(failure.value)


def test_rebuilding_the_index_keeps_the_feedback_and_the_uploads(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    store = FeedbackStore(folder / FEEDBACK_FILE)
    store.add(answered(), "up")
    (folder / "chroma.sqlite3").write_bytes(b"index")
    (folder / "0b1c-segment").mkdir()
    (folder / "0b1c-segment" / "data.bin").write_bytes(b"vectors")
    (folder / "uploads").mkdir()
    (folder / "uploads" / "mine.txt").write_text("A user's document.", encoding="utf-8")

    clear_local_index(folder)

    assert sorted(path.name for path in folder.iterdir()) == [FEEDBACK_FILE, "uploads"]
    assert (folder / "uploads" / "mine.txt").exists()
    assert len(store.all()) == 1
    clear_local_index(folder)  # a folder holding only feedback is still one rag may clear
    assert len(store.all()) == 1
