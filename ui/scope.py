"""The chat's "Ask about" picker: all documents, or one of them. Its choices follow the collection: they
are read again when the page opens and whenever the Chat tab is shown (documents are added and removed
in the Documents tab or through the API). A document removed while chosen falls back to all documents.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from core.errors import RagError
from index.collection import DocumentCollection, DocumentInfo

ALL = ""  # the picker's value for "All documents"
ALL_LABEL = "All documents"


def scope_choices(documents: list[DocumentInfo]) -> list[tuple[str, str]]:
    """("All documents", ALL), then (title or file name, doc_id) for each document, by name."""
    named = sorted(((info.title or info.file_name, info.doc_id) for info in documents), key=lambda c: c[0].lower())
    return [(ALL_LABEL, ALL), *named]


class ScopePicker:
    """The picker's handler; it reads the collection the Documents tab manages."""

    def __init__(self, collection: DocumentCollection) -> None:
        self.collection = collection

    def refresh(self, current: str | None) -> Any:
        """The picker with the documents indexed now, keeping the chosen one while it is still indexed."""
        try:
            choices = scope_choices(self.collection.documents())
        except RagError:  # no index yet: the Documents tab says why
            choices = [(ALL_LABEL, ALL)]
        value = current if current in {value for _, value in choices} else ALL
        return gr.update(choices=choices, value=value)

    def names(self) -> dict[str, str]:
        """{doc_id: what the page calls it}: its title, else its file name."""
        try:
            return {doc_id: label for label, doc_id in scope_choices(self.collection.documents())[1:]}
        except RagError:
            return {}
