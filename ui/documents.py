"""The article text behind citations. Only documents listed in the index's manifest are read.

A path never comes from the browser: the caller passes citations the chain made, and a
citation's `source` is read only if the index stores that same path for its `doc_id`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.errors import RagError
from core.record import Citation
from index.clean import split_blocks
from index.document import FORMATS, read_text
from index.store import DocumentEntry

Spans = tuple[tuple[int, int], ...]  # (start, end) char offsets into the file's text


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str | None
    text: str | None  # None: the file is gone, changed type, or is not in the index
    name: str = ""  # what the page calls it: its title, else its file name
    body: Spans = ()  # the paragraphs the cleaner kept (not the page chrome), in order


@lru_cache(maxsize=16)
def _read(path: str, mtime_ns: int, size: int, max_bytes: int) -> tuple[str, Spans] | None:
    """The file as `open(path).read()` gives it, and its body paragraphs; keyed on mtime and size so an
    edit is re-read."""
    try:
        text = read_text(Path(path), max_bytes)[0]
    except RagError:
        return None
    blocks = split_blocks(text, FORMATS[Path(path).suffix.lower()])
    return text, tuple((b.start, b.end) for b in blocks if b.kind == "body")


def _read_indexed(source: str, max_bytes: int) -> tuple[str, Spans] | None:
    try:
        stat = Path(source).stat()
    except OSError:
        return None
    return _read(source, stat.st_mtime_ns, stat.st_size, max_bytes)


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
        read = _read_indexed(source, max_bytes) if entry is not None and entry.source == source else None
        text, body = read if read is not None else (None, ())
        title = entry.title if entry else None
        name = title or (entry.file_name if entry else Path(source).name)  # a removed document: its path's name
        articles[source] = Article(citation.doc_id, title, text, name, body)
    return articles
