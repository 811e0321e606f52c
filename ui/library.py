"""The Documents tab's handlers: list, add, remove and re-index the indexed documents.

Every change drops the cached Chains (ChainCache.refresh), so the next answer reads the index
as it is now, and the example questions under the chat are worked out again. A refused file
is reported in one line that names it, and changes nothing (index/collection.py).

Each handler returns the tab's view: (table, the table's doc ids, the document picker, the
status line, *the EXAMPLE_SLOTS example buttons), the outputs ui/app.py wires in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from core.errors import RagError
from index.collection import DocumentCollection, DocumentInfo, display_name
from rag.chains import ChainCache
from ui.examples import EXAMPLE_SLOTS, ExampleQuestions

PROGRESS = gr.Progress()  # marks the progress parameter; Gradio passes a tracker of each event in its place
HEADERS = ["Title", "File", "Size", "Sentences", "Added (UTC)", "Dropped as page chrome"]


@dataclass(frozen=True)
class Notice:
    """One line of the status under the upload button."""

    text: str
    error: bool = False


def notices_html(notices: Iterable[Notice]) -> str:
    items = "".join(f'<li class="library-error">⚠ {escape(n.text)}</li>' if n.error
                    else f'<li class="library-done">{escape(n.text)}</li>' for n in notices)
    return f'<ul class="library-notices">{items}</ul>' if items else ""


def size_text(size: int | None) -> str:
    """812 -> "812 B"; 12_345 -> "12.3 kB"; None (indexed by an older rag) -> "—"."""
    if size is None:
        return "—"
    if size < 1000:
        return f"{size} B"
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


def added_text(added: str | None) -> str:
    """"2026-11-29T18:26:03+00:00" -> "2026-11-29 18:26"."""
    if not added:
        return "—"
    try:
        return datetime.fromisoformat(added).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return added


def dropped_text(info: DocumentInfo) -> str:
    """How much of the file's text the cleaner dropped as page chrome: "12% (340 of 2,811 characters)"."""
    if info.dropped_chars is None or not info.text_chars:
        return "—"
    share = round(100 * info.dropped_chars / info.text_chars)
    return f"{share}% ({info.dropped_chars:,} of {info.text_chars:,} characters)"


def document_name(info: DocumentInfo) -> str:
    return info.title or info.file_name


def document_rows(documents: Sequence[DocumentInfo]) -> pd.DataFrame:
    rows = [[info.title or "—", info.file_name, size_text(info.size_bytes), str(info.sentences),
             added_text(info.added), dropped_text(info)] for info in documents]
    return pd.DataFrame(rows, columns=HEADERS)


class LibraryHandlers:
    """Handlers for the Documents tab; they share the process-wide collection, Chains and examples."""

    def __init__(self, collection: DocumentCollection, chains: ChainCache,
                 examples: ExampleQuestions | None = None) -> None:
        self.collection = collection
        self.chains = chains
        self.examples = examples or ExampleQuestions()

    def show(self) -> tuple[Any, ...]:
        """The tab as the index is now (on page load, and when the tab is opened)."""
        try:
            self.chains.ensure_index()  # a fresh machine builds it from the seeds first
        except RagError as exc:
            return self._view([Notice(str(exc), error=True)])
        return self._view([])

    def upload(self, files: Sequence[str] | str | None, progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
        """Add each uploaded file (paths in Gradio's upload cache, under the name the user gave the file)."""
        paths = [Path(files)] if isinstance(files, str) else [Path(f) for f in files or []]
        notices: list[Notice] = []
        for done, path in enumerate(paths):
            progress((done, len(paths)), desc=f"Reading and indexing {display_name(path.name)}", unit="files")
            try:
                info = self.collection.add_file(path)
            except RagError as exc:
                notices.append(Notice(str(exc), error=True))
            else:
                notices.append(Notice(f"Added {document_name(info)} ({info.file_name}): {info.sentences} sentences."))
        return self._changed(notices, progress, any(not n.error for n in notices))

    def remove(self, doc_id: str | None, progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
        """Remove the chosen document (and its uploaded copy)."""
        return self._on_chosen(doc_id, "remove", "Removing the document", self.collection.remove,
                               lambda info: f"Removed {document_name(info)} ({info.file_name}).", progress)

    def reindex(self, doc_id: str | None, progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
        """Read the chosen document's file again and rewrite it in the index."""
        return self._on_chosen(
            doc_id, "re-index", "Reading and indexing the document again", self.collection.reindex,
            lambda info: f"Re-indexed {document_name(info)} ({info.file_name}): {info.sentences} sentences.",
            progress)

    def _on_chosen(self, doc_id: str | None, verb: str, doing: str, action: Callable[[str], DocumentInfo],
                   done: Callable[[DocumentInfo], str], progress: gr.Progress) -> tuple[Any, ...]:
        """Apply `action` to the chosen document; a one-line notice either way."""
        if not doc_id:
            return self._view([Notice(f"Choose a document to {verb} first.", error=True)])
        progress(0, desc=doing)
        try:
            info = action(doc_id)
        except RagError as exc:
            return self._view([Notice(str(exc), error=True)])
        return self._changed([Notice(done(info))], progress, True)

    @staticmethod
    def pick(doc_ids: list[str], event: gr.SelectData) -> Any:
        """A click on a table row chooses that document for Remove and Re-index."""
        row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        return doc_ids[row] if isinstance(row, int) and 0 <= row < len(doc_ids) else gr.skip()

    def example_buttons(self) -> list[Any]:
        """Updates for the example buttons under the chat: one per question, the rest hidden."""
        questions = self.examples.for_store(self.collection.store)
        return [gr.update(value=questions[i], visible=True) if i < len(questions) else gr.update(visible=False)
                for i in range(EXAMPLE_SLOTS)]

    def _changed(self, notices: list[Notice], progress: gr.Progress, changed: bool) -> tuple[Any, ...]:
        if changed:
            self.chains.refresh()  # the next answer reads the index as it is now
            progress(0.95, desc="Updating the example questions")
        return self._view(notices)

    def _view(self, notices: list[Notice]) -> tuple[Any, ...]:
        documents = self.collection.documents()
        choices = [(f"{document_name(info)} ({info.file_name})", info.doc_id) for info in documents]
        return (document_rows(documents), [info.doc_id for info in documents],
                gr.update(choices=choices, value=None), notices_html(notices), *self.example_buttons())
