"""Hybrid retrieval: BM25 and dense MiniLM over sentence nodes, fused by reciprocal rank."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import numpy as np
import Stemmer
from chromadb.api.models.Collection import Collection
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from index.embed import load_embedder
from index.store import Store
from rag.errors import IndexNotBuilt

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


@dataclass
class Candidate:
    """A retrieved sentence with the scores that ranked it."""

    node: TextNode
    fused: float  # reciprocal-rank fusion score
    cosine: float  # dense similarity to the question

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

    def __init__(self, collection: Collection, by_id: dict[str, TextNode], top_k: int) -> None:
        super().__init__()
        self.collection, self.by_id, self.top_k = collection, by_id, top_k
        self.last = threading.local()  # .cosines: {node id: cosine} of this thread's last query

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        got = self.collection.query(query_embeddings=[query_bundle.embedding], n_results=self.top_k,
                                    include=["distances"])
        ids, distances = got["ids"][0], (got["distances"] or [[]])[0]
        hits = [(i, 1.0 - float(d)) for i, d in zip(ids, distances) if i in self.by_id]  # cosine space
        self.last.cosines = dict(hits)
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
        pool = min(pool, len(self.nodes))
        self.dense = DenseRetriever(store.sentences, self.by_id, pool)
        keyword = BM25Retriever.from_defaults(
            nodes=self.nodes, similarity_top_k=pool, stemmer=Stemmer.Stemmer("english"), language="english"
        )
        self.fusion = QueryFusionRetriever(
            [self.dense, keyword], mode="reciprocal_rerank", similarity_top_k=pool, num_queries=1, use_async=False,
            llm=MockLLM(),  # never called: num_queries=1 generates no extra queries
        )

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.embedder.get_query_embedding(text), dtype=np.float32)

    def retrieve(self, query: str, query_vector: np.ndarray | None = None) -> list[Candidate]:
        vector = self.embed_query(query) if query_vector is None else query_vector
        found = self.fusion.retrieve(QueryBundle(query_str=query, embedding=vector.tolist()))
        found = [item for item in found if item.node.node_id in self.by_id]  # committed versions only
        cosines = dict(getattr(self.dense.last, "cosines", {}))
        keyword_only = [item.node.node_id for item in found if item.node.node_id not in cosines]
        if keyword_only:
            got = self.store.sentences.get(ids=keyword_only, include=["embeddings"])
            for node_id, stored in zip(got["ids"], got["embeddings"]):
                cosines[node_id] = float(np.dot(vector, np.asarray(stored, dtype=np.float32)))
        return [Candidate(self.by_id[item.node.node_id], float(item.score or 0.0), cosines.get(item.node.node_id, 0.0))
                for item in found]

    def neighbours(self, node: TextNode, span: int = 1) -> list[TextNode]:
        """The sentences around `node` in its document, itself included, in order."""
        doc, pos = node.metadata["doc_id"], node.metadata["position"]
        return [n for n in self.nodes if n.metadata["doc_id"] == doc and abs(n.metadata["position"] - pos) <= span]
