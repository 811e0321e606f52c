"""The chat's thumbs up / down and corrections: handlers that keep them in the feedback store.

Each answer's thumbs (the Chatbot's Like / Dislike) store one row per turn: a second click on the
other thumb changes that row, a click on the same thumb again takes the vote back (deletes the row).
A thumbs down opens the correction box for that turn; saving it adds the correction to the row.
"""

from __future__ import annotations

from html import escape
from typing import Any

import gradio as gr

from core.errors import RagError
from ui.chat import Turn, history_messages
from ui.feedback import FeedbackStore

FeedbackOutputs = tuple[Any, Any, Any, Any, Any]  # (turns, correction row, correction box, correcting, status)


def done_line(text: str) -> str:
    return f'<span class="feedback-done">{escape(text)}</span>'


def error_line(text: str) -> str:
    return f'<span class="feedback-error">⚠ {escape(" ".join(text.split()))}</span>'


def quoted(question: str, limit: int = 80) -> str:
    question = " ".join(question.split())
    return f"“{question if len(question) <= limit else question[:limit - 1] + '…'}”"


def message_turn(index: int | tuple[int, int] | list[int]) -> int:
    """The turn of a Chatbot message index: each turn shows as a question then its reply."""
    first = index[0] if isinstance(index, tuple | list) else index
    return int(first) // 2


class FeedbackHandlers:
    """Handlers for the chat's votes and corrections; they hold the store and no session data."""

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store

    def vote(self, turns: list[Turn], data: gr.LikeData) -> FeedbackOutputs:
        """A thumb clicked under an answer: stores, changes or takes back that turn's vote."""
        skip = gr.skip()
        number = message_turn(data.index)
        turn = turns[number] if 0 <= number < len(turns) else None
        if turn is None or turn.record is None:
            return skip, skip, skip, skip, error_line("Only a finished answer can be rated.")
        if data.liked not in (True, False):  # "" when the same thumb is clicked again
            return self.take_back(turns, turn)
        vote = "up" if data.liked else "down"
        try:
            if turn.feedback_id is None:
                history = history_messages(turns[:number])
                turn.feedback_id = self.store.add(turn.record, vote, history=history).id
            else:
                self.store.update(turn.feedback_id, vote)
        except RagError as exc:
            return skip, skip, skip, skip, error_line(str(exc))
        turn.vote = vote
        asked = quoted(turn.question)
        if vote == "up":
            return turns, gr.update(visible=False), "", None, done_line(f"Thanks: thumbs up saved for {asked}.")
        return (turns, gr.update(visible=True), "", number,
                done_line(f"Thanks: thumbs down saved for {asked}. What should the answer have been? (optional)"))

    def take_back(self, turns: list[Turn], turn: Turn) -> FeedbackOutputs:
        try:
            if turn.feedback_id is not None:
                self.store.remove(turn.feedback_id)
        except RagError as exc:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), error_line(str(exc))
        turn.feedback_id = turn.vote = None
        return turns, gr.update(visible=False), "", None, done_line(f"Vote taken back for {quoted(turn.question)}.")

    def correct(self, turns: list[Turn], correcting: int | None, correction: str) -> FeedbackOutputs:
        """Saves the correction typed for the turn last given a thumbs down."""
        skip = gr.skip()
        turn = turns[correcting] if correcting is not None and 0 <= correcting < len(turns) else None
        if turn is None or turn.feedback_id is None:
            return turns, gr.update(visible=False), "", None, error_line("Give an answer a thumbs down first.")
        try:
            feedback = self.store.update(turn.feedback_id, "down", correction)
        except RagError as exc:
            return skip, skip, skip, skip, error_line(str(exc))
        saved = (f"Correction saved for {quoted(turn.question)}." if feedback.correction
                 else "Your thumbs down is saved without a correction.")
        return turns, gr.update(visible=False), "", None, done_line(saved)

    def close(self) -> FeedbackOutputs:
        """A new chat: no correction box, nothing being corrected."""
        return gr.skip(), gr.update(visible=False), "", None, ""
