"""Whether every citation's quote is verbatim: open(source).read()[start:end] == quote."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from core.record import AnswerRecord
from eval.metrics import Rate, Record, record_dict


def _find_document(doc_id: str, docs: Sequence[Path]) -> Path | None:
    for doc in docs:
        if doc.is_file() and doc.stem == doc_id:
            return doc
        if doc.is_dir():
            match = next((p for p in sorted(doc.rglob("*")) if p.is_file() and p.stem == doc_id), None)
            if match:
                return match
    return None


class _SourceTexts:
    """File texts by citation, read once: citation.source when it exists, else doc_id in `docs`."""

    def __init__(self, docs: Sequence[Path]) -> None:
        self.docs = docs
        self.texts: dict[Path, str | None] = {}
        self.by_doc_id: dict[str, Path | None] = {}

    def text_for(self, citation: Record) -> str | None:
        source = citation.get("source")
        path = Path(source) if source and Path(source).is_file() else None
        if path is None:
            doc_id = str(citation.get("doc_id") or "")
            if doc_id not in self.by_doc_id:
                self.by_doc_id[doc_id] = _find_document(doc_id, self.docs) if doc_id else None
            path = self.by_doc_id[doc_id]
        if path is None:
            return None
        if path not in self.texts:
            try:
                with open(path, encoding="utf-8") as handle:
                    self.texts[path] = handle.read()
            except (OSError, UnicodeDecodeError):
                self.texts[path] = None
        return self.texts[path]


def quotes_verbatim(records: Iterable[Record | AnswerRecord], docs: Sequence[Path] = ()) -> Rate:
    sources = _SourceTexts(docs)
    hits = total = 0
    for record in map(record_dict, records):
        for citation in record.get("citations") or []:
            total += 1
            text = sources.text_for(citation)
            start, end = int(citation.get("start", -1)), int(citation.get("end", -1))
            hits += (text is not None and 0 <= start < end <= len(text)
                     and text[start:end] == citation.get("quote"))
    return Rate(hits, total)
