"""The baseline: llama-index's stock CitationQueryEngine with our embedder and GGUF, over the same documents.

Stock behaviour on purpose: each file is one llama-index Document split by the default
splitter, the engine's own prompts, no attribution flags. Only the translation of its
response into an answer record is ours.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import BackendUnavailable, BadDocument
from core.record import AnswerRecord, Citation, Claim
from rag import prompts
from rag.llm import MAX_NEW_TOKENS, gemma3_path, smollm2_path
from rag.understand import History
from rag.verify import split_claims

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore
    from llama_index.llms.llama_cpp import LlamaCPP

SIMILARITY_TOP_K = 3
CITATION_CHUNK_SIZE = 512
CONTEXT_WINDOW = 8192  # the whole seed article fits in one prompt, so the engine makes one LLM call
_SOURCE_LABEL = re.compile(r"\ASource \d+:\n(.*)\n\Z", re.DOTALL)  # how the engine wraps each chunk
_EMPTY = {"", "empty response"}


def load_llm(backend: str | None) -> tuple[LlamaCPP, str]:
    """LlamaCPP on the shipped GGUF: SmolLM2 with its ChatML template, or Gemma 3 as a plain completion."""
    from llama_index.llms.llama_cpp import LlamaCPP

    gemma = backend == "gemma3"
    path = gemma3_path() if gemma else smollm2_path()
    if gemma:
        templates: dict[str, Any] = {}
    else:
        templates = {
            "messages_to_prompt": lambda messages: prompts.chatml(
                [{"role": m.role.value, "content": m.content or ""} for m in messages]),
            "completion_to_prompt": lambda text: prompts.chatml([{"role": "user", "content": text}]),
        }
    try:
        llm = LlamaCPP(
            model_path=str(path), temperature=0.0, max_new_tokens=MAX_NEW_TOKENS, context_window=CONTEXT_WINDOW,
            generate_kwargs={"stop": [] if gemma else ["<|im_end|>"], "top_k": 1},
            model_kwargs={"n_threads": 2, "n_batch": 512, "verbose": False}, verbose=False, **templates,
        )
    except Exception as exc:  # llama.cpp raises ValueError/RuntimeError on a bad model file
        raise BackendUnavailable(f"Cannot load {path.name} for the llama-index peer: {exc}") from exc
    return llm, f"llamaindex-peer:{path.stem}"


class CitationPeer:
    """Answers like Chain.answer, through CitationQueryEngine.query."""

    def __init__(self, docs: Sequence[Path], backend: str | None = None) -> None:
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.query_engine import CitationQueryEngine

        from index.embed import load_embedder
        from index.ingest import collect_files

        files, _ = collect_files(list(docs))
        if not files:
            raise BadDocument("The llama-index peer has no documents to index.")
        self.texts: dict[str, str] = {}  # source path -> file text as open().read() gives it
        documents = []
        for path in files:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            self.texts[str(path)] = text
            keys = ["doc_id", "source"]
            documents.append(Document(
                text=text, metadata={"doc_id": path.stem, "source": str(path)},
                excluded_embed_metadata_keys=keys, excluded_llm_metadata_keys=keys,
            ))
        index = VectorStoreIndex.from_documents(documents, embed_model=load_embedder())
        llm, self.backend = load_llm(backend)
        self.engine = CitationQueryEngine.from_args(
            index, llm=llm, similarity_top_k=SIMILARITY_TOP_K, citation_chunk_size=CITATION_CHUNK_SIZE,
        )

    def answer(self, question: str, history: History = None, qid: str | None = None) -> AnswerRecord:
        """The engine's answer as a record. `history` is ignored: a query engine has no conversation."""
        started = time.perf_counter()
        response = self.engine.query(question)
        total = (time.perf_counter() - started) * 1000
        text = " ".join(str(response.response or "").split())
        answerable = text.lower() not in _EMPTY
        citations = [self._citation(n + 1, node) for n, node in enumerate(response.source_nodes)]
        claims = [Claim(text=claim, status="supported", citations=ids) for claim, ids in split_claims(text)]
        return AnswerRecord(
            id=qid, question=question, answer=text if answerable else "Empty Response", answerable=answerable,
            claims=claims if answerable else [], citations=citations, unverified=False, backend=self.backend,
            timings_ms={"first_token": total, "total": total},  # not streamed: the first token comes with the rest
        )

    def _citation(self, number: int, scored: NodeWithScore) -> Citation:
        """Source N as a citation; start = end = -1 when its text is not found verbatim in the file."""
        content = scored.node.get_content()
        match = _SOURCE_LABEL.match(content)
        quote = match.group(1) if match else content
        source = str(scored.node.metadata.get("source", ""))
        start = self.texts.get(source, "").find(quote)
        return Citation(
            id=number, doc_id=str(scored.node.metadata.get("doc_id", "")), quote=quote,
            start=start, end=start + len(quote) if start >= 0 else -1, score=float(scored.score or 0.0),
            source=source or None,
        )
