"""`rag ingest`: documents in, labelled sentence nodes with embeddings out, idempotently."""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from index.document import FORMATS, Document, parse_document
from index.embed import EMBED_BATCH, load_embedder
from index.store import INDEX_FORMAT, DocumentEntry, Store, sentence_node
from rag.errors import BadDocument, IndexCorrupt
from rag.settings import Settings


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0  # sentences stored for the documents seen
    written: int = 0  # documents (re)written this run
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one-line reasons
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
    """Delete a local index folder, but only one that holds nothing except an index."""
    if not folder.exists():
        return
    if not (folder / "chroma.sqlite3").exists() and any(folder.iterdir()):
        raise IndexCorrupt(f"{folder} does not look like an index folder; not deleting it. Set RAG_INDEX_DIR.")
    shutil.rmtree(folder)


def ingest(paths: list[Path], settings: Settings, store: Store | None = None,
           progress: bool = True, rebuild: bool = False) -> IngestReport:
    """Clean, split, label, embed and store `paths`; a document whose bytes are unchanged is skipped."""
    started = time.perf_counter()
    if rebuild and store is None and not settings.chroma_url:
        clear_local_index(settings.index_dir)
    store = store or Store(settings)
    if rebuild:
        store.reset()
    report = IngestReport()
    files, report.refused = collect_files(paths)
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
        report.documents += 1
        report.chunks += len(document.sentences)
        entry = manifest.get(document.doc_id)
        if entry and (entry.sha256, entry.chunks, entry.format) == (
            document.sha256, len(document.sentences), INDEX_FORMAT
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
        embedder = load_embedder()
        total = sum(len(d.sentences) for d in todo)
        with tqdm(total=total, unit="sent", desc="embedding", disable=not progress, file=sys.stderr) as bar:
            for document in todo:
                nodes = [sentence_node(s, document) for s in document.sentences]
                for i in range(0, len(nodes), EMBED_BATCH * 4):
                    batch = nodes[i:i + EMBED_BATCH * 4]
                    vectors = embedder.get_text_embedding_batch([n.text for n in batch])
                    for node, vector in zip(batch, vectors):
                        node.embedding = vector
                    bar.update(len(batch))
                store.put_document(
                    DocumentEntry(document.doc_id, str(document.source.resolve()), document.sha256,
                                  document.title, len(nodes)),
                    nodes,
                )
                report.written += 1
    report.seconds = time.perf_counter() - started
    return report
