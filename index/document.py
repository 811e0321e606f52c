"""Read one file into cleaned, labelled sentences, each with exact offsets into the file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from core.errors import BadDocument, DocumentTooLarge, UnsupportedDocumentType
from core.text import INSTRUCTION
from index.attribution import label_document
from index.clean import Block, split_blocks, title_of
from index.published import publication_date
from index.sentences import split_sentences

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class Sentence:
    """One sentence of body text. `text == source[start:end]` for the file as read."""

    doc_id: str
    version: str  # sha256 of the document's bytes: which ingest of the document this is
    position: int  # index among the document's sentences
    start: int
    end: int
    text: str
    paragraph: tuple[int, int]  # (start, end) of its paragraph
    label: str  # "asserted" | "reported" | "instruction" (addresses an AI; never evidence)
    cue: str | None
    speaker: str | None
    caveat: bool  # this sentence is a caveat ("cannot be corroborated")
    caveat_of: tuple[int, ...]  # positions of caveat sentences that cover it
    frame: tuple[tuple[int, int], ...] = ()  # of a reported sentence, the spans the article asserts

    @property
    def node_id(self) -> str:
        key = f"{self.doc_id}\x1f{self.version}\x1f{self.start}\x1f{self.end}\x1f{self.text}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: Path  # absolute, resolved once at parse time
    text: str
    sha256: str
    title: str | None
    blocks: list[Block]
    sentences: list[Sentence]
    published: str | None = None  # the publication date the page gives, ISO 8601 ("2023-03-07")

    @property
    def dropped_chars(self) -> int:
        """Characters of text that the cleaner dropped as page chrome."""
        return sum(len(b.text) for b in self.blocks if b.kind == "chrome")

    @property
    def text_chars(self) -> int:
        """Characters of text in all blocks, kept or dropped (markup not counted)."""
        return sum(len(b.text) for b in self.blocks)


def check_size(size: int, label: str, max_bytes: int) -> None:
    """DocumentTooLarge when `size` bytes is over the limit; `label` names the file in the message."""
    if size > max_bytes:
        raise DocumentTooLarge(f"{label}: {size:,} bytes is over the {max_bytes:,}-byte limit (RAG_MAX_DOCUMENT_BYTES)")


def read_text(path: Path, max_bytes: int, label: str | None = None) -> tuple[str, str]:
    """The text exactly as `open(path).read()` gives it, and the sha256 of the bytes.

    `label` names the file in error messages (default: the path), e.g. an upload's own name.
    """
    label = label or str(path)
    if path.suffix.lower() not in FORMATS:
        raise UnsupportedDocumentType(f"{label}: only .txt, .md and .html documents can be ingested")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadDocument(f"{label}: cannot read the file ({exc.strerror})") from exc
    check_size(len(raw), label, max_bytes)
    if b"\x00" in raw:
        raise BadDocument(f"{label}: looks like a binary file, not text")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadDocument(f"{label}: is not UTF-8 text; convert it first (iconv -t UTF-8)") from exc
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if not text.strip():
        raise BadDocument(f"{label}: the document is empty")
    return text, hashlib.sha256(raw).hexdigest()


def parse_document(path: Path, max_bytes: int = 20_000_000, label: str | None = None) -> Document:
    """Clean, split and label one document; `label` names it in error messages (default: the path)."""
    text, digest = read_text(path, max_bytes, label)
    blocks = split_blocks(text, FORMATS[path.suffix.lower()])
    spans: list[tuple[int, int, tuple[int, int]]] = []
    for block in blocks:
        if block.kind == "body":
            spans += [(s, e, (block.start, block.end)) for s, e in split_sentences(block.text, block.start)]
    if not spans:
        raise BadDocument(f"{label or path}: no article text found (every line looks like page chrome)")
    labels = label_document([text[s:e] for s, e, _ in spans])
    doc_id = path.stem
    sentences = [
        Sentence(
            doc_id=doc_id, version=digest, position=i, start=s, end=e, text=text[s:e], paragraph=para,
            label="instruction" if INSTRUCTION.search(text[s:e]) else lab.label,
            cue=lab.cue, speaker=lab.speaker, caveat=lab.caveat,
            caveat_of=tuple(lab.covered_by), frame=tuple(lab.frame),
        )
        for i, ((s, e, para), lab) in enumerate(zip(spans, labels))
    ]
    return Document(doc_id, path.resolve(), text, digest, title_of(blocks), blocks, sentences,
                    publication_date(text, blocks))
