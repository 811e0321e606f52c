"""The chat's vote and correction handlers (ui/chat_feedback.py) with a real store, without a browser."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest
from records import answered, refused

from core.feedback import FEEDBACK_FILE, MAX_CORRECTION_CHARS
from core.settings import Settings
from rag.chains import ChainCache
from ui.chat import ChatHandlers, Turn
from ui.chat_feedback import FeedbackHandlers, message_turn
from ui.feedback import FeedbackStore


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / FEEDBACK_FILE)


@pytest.fixture
def turns() -> list[Turn]:
    return [Turn("How old is Andrey Medvedev?", "extractive", 4, record=answered()),
            Turn("Who?", "extractive", 4, error="The question is too short."),
            Turn("What is the name of Medvedev's mother?", "extractive", 4, record=refused())]


def like(message: int, liked: bool | str) -> gr.LikeData:
    return gr.LikeData(None, {"index": message, "value": ["..."], "liked": liked})


def test_a_thumbs_down_stores_the_turn_with_the_history_before_it_and_opens_the_box(
        store: FeedbackStore, turns: list[Turn]) -> None:
    handlers = FeedbackHandlers(store)
    new_turns, row, box, correcting, status = handlers.vote(turns, like(5, False))  # the third answer
    assert new_turns is turns and row["visible"] is True and box == "" and correcting == 2
    assert "thumbs down saved for “What is the name of Medvedev&#x27;s mother?”" in status  # escaped HTML
    [stored] = store.all()
    assert (stored.id, stored.vote, stored.record) == (turns[2].feedback_id, "down", turns[2].record)
    assert stored.history == [{"role": "user", "content": "How old is Andrey Medvedev?"},
                              {"role": "assistant", "content": "He is 26 [1]."}]  # the failed turn is left out

    *_, status = handlers.correct(turns, correcting, "  Olga Medvedeva ")
    assert "Correction saved" in status and store.get(stored.id).correction == "Olga Medvedeva"


def test_the_other_thumb_changes_the_row_and_the_same_thumb_takes_it_back(store: FeedbackStore,
                                                                           turns: list[Turn]) -> None:
    handlers = FeedbackHandlers(store)
    handlers.vote(turns, like(1, True))
    handlers.vote(turns, like(1, False))
    [stored] = store.all()
    assert stored.vote == "down" and turns[0].vote == "down"
    _, row, _, correcting, status = handlers.vote(turns, like(1, ""))
    assert store.all() == [] and turns[0].feedback_id is None and turns[0].vote is None
    assert row["visible"] is False and correcting is None and "Vote taken back" in status


def test_what_cannot_be_rated_or_saved_says_so_in_one_line(store: FeedbackStore, turns: list[Turn]) -> None:
    handlers = FeedbackHandlers(store)
    for message in (3, 99):  # the failed turn's reply; a message that is not there
        *_, status = handlers.vote(turns, like(message, True))
        assert "Only a finished answer can be rated." in status
    *_, status = handlers.correct(turns, None, "26")
    assert "Give an answer a thumbs down first." in status
    handlers.vote(turns, like(1, False))
    outputs = handlers.correct(turns, 0, "x" * (MAX_CORRECTION_CHARS + 1))
    assert outputs[1] == gr.skip() and "the limit is 2,000" in outputs[4]  # the box stays open to shorten it
    assert store.all()[0].correction is None
    assert message_turn((5, 0)) == 2 and message_turn([0, 1]) == 0


def test_the_chat_shows_each_answer_thumb_as_voted(tmp_path: Path, turns: list[Turn]) -> None:
    chat = ChatHandlers(ChainCache(Settings(index_dir=tmp_path / "index", backend="extractive")))
    turns[0].vote, turns[2].vote = "up", "down"
    view = chat.chat_view(turns)
    assert view["feedback_value"] == ["Like", None, "Dislike"]
    assert len(view["value"]) == 6
