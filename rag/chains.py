"""The one Chain cache: one Chain per (backend, top_k), built on first use. The UI, the API
and `rag.answer` all take their Chains from one of these.

Building a Chain loads the embedder and, for smollm2/gemma3, the GGUF model; doing it
once per process keeps every later question fast. The index is built from the seeds
the first time any Chain is needed.
"""

from __future__ import annotations

import threading

from core.settings import Settings, load_settings
from index.ingest import ensure_index
from rag.chain import Chain


class ChainCache:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._chains: dict[tuple[str, int], Chain] = {}
        self._lock = threading.Lock()  # one build at a time: model loads are heavy
        self._index_checked = False

    def settings_for(self, backend: str, top_k: int) -> Settings:
        """The app's settings with another backend and top_k, validated like any other."""
        base = self.settings.model_dump()
        return load_settings(**{**base, "backend": backend, "top_k": int(top_k)})

    def is_ready(self, backend: str, top_k: int) -> bool:
        return (backend, int(top_k)) in self._chains

    def get(self, backend: str, top_k: int) -> Chain:
        """The cached Chain, building the index and the Chain if this is the first call."""
        key = (backend, int(top_k))
        chain = self._chains.get(key)
        if chain is not None:
            return chain
        with self._lock:
            if key not in self._chains:
                settings = self.settings_for(backend, top_k)
                self._ensure_index()
                self._chains[key] = Chain(settings)
            return self._chains[key]

    def ensure_index(self) -> None:
        """Build the index from the seeds if it is empty (a fresh machine); checked once per process."""
        if not self._index_checked:
            with self._lock:
                self._ensure_index()

    def _ensure_index(self) -> None:  # with the lock held
        if not self._index_checked:
            ensure_index(self.settings)
            self._index_checked = True

    def default(self) -> Chain:
        return self.get(self.settings.backend, self.settings.top_k)

    def refresh(self) -> None:
        """Forget every Chain, so the next answer reads the index as it is now (after a document
        was added or removed). Cheap to rebuild: the embedder and the embedded models are loaded
        once per process (`index.embed`, `rag.llm`). An answer already under way keeps its Chain."""
        with self._lock:
            self._chains.clear()
