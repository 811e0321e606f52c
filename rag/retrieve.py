"""Hybrid retrieval: BM25 and dense MiniLM over sentence nodes, fused by reciprocal rank."""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np
import Stemmer
from chromadb.api.models.Collection import Collection
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from core.errors import DocumentNotFound, IndexNotBuilt
from core.lexicon import STOPWORDS, TITLE, TITLE_WORDS
from core.text import content_stems, proper_names
from index.embed import load_embedder
from index.store import Store

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

_NAME_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")


def common_names(sentences: list[str], share: float = 0.15, least: int = 3) -> frozenset[str]:
    """Names a document uses in at least `share` of its sentences (and in `least`): its subject.

    Dense similarity weighs every word alike, so in a story about one person each sentence
    naming her looks close to every question naming her. BM25 and word coverage discount a
    common name by its IDF; dense scores get the same by leaving it out of the question
    (measured on three question sets: seed top-1 71 -> 75 of 86, the others unchanged; a
    share of 0.1 loses one).
    """
    counts: Counter[str] = Counter()
    for text in sentences:
        found = set()
        for run in _NAME_RUN.finditer(text):
            # A capital that opens the sentence or a quote makes a name only next to another
            # one: "Ann Lee left" has two names, "Friends of" none.
            parts = run.group().split()
            opens = run.start() == 0 or text[run.start() - 1] in "“\"‘'"
            found.update(p.removesuffix("’s").removesuffix("'s") for p in parts[1 if opens and len(parts) == 1 else 0:])
        counts.update(found)
    floor = max(least, share * len(sentences))
    return frozenset(
        w for w, n in counts.items() if n >= floor and w.lower() not in STOPWORDS and w.lower() not in TITLE_WORDS
    )


def without_names(text: str, names: frozenset[str]) -> str:
    """The text with the names (a title before and a possessive after them) left out."""
    if not names:
        return text
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    found = re.compile(rf"\b(?:{TITLE}\.?\s+)?(?:(?:{alternatives})\b\s*)+(?:[’']s\b)?")
    return " ".join(found.sub(" ", text).split())


@dataclass
class Candidate:
    """A retrieved sentence with the scores that ranked it."""

    node: TextNode
    fused: float  # reciprocal-rank fusion score
    cosine: float  # dense similarity to the question
    focus: float  # ... with its document's common names left out of the question (what ranking uses)
    vector: np.ndarray | None = None  # the stored sentence embedding

    def cosine_to(self, query_vector: np.ndarray) -> float:
        return float(np.dot(query_vector, self.vector)) if self.vector is not None else self.cosine

    @property
    def meta(self) -> dict:
        return self.node.metadata

    @property
    def text(self) -> str:
        return self.node.get_content()


class DenseRetriever(BaseRetriever):
    """Chroma's nearest neighbours, returned as the caller's in-memory nodes with their cosine.

    llama-index's VectorIndexRetriever rebuilds every hit from its stored JSON on each query
    (about 3 of 16 ms at 10,000 sentences); the hybrid retriever already holds every node.
    """

    def __init__(self, collection: Collection, by_id: dict[str, TextNode], top_k: int,
                 where: dict[str, str] | None = None) -> None:
        super().__init__()
        self.collection, self.by_id, self.top_k, self.where = collection, by_id, top_k, where
        self.last = threading.local()  # .vectors: {node id: stored vector} of this thread's last query

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        got = self.collection.query(query_embeddings=[query_bundle.embedding], n_results=self.top_k,
                                    where=self.where, include=["distances", "embeddings"])
        ids, distances = got["ids"][0], (got["distances"] or [[]])[0]
        hits = [(i, 1.0 - float(d)) for i, d in zip(ids, distances) if i in self.by_id]  # cosine space
        stored = got["embeddings"][0] if got.get("embeddings") is not None else []
        self.last.vectors = {i: np.asarray(v, dtype=np.float32) for i, v in zip(ids, stored) if i in self.by_id}
        return [NodeWithScore(node=self.by_id[i], score=cosine) for i, cosine in hits]


class HybridRetriever:
    """Loads the nodes once, then answers `retrieve(query)` in a few milliseconds."""

    def __init__(self, store: Store, pool: int = 10) -> None:
        self.store = store
        self.nodes = store.all_nodes()
        if not self.nodes:
            raise IndexNotBuilt("The index is empty. Run `rag ingest` first.")
        self.by_id = {node.node_id: node for node in self.nodes}
        self.embedder = load_embedder()
        self.by_doc: dict[str, list[TextNode]] = {}
        for node in self.nodes:
            self.by_doc.setdefault(node.metadata["doc_id"], []).append(node)
        self.names: dict[str, frozenset[str]] = {}  # per document, found when first needed
        self.lock = threading.Lock()
        self.pool = pool
        self.dense, self.fusion = self._fused(self.nodes)
        self.scoped: dict[str, tuple[DenseRetriever, QueryFusionRetriever]] = {}  # per document, built on first use

    def _fused(self, nodes: list[TextNode], doc_id: str | None = None) -> tuple[DenseRetriever, QueryFusionRetriever]:
        """Dense and BM25 over `nodes`, fused; with `doc_id`, Chroma searches that document's rows only."""
        pool = min(self.pool, len(nodes))
        by_id = self.by_id if doc_id is None else {node.node_id: node for node in nodes}
        dense = DenseRetriever(self.store.sentences, by_id, pool, where=None if doc_id is None else {"doc_id": doc_id})
        keyword = BM25Retriever.from_defaults(
            nodes=nodes, similarity_top_k=pool, stemmer=Stemmer.Stemmer("english"), language="english"
        )
        return dense, QueryFusionRetriever(
            [dense, keyword], mode="reciprocal_rerank", similarity_top_k=pool, num_queries=1, use_async=False,
            llm=MockLLM(),  # never called: num_queries=1 generates no extra queries
        )

    def require(self, doc_id: str | None) -> None:
        """DocumentNotFound unless `doc_id` is None (all documents) or an indexed document."""
        if doc_id is not None and doc_id not in self.by_doc:
            raise DocumentNotFound(f"No document {doc_id!r} in the index; `rag docs list` shows the ids.")

    def _retrievers(self, doc_id: str | None) -> tuple[DenseRetriever, QueryFusionRetriever]:
        if doc_id is None:
            return self.dense, self.fusion
        self.require(doc_id)
        with self.lock:
            if doc_id not in self.scoped:
                self.scoped[doc_id] = self._fused(self.by_doc[doc_id], doc_id)
            return self.scoped[doc_id]

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.embedder.get_query_embedding(text), dtype=np.float32)

    def retrieve(self, query: str, query_vector: np.ndarray | None = None, scope: str | None = None) -> list[Candidate]:
        """The fused candidates for `query`; `scope`: only from that document (None: from all)."""
        vector = self.embed_query(query) if query_vector is None else query_vector
        dense, fusion = self._retrievers(scope)
        found = fusion.retrieve(QueryBundle(query_str=query, embedding=vector.tolist()))
        found = [item for item in found if item.node.node_id in self.by_id]  # committed versions only
        vectors = dict(getattr(dense.last, "vectors", {}))
        keyword_only = [item.node.node_id for item in found if item.node.node_id not in vectors]
        if keyword_only:
            got = self.store.sentences.get(ids=keyword_only, include=["embeddings"])
            for node_id, stored in zip(got["ids"], got["embeddings"]):
                vectors[node_id] = np.asarray(stored, dtype=np.float32)
        nodes = [item.node for item in found]
        cosines = {i: float(np.dot(vector, v)) for i, v in vectors.items()}
        focus = self._focus(query, vector, nodes, vectors)
        return [Candidate(self.by_id[n.node_id], float(item.score or 0.0), cosines.get(n.node_id, 0.0),
                          focus.get(n.node_id, 0.0), vectors.get(n.node_id)) for item, n in zip(found, nodes)]

    def common_names(self, doc_id: str) -> frozenset[str]:
        with self.lock:
            if doc_id not in self.names:
                self.names[doc_id] = common_names([n.get_content() for n in self.by_doc.get(doc_id, [])])
            return self.names[doc_id]

    def _focus(self, query: str, vector: np.ndarray, nodes: list[TextNode],
               stored: dict[str, np.ndarray]) -> dict[str, float]:
        """Each node's cosine to the query without the common names of the nodes' documents.

        Only the query loses them: one more query embedding, and on the three eval sets the
        same top-1 as leaving them out of each sentence too (which cost 0.5 s per query at
        10,000 sentences). A query about a name itself keeps it: one left with no content word
        ("Who is Ann Lee?") or with only the rest of a name ("What is the Lee Trust?" without "Lee").
        """
        names = frozenset().union(*map(self.common_names, {n.metadata["doc_id"] for n in nodes}))
        bare = without_names(query, names)
        about_name = set(content_stems(bare)) <= proper_names(query)
        focused = vector if bare == query or about_name else self.embed_query(bare)
        return {n.node_id: float(np.dot(focused, stored[n.node_id])) for n in nodes if n.node_id in stored}
