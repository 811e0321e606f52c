"""The indexed documents as a user manages them: list, add, remove, re-index (`rag docs` and /api/documents).

An added file is copied to `settings.index_dir / "uploads"` (never into seeds/), so the index
does not depend on the user's file staying where it was, and removing the document deletes
the copy. A PDF is stored with the text taken from it in a .txt beside it; the .txt is what is
indexed and quoted. A document's id is its file name without the extension, made safe
("My Story.txt" -> "My_Story"); a file whose id is already indexed is refused (DocumentExists):
remove the old document first, or rename the file. A refused file leaves the index and the
uploads folder as they were.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel
from tqdm import tqdm

from core.errors import BadDocument, DocumentExists, DocumentNotFound, UnsupportedDocumentType
from core.settings import Settings
from index.document import FORMATS, Document, check_size, parse_document
from index.ingest import UPLOADS, write_documents
from index.pdf import pdf_text
from index.store import DocumentEntry, Store, document_entry

ADDABLE = (*FORMATS, ".pdf")
_UNSAFE = re.compile(r"[^\w.-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class DocumentInfo(BaseModel):
    """One indexed document, as `rag docs list` and GET /api/documents show it."""

    doc_id: str
    title: str | None
    file_name: str  # the file it came from: "report.pdf" for a PDF indexed as report.txt
    size_bytes: int | None  # of the indexed file (for a PDF, of its text); None: indexed by an older rag
    sentences: int
    added: str | None  # when it was first indexed, ISO 8601 UTC; None: indexed by an older rag
    dropped_chars: int | None  # characters the cleaner dropped as page chrome ...
    text_chars: int | None  # ... out of this many
    uploaded: bool  # a copy under the index's uploads folder, deleted with the document
    published: str | None = None  # the publication date the page gives, ISO 8601; None: it gives none


def display_name(name: str) -> str:
    """A file name as messages show it: no folders, no line breaks or other control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return _CONTROL.sub("?", base)[:200] or "(no name)"


def upload_name(name: str) -> str:
    """The name an added file is stored under: "../My Story.TXT" -> "My_Story.txt"; refuses other types."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    suffix = f".{extension.lower()}" if dot else ""
    if suffix not in ADDABLE:
        raise UnsupportedDocumentType(f"{display_name(name)}: only .txt, .md, .html and .pdf documents can be added")
    stem = _UNSAFE.sub("_", stem).strip("._-")[:100]
    if not stem:
        raise BadDocument(f"{display_name(name)}: the file needs a name before its extension")
    return stem + suffix


class DocumentCollection:
    """List, add, remove and re-index documents of the index that `settings` names."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        self.uploads = settings.index_dir / UPLOADS
        self._lock = threading.Lock()  # one change at a time: an id is checked, then written

    def documents(self) -> list[DocumentInfo]:
        return [self._info(entry) for entry in sorted(self.store.manifest().values(), key=lambda e: e.doc_id)]

    def add_file(self, path: Path) -> DocumentInfo:
        """Add a copy of the file at `path`."""
        if not path.is_file():
            raise BadDocument(f"{path}: no such file")
        with path.open("rb") as stream:
            return self.add_stream(path.name, stream, path.stat().st_size)

    def add_stream(self, name: str, stream: BinaryIO, size: int | None = None) -> DocumentInfo:
        """Add a file read from `stream`; its type, and its size when known, are checked before reading,
        and no more than the limit plus one byte is ever read."""
        upload_name(name)
        limit = self.settings.max_document_bytes
        if size is not None:
            check_size(size, display_name(name), limit)
        return self.add(name, stream.read(limit + 1))

    def add(self, name: str, data: bytes) -> DocumentInfo:
        """Store `data` as an upload called `name`, then clean, split, embed and index it."""
        stored = upload_name(name)
        label = display_name(name)
        check_size(len(data), label, self.settings.max_document_bytes)
        with self._lock:
            doc_id = Path(stored).stem
            existing = self.store.manifest().get(doc_id)
            if existing is not None:
                raise DocumentExists(
                    f"{label}: a document with id {doc_id!r} is already indexed (from "
                    f"{self._info(existing).file_name}); remove it first or rename the file"
                )
            written = self._save(stored, data, label)
            try:
                document = parse_document(written[-1], self.settings.max_document_bytes, label)
                entry = document_entry(document, origin=stored if stored != written[-1].name else None)
                self._write(document, entry)
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                raise
            return self._info(entry)

    def remove(self, doc_id: str) -> DocumentInfo:
        """Drop the document from the index and delete its uploaded copy, if it was an upload."""
        with self._lock:
            entry = self._entry(doc_id)
            self.store.remove_document(doc_id)
            for path in self._uploaded_files(entry):
                path.unlink(missing_ok=True)
            return self._info(entry)

    def reindex(self, doc_id: str) -> DocumentInfo:
        """Read the document's file again and rewrite it; if the file is gone or bad, the index keeps it as it was."""
        with self._lock:
            entry = self._entry(doc_id)
            document = parse_document(Path(entry.source), self.settings.max_document_bytes)
            updated = document_entry(document, entry)
            self._write(document, updated)
            return self._info(updated)

    def _entry(self, doc_id: str) -> DocumentEntry:
        entry = self.store.manifest().get(doc_id)
        if entry is None:
            raise DocumentNotFound(f"No document {doc_id!r} in the index; `rag docs list` shows the ids.")
        return entry

    def _save(self, stored: str, data: bytes, label: str) -> list[Path]:
        """Write the upload (and a PDF's text, beside it); returns the files written, the one to index last."""
        target = self.uploads / stored
        text = pdf_text(data, label) if target.suffix == ".pdf" else None  # refuse before writing anything
        self.uploads.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if text is None:
            return [target]
        source = target.with_suffix(".txt")
        source.write_text(text, encoding="utf-8")
        return [target, source]

    def _write(self, document: Document, entry: DocumentEntry) -> None:
        self.store.recover()  # a killed ingest's pending list would otherwise be overwritten
        with tqdm(disable=True) as bar:
            write_documents([document], self.store, bar, {document.doc_id: entry})

    def _is_upload(self, path: Path) -> bool:
        return path.resolve().is_relative_to(self.uploads.resolve())

    def _uploaded_files(self, entry: DocumentEntry) -> list[Path]:
        source = Path(entry.source)
        if not self._is_upload(source):
            return []
        origin = [self.uploads / Path(entry.origin).name] if entry.origin else []
        return [source, *origin]

    def _info(self, entry: DocumentEntry) -> DocumentInfo:
        return DocumentInfo(
            doc_id=entry.doc_id, title=entry.title, file_name=entry.file_name,
            size_bytes=entry.size, sentences=entry.chunks, added=entry.added,
            dropped_chars=entry.dropped_chars, text_chars=entry.text_chars,
            uploaded=self._is_upload(Path(entry.source)), published=entry.published,
        )
