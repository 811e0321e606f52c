"""The page's event handlers: one browser session's turns in, chat messages and panels out.

A session's conversation lives in a `gr.State` list of `Turn`s (never in module globals);
the Chatbot only displays HTML rendered from it, so the raw question text, not its
escaped display form, is what the chain sees as history.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from core.errors import BadQuestion, RagError
from core.feedback import Vote
from core.record import AnswerRecord
from index.store import DocumentEntry
from rag.ask import ask, ask_stream
from rag.chains import ChainCache
from rag.scope import conversation_document
from ui import render
from ui.documents import cited_articles
from ui.scope import ALL
from ui.transcript import chat_json, chat_markdown

THUMBS: dict[str | None, str | None] = {"up": "Like", "down": "Dislike", None: None}  # vote -> Chatbot feedback
logger = logging.getLogger(__name__)
_CITE_REQUEST = re.compile(r"^(\d{1,6}):(\d{1,3})(?::\d+)?$")  # "turn:n:nonce", written by ui/assets.py
DOWNLOADS = Path(tempfile.gettempdir()) / "rag-news-chats"  # one folder per browser session; Gradio serves from it


@dataclass
class Turn:
    question: str  # as typed
    backend: str
    top_k: int
    record: AnswerRecord | None = None
    error: str | None = None  # one line for the user; the turn is left out of the history
    feedback_id: int | None = None  # the row of this answer's thumbs up or down in the feedback store
    vote: Vote | None = None  # that row's vote, shown on the answer's thumbs
    scope: str = ALL  # the document chosen in "Ask about" (ALL: all documents)
    names: dict[str, str] = field(default_factory=dict)  # {doc_id: name} of the documents its record names


def history_messages(turns: list[Turn]) -> list[dict[str, str]]:
    """The conversation as [{role, content}] for Chain.stream; failed turns are left out."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        if turn.record is not None:
            messages.append({"role": "user", "content": turn.question})
            messages.append({"role": "assistant", "content": turn.record.answer})
    return messages


def parse_history(history_json: str) -> list[dict[str, str]]:
    """A JSON list of {role, content} messages, or "" for none; BadQuestion otherwise."""
    if not history_json or not history_json.strip():
        return []
    try:
        value = json.loads(history_json)
    except json.JSONDecodeError as exc:
        raise BadQuestion(f"history_json is not valid JSON ({exc.msg}).") from exc
    if not isinstance(value, list) or not all(
        isinstance(m, dict) and m.get("role") in ("user", "assistant") and isinstance(m.get("content"), str)
        for m in value
    ):
        raise BadQuestion('history_json must be a list of {"role": "user"|"assistant", "content": "..."} messages.')
    return [{"role": m["role"], "content": m["content"]} for m in value]


class ChatHandlers:
    """Handlers for build_app; they hold the process-wide ChainCache and no session data."""

    def __init__(self, chains: ChainCache) -> None:
        self.chains = chains
        self.question_limit = chains.settings.max_question_chars

    def chat_messages(self, turns: list[Turn], partial: str = "") -> list[dict[str, str]]:
        messages = []
        for i, turn in enumerate(turns):
            messages.append({"role": "user", "content": render.user_message(turn.question, self.question_limit)})
            if turn.record is not None:
                reply = render.answer_message(turn.record, i, turn.names)
            elif turn.error is not None:
                reply = render.error_message(turn.error)
            else:
                reply = render.streaming_message(partial)
            messages.append({"role": "assistant", "content": reply})
        return messages

    def chat_view(self, turns: list[Turn], partial: str = "") -> dict[str, Any]:
        """The Chatbot's messages, and each answer's thumb as voted (else a re-render clears them)."""
        return gr.update(value=self.chat_messages(turns, partial), feedback_value=[THUMBS[t.vote] for t in turns])

    def panels(self, turns: list[Turn], index: int) -> tuple[str, str]:
        """(sources, article) HTML for turn `index`."""
        record = turns[index].record if 0 <= index < len(turns) else None
        if record is None:
            return render.SOURCES_PLACEHOLDER, render.ARTICLE_PLACEHOLDER
        chain = self.chains.get(turns[index].backend, turns[index].top_k)
        manifest = chain.store.manifest()
        articles = cited_articles(record.citations, manifest, chain.settings.max_document_bytes)
        names = document_names(manifest, [c.doc_id for c in record.retrieved])
        return render.sources_panel(record, index, articles, names), render.article_panel(record, index, articles)

    def respond(
        self, question: str, turns: list[Turn], backend: str, top_k: float, scope: str | None = ALL
    ) -> Iterator[tuple[Any, ...]]:
        """Streams one answer, asked of the `scope` document (ALL: of all, a follow-up staying with the
        document the conversation is about). Yields (question box, chat, turns, sources, article, status)."""
        skip = gr.skip()
        passages = int(top_k)
        turn = Turn(question=question or "", backend=backend, top_k=passages, scope=scope or ALL)
        about = conversation_document(next((t.record for t in reversed(turns) if t.record is not None), None))
        turns = [*turns, turn]
        if self.chains.is_ready(backend, passages):
            status = "Searching the article…"
        else:
            status = f"Loading the {escape(backend)} backend (first use; this can take a while)…"
        yield "", self.chat_view(turns), turns, skip, skip, status
        partial = ""
        record: AnswerRecord | None = None
        try:
            chain = self.chains.get(backend, passages)
            for item in ask_stream(chain, turn.question, history_messages(turns[:-1]), turn.scope or None, about):
                if isinstance(item, AnswerRecord):
                    record = item
                else:
                    partial += item
                    yield skip, self.chat_view(turns, partial), skip, skip, skip, "Writing the answer…"
        except RagError as exc:
            turn.error = str(exc)
            yield skip, self.chat_view(turns), turns, skip, skip, escape(turn.error)
            return
        assert record is not None, "Chain.stream ends with an AnswerRecord"
        turn.record = record
        turn.names = document_names(chain.store.manifest(), [record.scope, *(c.doc_id for c in record.citations)])
        sources, article = self.panels(turns, len(turns) - 1)
        status = f"Answered in {render.duration(record.timings_ms.get('total', 0.0))} ({escape(record.backend)})"
        yield skip, self.chat_view(turns), turns, sources, article, status

    def new_chat(self) -> tuple[Any, ...]:
        """(question box, chat, turns, sources, article, status) for an empty conversation."""
        return "", self.chat_view([]), [], render.SOURCES_PLACEHOLDER, render.ARTICLE_PLACEHOLDER, "New chat."

    def show_citation(self, turns: list[Turn], request: str) -> tuple[Any, ...]:
        """Panels for an earlier turn whose [n] link was clicked; `request` is "turn:n:nonce"."""
        match = _CITE_REQUEST.match(request or "")
        if match is None or int(match[1]) >= len(turns):
            return gr.skip(), gr.skip()
        return self.panels(turns, int(match[1]))

    def page_status(self, backend: str, top_k: float) -> str:
        """The status line when a page opens: whether the first answer will wait for loading."""
        if self.chains.is_ready(backend, int(top_k)):
            return ""
        return f"Preparing the index and the {escape(backend)} backend; the first answer may take a moment."

    def switch_backend(self, backend: str, top_k: float) -> Iterator[str]:
        """Builds the chosen Chain now, so the next question does not wait for it."""
        if self.chains.is_ready(backend, int(top_k)):
            yield f"Backend: {escape(backend)}, {int(top_k)} passages."
            return
        yield f"Loading the {escape(backend)} backend…"
        try:
            chain = self.chains.get(backend, int(top_k))
        except RagError as exc:
            yield escape(str(exc))
            return
        yield f"Ready: {escape(chain.backend)}, {int(top_k)} passages."

    def downloads(self, turns: list[Turn], request: gr.Request) -> tuple[Any, Any]:
        """The chat's answers as chat.md and chat.json for the two download buttons; off while there are none."""
        off = gr.update(value=None, interactive=False)
        records = [turn.record for turn in turns if turn.record is not None]
        if not records:
            return off, off
        # The folder is named by a hash: the session id comes from the browser.
        folder = DOWNLOADS / hashlib.sha256(str(getattr(request, "session_hash", None)).encode()).hexdigest()[:16]
        markdown, json_file = folder / "chat.md", folder / "chat.json"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            markdown.write_text(chat_markdown(records, f"News QA chat, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"),
                                encoding="utf-8")
            json_file.write_text(chat_json(records), encoding="utf-8")
        except OSError:
            logger.exception("cannot write the chat's downloads in %s", folder)
            return off, off
        return gr.update(value=str(markdown), interactive=True), gr.update(value=str(json_file), interactive=True)

    def answer(self, question: str, history_json: str = "", doc_id: str = "") -> dict[str, Any]:
        """The answer record (see docs/answer-contract.md) for a question, an optional history and an
        optional document to ask it of (its id; "" for all)."""
        try:
            return ask(self.chains.default(), question, parse_history(history_json), doc_id or None).model_dump()
        except RagError as exc:
            raise gr.Error(str(exc), print_exception=False) from exc


def document_names(manifest: dict[str, DocumentEntry], doc_ids: list[str | None]) -> dict[str, str]:
    """{doc_id: its title, else its file name} of those of `doc_ids` the index holds."""
    return {doc_id: manifest[doc_id].title or manifest[doc_id].file_name
            for doc_id in doc_ids if doc_id is not None and doc_id in manifest}
