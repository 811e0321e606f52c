"""`rag ingest`: documents in, labelled sentence nodes with embeddings out, idempotently."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from core.errors import BadDocument, IndexCorrupt, IndexNotBuilt
from core.feedback import FEEDBACK_FILE
from core.settings import Settings
from index.document import FORMATS, Document, parse_document
from index.embed import encode_texts
from index.store import INDEX_FORMAT, DocumentEntry, Store, document_entry, sentence_node

UPLOADS = "uploads"  # under settings.index_dir: the documents users added (index/collection.py)

GROUP = 1024  # sentences embedded per call, across document boundaries


@dataclass(frozen=True)
class Cleaned:
    """What the cleaner dropped from one document as page chrome."""

    source: str
    dropped: int  # characters
    total: int

    @property
    def mostly_dropped(self) -> bool:
        return self.dropped * 2 > self.total

    def line(self) -> str:
        share = f"{self.dropped:,} of {self.total:,} characters"
        if self.mostly_dropped:
            return (f"warning: {self.source}: the cleaner dropped most of the text as page chrome ({share}); "
                    "check the file")
        return f"{self.source}: dropped {share} as page chrome"


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0  # sentences stored for the documents seen
    written: int = 0  # documents (re)written this run
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one-line reasons
    cleaned: list[Cleaned] = field(default_factory=list)  # documents the cleaner dropped text from
    seconds: float = 0.0

    def summary(self) -> str:
        state = "unchanged" if self.written == 0 and not self.removed else f"{self.written} written"
        line = (f"{self.documents} documents, {self.chunks} chunks, {self.seconds:.1f} s "
                f"({state}, {self.unchanged} unchanged, {len(self.removed)} removed)")
        return line


def collect_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to ingest, and one-line refusals for the rest."""
    files, refused = [], []
    for path in paths:
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            candidates = [path]
        else:
            refused.append(f"{path}: no such file or folder")
            continue
        for candidate in candidates:
            if candidate.suffix.lower() in FORMATS:
                files.append(candidate)
            else:
                refused.append(f"{candidate}: only .txt, .md and .html documents can be ingested")
    return files, refused


def clear_local_index(folder: Path) -> None:
    """Delete a local index folder's contents, but only in a folder that holds nothing except an index.
    The users' feedback on answers (core/feedback.py) and their uploaded documents are not the index:
    they stay (a rebuild indexes the uploads again)."""
    if not folder.exists():
        return
    index_files = [path for path in folder.iterdir()
                   if not path.name.startswith(FEEDBACK_FILE) and path.name != UPLOADS]  # and its journal
    if not (folder / "chroma.sqlite3").exists() and index_files:
        raise IndexCorrupt(f"{folder} does not look like an index folder; not deleting it. Set RAG_INDEX_DIR.")
    for path in index_files:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def embedding_groups(documents: list[Document], size: int = GROUP) -> Iterator[list[Document]]:
    """Whole documents, gathered until a group holds at least `size` sentences."""
    group: list[Document] = []
    count = 0
    for document in documents:
        group.append(document)
        count += len(document.sentences)
        if count >= size:
            yield group
            group, count = [], 0
    if group:
        yield group


def write_documents(todo: list[Document], store: Store, bar: tqdm, entries: dict[str, DocumentEntry]) -> int:
    """Embed `todo` group by group while a writer thread stores the group before; returns documents written.

    `entries` holds each document's manifest entry by doc_id (see `index.store.document_entry`).

    Groups of about a thousand sentences fill every batch of 64, across document ends.
    Chroma's bindings hold the GIL while they write, so the writer thread overlaps little
    more than the Python between torch calls; the cheap row layout (`Store._write`) is what
    pays. Measured here: 0.88 of raw MiniLM at 10,000 sentences, 0.82-0.85 at 48,500 (0.61
    with one embed call and one Chroma write per document).
    """
    store.mark_pending([d.doc_id for d in todo])
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chroma-writer") as writer:
        pending: Future[None] | None = None
        pending_count = 0
        for group in embedding_groups(todo):
            batch = [(entries[d.doc_id], [sentence_node(s, d) for s in d.sentences]) for d in group]
            nodes = [node for _, group_nodes in batch for node in group_nodes]
            for node, vector in zip(nodes, encode_texts([node.text for node in nodes])):
                node.embedding = vector.tolist()
            if pending is not None:
                pending.result()
                bar.update(pending_count)
            pending, pending_count = writer.submit(store.put_documents, batch), len(nodes)
        if pending is not None:
            pending.result()
            bar.update(pending_count)
    store.clear_pending()
    return len(todo)


def ingest(paths: list[Path], settings: Settings, store: Store | None = None,
           progress: bool = True, rebuild: bool = False) -> IngestReport:
    """Clean, split, label, embed and store `paths`; a document whose bytes are unchanged is skipped."""
    started = time.perf_counter()
    if rebuild and store is None and not settings.chroma_url:
        clear_local_index(settings.index_dir)
    if rebuild and (settings.index_dir / UPLOADS).is_dir():  # the users' documents are rebuilt too, never dropped
        paths = [*paths, *(p for p in sorted((settings.index_dir / UPLOADS).iterdir()) if p.suffix.lower() in FORMATS)]
    store = store or Store(settings)
    if rebuild:
        store.reset()
    report = IngestReport()
    files, report.refused = collect_files(paths)
    store.recover()
    manifest = store.manifest()
    todo: list[Document] = []
    seen: set[str] = set()
    for path in files:
        try:
            document = parse_document(path, settings.max_document_bytes)
        except BadDocument as exc:
            report.refused.append(str(exc))
            continue
        seen.add(document.doc_id)
        if document.dropped_chars:
            report.cleaned.append(Cleaned(str(path), document.dropped_chars, document.text_chars))
        report.documents += 1
        report.chunks += len(document.sentences)
        entry = manifest.get(document.doc_id)
        if entry and (entry.sha256, entry.chunks, entry.format, entry.published) == (
            document.sha256, len(document.sentences), INDEX_FORMAT, document.published
        ):
            report.unchanged += 1
        else:
            todo.append(document)
    roots = [p.resolve() for p in paths if p.is_dir()]
    for doc_id, entry in manifest.items():
        source = Path(entry.source).resolve()
        if doc_id not in seen and any(source.is_relative_to(root) for root in roots) and not source.exists():
            store.remove_document(doc_id)
            report.removed.append(doc_id)
    if todo:
        total = sum(len(d.sentences) for d in todo)
        with tqdm(total=total, unit="sent", desc="embedding", disable=not progress, file=sys.stderr) as bar:
            entries = {d.doc_id: document_entry(d, manifest.get(d.doc_id)) for d in todo}
            report.written = write_documents(todo, store, bar, entries)
    report.seconds = time.perf_counter() - started
    return report


def ensure_index(settings: Settings) -> None:
    """Build the index from the seeds on first use, so `ask` and `chat` work on a fresh machine."""
    store = Store(settings)
    if store.count() == 0:
        print("Building the index from", settings.seeds_dir, "(first run)...", file=sys.stderr)
        report = ingest([settings.seeds_dir], settings, store=store)
        if report.chunks == 0:
            raise IndexNotBuilt(f"No documents to index in {settings.seeds_dir}. Put .txt, .md or .html files "
                                "there (RAG_SEEDS_DIR), or run `rag ingest PATH`.")
