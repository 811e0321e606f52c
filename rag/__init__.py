"""Question answering over news articles, with cited passages and attribution labels.

    >>> import rag
    >>> record = rag.answer("How old is he?", history=[...])

`answer` and `answer_stream` use one process-wide Chain built from settings on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from rag.record import AnswerRecord

_chain = None
_chain_lock = threading.Lock()


def get_chain():  # type: ignore[no-untyped-def]
    """The process-wide Chain (index, embedder and LLM loaded once)."""
    global _chain
    with _chain_lock:
        if _chain is None:
            from rag.chain import Chain
            from rag.settings import load_settings

            _chain = Chain(load_settings())
        return _chain


def reset_chain() -> None:
    """Forget the process-wide Chain (after settings change, or in tests)."""
    global _chain
    with _chain_lock:
        _chain = None


def answer(question: str, history: list | None = None) -> AnswerRecord:
    return get_chain().answer(question, history)


def answer_stream(question: str, history: list | None = None) -> Iterator[str | AnswerRecord]:
    """Yields text pieces, then the final AnswerRecord."""
    return get_chain().stream(question, history)


__all__ = ["AnswerRecord", "answer", "answer_stream", "get_chain", "reset_chain"]
