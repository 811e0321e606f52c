"""Where the index lives: a Chroma collection of sentence nodes plus a manifest of documents.

Local by default (a `PersistentClient` under RAG_INDEX_DIR); a Chroma server when
RAG_CHROMA_URL is set. The keyword (BM25) index is rebuilt from the stored nodes when
the store is opened, so both retrievers always see the same sentences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.core.vector_stores.utils import metadata_dict_to_node, node_to_metadata_dict
from llama_index.vector_stores.chroma import ChromaVectorStore

from core.errors import BackendUnavailable, IndexCorrupt, IndexNotBuilt, RagError
from core.settings import Settings
from index.document import Document, Sentence

INDEX_FORMAT = 9  # bump when what is stored per sentence changes; older documents are re-ingested
SENTENCES = "rag_sentences"
DOCUMENTS = "rag_documents"
ROW_KEYS = ("_node_content", "_node_type", "doc_id", "document_id", "ref_doc_id", "version")  # flat in Chroma
PENDING = "~pending"  # manifest row listing the documents an unfinished ingest was writing


@dataclass
class DocumentEntry:
    """One document in the manifest. Fields after `format` were added later: None in older indexes."""

    doc_id: str
    source: str
    sha256: str
    title: str | None
    chunks: int
    format: int = INDEX_FORMAT
    size: int | None = None  # bytes of the source file
    added: str | None = None  # when it was first indexed, ISO 8601 UTC
    dropped_chars: int | None = None  # characters the cleaner dropped as page chrome
    text_chars: int | None = None  # ... of this many characters of text
    origin: str | None = None  # the file name it came from when that is not the source's (an uploaded PDF)
    published: str | None = None  # the publication date the page gives, ISO 8601 (index/published.py)

    @property
    def file_name(self) -> str:
        """The file it came from: "report.pdf" for a PDF indexed as report.txt."""
        return self.origin or Path(self.source).name

    def metadata(self) -> dict[str, str | int]:
        """The manifest row; Chroma stores no None, so unknown fields are left out."""
        row: dict[str, str | int | None] = {
            "source": self.source, "sha256": self.sha256, "title": self.title or "", "chunks": self.chunks,
            "format": self.format, "size": self.size, "added": self.added, "dropped_chars": self.dropped_chars,
            "text_chars": self.text_chars, "origin": self.origin, "published": self.published,
        }
        return {key: value for key, value in row.items() if value is not None}

    @classmethod
    def from_metadata(cls, doc_id: str, meta: dict[str, Any]) -> DocumentEntry:
        def optional_int(key: str) -> int | None:
            return None if meta.get(key) is None else int(meta[key])

        return cls(
            doc_id=doc_id, source=str(meta["source"]), sha256=str(meta["sha256"]),
            title=str(meta.get("title") or "") or None, chunks=int(meta["chunks"]),
            format=int(meta.get("format") or 1), size=optional_int("size"),
            added=str(meta["added"]) if meta.get("added") else None,
            dropped_chars=optional_int("dropped_chars"), text_chars=optional_int("text_chars"),
            origin=str(meta["origin"]) if meta.get("origin") else None,
            published=str(meta["published"]) if meta.get("published") else None,
        )


def document_entry(
    document: Document, previous: DocumentEntry | None = None, origin: str | None = None
) -> DocumentEntry:
    """The manifest entry for a parsed document; rewriting the same file keeps when it was added, and its origin."""
    kept = previous if previous is not None and previous.source == str(document.source) else None
    return DocumentEntry(
        doc_id=document.doc_id, source=str(document.source), sha256=document.sha256, title=document.title,
        chunks=len(document.sentences), size=document.source.stat().st_size,
        added=(kept and kept.added) or datetime.now(UTC).isoformat(timespec="microseconds"),  # orders same-second adds
        dropped_chars=document.dropped_chars, text_chars=document.text_chars,
        origin=origin or (kept and kept.origin), published=document.published,
    )


def format_frame(frame: tuple[tuple[int, int], ...]) -> str:
    """((0, 22), (40, 61)) -> "0:22;40:61": a reported sentence's asserted spans, as metadata holds them."""
    return ";".join(f"{start}:{end}" for start, end in frame)


def parse_frame(stored: str) -> tuple[tuple[int, int], ...]:
    """The inverse of `format_frame`."""
    return tuple((int(a), int(b)) for a, b in (part.split(":") for part in stored.split(";") if part))


def sentence_node(sentence: Sentence, document: Document) -> TextNode:
    """A llama-index node for one sentence, as stored; `Store.all_nodes` marks its metadata unindexed."""
    para_start, para_end = sentence.paragraph
    caveats = [document.sentences[i] for i in sentence.caveat_of]
    metadata: dict[str, Any] = {
        "doc_id": sentence.doc_id, "version": sentence.version, "position": sentence.position,
        "source": str(document.source),
        "start": sentence.start, "end": sentence.end,
        "para_start": para_start, "para_end": para_end,
        "label": sentence.label, "cue": sentence.cue or "", "speaker": sentence.speaker or "",
        "caveat": sentence.caveat,
        "frame": format_frame(sentence.frame),
        "caveat_text": " ".join(c.text for c in caveats),
        "caveat_start": caveats[0].start if caveats else -1,
        "caveat_end": caveats[0].end if caveats else -1,
    }
    node = TextNode(id_=sentence.node_id, text=sentence.text, metadata=metadata)
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=sentence.doc_id)
    return node


class Store:
    """The Chroma client, the sentence collection and the document manifest."""

    def __init__(self, settings: Settings) -> None:
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                self.client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1", port=url.port or 8000,
                    ssl=url.scheme == "https", settings=chroma_settings,
                )
            else:
                settings.index_dir.mkdir(parents=True, exist_ok=True)
                self.client = chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
            self.sentences = self.client.get_or_create_collection(SENTENCES, metadata={"hnsw:space": "cosine"})
            self.documents = self.client.get_or_create_collection(DOCUMENTS)
        except RagError:
            raise
        except Exception as exc:  # chromadb raises many kinds; all mean the same to a user
            if settings.chroma_url:
                raise BackendUnavailable(
                    f"Cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}). "
                    "Start it with `chroma run`, or unset RAG_CHROMA_URL to use the local index."
                ) from exc
            where = settings.index_dir
            raise IndexCorrupt(
                f"Cannot open the index at {where} ({type(exc).__name__}: {exc}). "
                "Run `rag ingest --rebuild` to build it again."
            ) from exc
        # Not used by the chain (see _write and rag.retrieve.DenseRetriever): for scripts that
        # want llama-index's own view of the index, which reads the rows as the same nodes.
        self.vector_store = ChromaVectorStore(chroma_collection=self.sentences)

    def manifest(self) -> dict[str, DocumentEntry]:
        got = self.documents.get(include=["metadatas"])
        entries = {}
        for doc_id, meta in zip(got["ids"], got["metadatas"] or []):
            if doc_id == PENDING:
                continue
            entries[doc_id] = DocumentEntry.from_metadata(doc_id, dict(meta))
        return entries

    def put_documents(self, batch: list[tuple[DocumentEntry, list[TextNode]]]) -> None:
        """Write several documents' nodes, commit them in the manifest, then drop their old nodes.

        Readers only see the version the manifest records, so until the commit they keep the
        old one; a kill after it leaves old rows that `recover()` removes on the next ingest.
        """
        if not batch:
            return
        doc_ids = [entry.doc_id for entry, _ in batch]
        old_ids = set(self._ids_where({"doc_id": {"$in": doc_ids}}))
        new_ids = {node.node_id for _, nodes in batch for node in nodes}
        self._write([node for _, nodes in batch for node in nodes])  # upsert: a format change rewrites metadata
        self.documents.upsert(
            ids=doc_ids, embeddings=[[0.0]] * len(batch), documents=[entry.source for entry, _ in batch],
            metadatas=[entry.metadata() for entry, _ in batch],  # type: ignore[misc]
        )
        self._delete(sorted(old_ids - new_ids))

    def _write(self, nodes: list[TextNode], page: int = 1000) -> None:
        """Store nodes in the layout llama-index's ChromaVectorStore reads, at about half its cost.

        Its `add` copies every metadata field into a SQLite row of its own beside
        `_node_content`, which already holds them, and the text into Chroma's full-text
        index. Here only the keys that filters use are flat and the text stays in
        `_node_content`. Chroma's Rust bindings hold the GIL while they write, so this cost
        adds to ingest time in full; it grows with the collection (HNSW inserts).
        """
        for i in range(0, len(nodes), page):
            chunk = nodes[i:i + page]
            rows = [node_to_metadata_dict(node, remove_text=False, flat_metadata=True) for node in chunk]
            self.sentences.upsert(
                ids=[node.node_id for node in chunk],
                embeddings=np.asarray([node.embedding for node in chunk], dtype=np.float32),
                metadatas=[{key: row[key] for key in ROW_KEYS if key in row} for row in rows],
            )

    def mark_pending(self, doc_ids: list[str]) -> None:
        """Note the documents an ingest is about to write, so a killed run can be cleaned up."""
        self.documents.upsert(ids=[PENDING], embeddings=[[0.0]], documents=[json.dumps(doc_ids)])

    def clear_pending(self) -> None:
        self.documents.delete(ids=[PENDING])

    def recover(self) -> int:
        """Remove the uncommitted or superseded rows a killed ingest left; returns how many."""
        got = self.documents.get(ids=[PENDING], include=["documents"])
        if not got["ids"]:
            return 0
        committed = {doc_id: entry.sha256 for doc_id, entry in self.manifest().items()}
        stale: list[str] = []
        for doc_id in json.loads((got["documents"] or ["[]"])[0] or "[]"):
            where: dict[str, Any] = {"doc_id": doc_id}
            if doc_id in committed:
                where = {"$and": [where, {"version": {"$ne": committed[doc_id]}}]}
            stale += self._ids_where(where)
        self._delete(stale)
        self.clear_pending()
        return len(stale)

    def remove_document(self, doc_id: str) -> None:
        self.sentences.delete(where={"doc_id": doc_id})
        self.documents.delete(ids=[doc_id])

    def _ids_where(self, where: dict[str, Any], page: int = 5000) -> list[str]:
        ids: list[str] = []
        while True:
            got = self.sentences.get(where=where, include=[], limit=page, offset=len(ids))
            ids += got["ids"]
            if len(got["ids"]) < page:
                return ids

    def _delete(self, ids: list[str], page: int = 5000) -> None:
        for i in range(0, len(ids), page):  # SQLite caps the variables of one statement
            self.sentences.delete(ids=ids[i:i + page])

    def count(self) -> int:
        return self.sentences.count()

    def all_nodes(self) -> list[TextNode]:
        """Every committed sentence node, in document order.

        A node counts only if its document version is the one the manifest records, so an
        ingest killed half-way leaves readers on the previous version, never a mix.
        """
        manifest = self.manifest()
        outdated = sorted(doc_id for doc_id, entry in manifest.items() if entry.format != INDEX_FORMAT)
        if outdated:
            raise IndexNotBuilt(f"{len(outdated)} document(s) in the index, {outdated[0]} first, were stored by an "
                                "older version of rag. Run `rag ingest` to update them.")
        committed = {doc_id: entry.sha256 for doc_id, entry in manifest.items()}
        nodes = []
        for node_id, meta in self._all_rows():
            if committed.get(str(meta["doc_id"])) != meta.get("version"):
                continue
            node = metadata_dict_to_node(dict(meta))  # the text is inside _node_content
            node.id_ = node_id
            node.excluded_embed_metadata_keys = list(node.metadata)  # BM25 indexes the text alone
            node.excluded_llm_metadata_keys = list(node.metadata)
            nodes.append(node)
        nodes.sort(key=lambda n: (n.metadata["doc_id"], n.metadata["position"]))
        return nodes  # type: ignore[return-value]

    def _all_rows(self, page: int = 5000):
        """(id, metadata) of every stored sentence, read in pages: SQLite caps one query."""
        offset = 0
        while True:
            got = self.sentences.get(include=["metadatas"], limit=page, offset=offset)
            yield from zip(got["ids"], got["metadatas"] or [])
            if len(got["ids"]) < page:
                return
            offset += page

    def reset(self) -> None:
        for name in (SENTENCES, DOCUMENTS):
            try:
                self.client.delete_collection(name)
            except Exception:  # noqa: BLE001 - a missing collection is already reset
                pass
        self.sentences = self.client.get_or_create_collection(SENTENCES, metadata={"hnsw:space": "cosine"})
        self.documents = self.client.get_or_create_collection(DOCUMENTS)
        self.vector_store = ChromaVectorStore(chroma_collection=self.sentences)


def describe(entries: dict[str, DocumentEntry]) -> str:
    return json.dumps({k: v.__dict__ for k, v in entries.items()}, indent=2)
