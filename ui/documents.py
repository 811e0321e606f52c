"""The article text behind citations. Only documents listed in the index's manifest are read.

A path never comes from the browser: the caller passes citations the chain made, and a
citation's `source` is read only if the index stores that same path for its `doc_id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.document import read_text
from index.store import DocumentEntry
from rag.errors import RagError
from rag.record import Citation


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str | None
    text: str | None  # None: the file is gone, changed type, or is not in the index


@lru_cache(maxsize=16)
def _read(path: str, mtime_ns: int, size: int, max_bytes: int) -> str | None:
    """The file as `open(path).read()` gives it; keyed on mtime and size so an edit is re-read."""
    try:
        return read_text(Path(path), max_bytes)[0]
    except RagError:
        return None


def cited_articles(
    citations: Iterable[Citation], manifest: dict[str, DocumentEntry], max_bytes: int
) -> dict[str, Article]:
    """{source: Article} for every document the citations point into, in citation order."""
    articles: dict[str, Article] = {}
    for citation in citations:
        source = citation.source
        if not source or source in articles:
            continue
        entry = manifest.get(citation.doc_id)
        text = None
        if entry is not None and entry.source == source:
            try:
                stat = Path(source).stat()
                text = _read(source, stat.st_mtime_ns, stat.st_size, max_bytes)
            except OSError:
                text = None
        articles[source] = Article(citation.doc_id, entry.title if entry else None, text)
    return articles
