"""Question answering over news articles, with cited passages and attribution labels.

    >>> import rag
    >>> record = rag.answer("How old is he?", history=[...])

`answer` and `answer_stream` use the default Chain of one process-wide ChainCache
(rag/chains.py), built from settings on first use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from core.record import AnswerRecord

_cache = None
_cache_lock = threading.Lock()


def get_chain():  # type: ignore[no-untyped-def]
    """The process-wide default Chain (index, embedder and LLM loaded once)."""
    global _cache
    with _cache_lock:
        if _cache is None:
            from core.settings import load_settings
            from rag.chains import ChainCache

            _cache = ChainCache(load_settings())
    return _cache.default()


def reset_chain() -> None:
    """Forget the process-wide Chains (after settings change, or in tests)."""
    global _cache
    with _cache_lock:
        _cache = None


def answer(question: str, history: list | None = None, scope: str | None = None) -> AnswerRecord:
    """The answer record; `scope`: the doc_id of the one document to answer from (None: all)."""
    return get_chain().answer(question, history, scope=scope)


def answer_stream(question: str, history: list | None = None, scope: str | None = None) -> Iterator[str | AnswerRecord]:
    """Yields text pieces, then the final AnswerRecord."""
    return get_chain().stream(question, history, scope=scope)


__all__ = ["AnswerRecord", "answer", "answer_stream", "get_chain", "reset_chain"]
