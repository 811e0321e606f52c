"""Measurements for `rag bench`: percentiles, peak memory, and the raw llama.cpp and MiniLM limits.

Heavy libraries are imported inside the functions that need them, so `rag bench` can time
its own imports first.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from eval.bench.corpus import news_queries, write_corpus

if TYPE_CHECKING:
    from llama_cpp import Llama

    from index.store import Store
    from rag.llm import LlamaCppGenerator

RAW_ENCODE_LIMIT = 10_000  # sentences encoded raw per corpus; throughput does not depend on corpus size
SCALE_QUERIES = 50


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (linear interpolation), or None for no values."""
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


def load_avg() -> float:
    """One-minute load average: how busy the machine was while a figure was taken."""
    return round(os.getloadavg()[0], 2)


def process_cold_start(index_dir: Path, question: str, runs: int) -> dict[str, Any]:
    """`rag ask` in a new process, from start to exit: imports, the model's process, the index,
    MiniLM and one answer, as a user meets them. Seconds, median and fastest of `runs`."""
    env = {**os.environ, "RAG_INDEX_DIR": str(index_dir), "RAG_CHROMA_URL": "", "RAG_BACKEND": "smollm2",
           "HF_HUB_OFFLINE": "1"}
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app.cli", "ask", "--json", question], env=env,
                       capture_output=True, check=True, timeout=600)
        seconds.append(time.perf_counter() - started)
    return {"runs": runs, "p50_s": round(float(np.median(seconds)), 3), "min_s": round(min(seconds), 3)}


# -- memory -----------------------------------------------------------------------------

def ru_maxrss_mib() -> float:
    """Peak resident set of this process since it started (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vm_hwm_mib(pid: int | str = "self") -> float:
    """VmHWM from /proc/PID/status: the peak resident set since start or the last reset_peak_rss."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak_rss() -> bool:
    """Restart VmHWM from the current RSS (Linux >= 4.0); False where the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


# -- the LLM: what our chain sends, and what llama.cpp alone takes for it -----------------

@dataclass
class LlmCall:
    prompt: str  # exactly the text handed to llama.cpp
    draft: str  # what the model produced, before tidying


@dataclass
class RecordingGenerator:
    """Wraps the chain's generator and keeps each prompt and draft, so the raw run can replay them."""

    inner: LlamaCppGenerator  # has .prompt() besides the Generator interface
    calls: list[LlmCall] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.inner.name)

    @property
    def strict(self) -> bool:
        return bool(self.inner.strict)

    def stream(self, question: str, passages: list[tuple[int, str]]) -> Iterator[str]:
        pieces: list[str] = []
        for piece in self.inner.stream(question, passages):
            pieces.append(piece)
            yield piece
        self.calls.append(LlmCall(self.inner.prompt(question, passages), "".join(pieces)))


@dataclass
class RawRun:
    prompt_tokens: int
    answer_tokens: int
    prompt_ms: float  # one batched eval of the whole prompt, KV cache empty
    decode_ms: float  # one eval per answer token, as generation does

    @property
    def total_ms(self) -> float:
        return self.prompt_ms + self.decode_ms


def load_llama(generator: LlamaCppGenerator) -> Llama:
    """The chain's GGUF loaded in this process as its model process loads it."""
    from llama_cpp import Llama

    from rag.model_worker import LOAD_OPTIONS

    return Llama(model_path=str(generator.path), **LOAD_OPTIONS)


def raw_llama(llama: Llama, calls: Sequence[LlmCall]) -> list[RawRun]:
    """Replay each call on llama.cpp in this process (same GGUF, context, threads and batch).

    The answer's tokens are fed back one at a time (teacher forcing): the same forward
    passes greedy generation makes, without sampling, detokenising or stop-string checks.
    """
    runs = []
    for call in calls:
        prompt = llama.tokenize(call.prompt.encode("utf-8"), add_bos=True, special=True)
        answer = llama.tokenize(call.draft.encode("utf-8"), add_bos=False, special=False) or [llama.token_eos()]
        llama.reset()
        started = time.perf_counter()
        llama.eval(prompt)
        prompted = time.perf_counter()
        for token in answer:
            llama.eval([token])
        done = time.perf_counter()
        runs.append(RawRun(len(prompt), len(answer), (prompted - started) * 1000, (done - prompted) * 1000))
    llama.reset()
    return runs


# -- embedding and retrieval at scale ------------------------------------------------------

def raw_minilm_rate(sentences: Sequence[str], batch_size: int = 64) -> float:
    """Sentences per second for SentenceTransformer.encode alone, the ceiling for ingest."""
    from index.embed import sentence_transformer

    model = sentence_transformer()
    model.encode(list(sentences[:batch_size]), batch_size=batch_size, show_progress_bar=False)  # warm-up
    started = time.perf_counter()
    model.encode(list(sentences), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return len(sentences) / (time.perf_counter() - started)


def scale_point(chunks: int, workdir: Path, seed: int = 7) -> dict[str, Any]:
    """Write a synthetic corpus of `chunks` sentences, ingest it, and time retrieval over it.

    A stage that raises ends the point with `error` set and the later figures None, so one
    broken size does not lose the rest of a run that takes many minutes.
    """
    from core.settings import load_settings
    from index.ingest import ingest
    from index.store import Store
    from rag.retrieve import HybridRetriever

    point: dict[str, Any] = dict.fromkeys(
        ["chunks", "documents", "ingest_s", "ingest_sentences_per_s", "raw_minilm_sentences_per_s",
         "raw_encoded_sentences", "ingest_vs_raw", "retriever_load_s", "queries", "retrieval_p50_ms",
         "retrieval_p95_ms", "error"])
    point.update(chunks=chunks, load_avg_1m=[load_avg()])
    try:
        corpus = workdir / "corpus"
        point["documents"] = write_corpus(corpus, chunks, seed)
        settings = load_settings(index_dir=workdir / "index", chroma_url="", backend="extractive")
        store = Store(settings)
        report = ingest([corpus], settings, store=store, progress=False)
        ingest_rate = report.chunks / report.seconds
        point.update(chunks=report.chunks, ingest_s=round(report.seconds, 2),
                     ingest_sentences_per_s=round(ingest_rate, 1))
        sample = random.Random(seed).sample(stored_texts(store), min(report.chunks, RAW_ENCODE_LIMIT))
        raw_rate = raw_minilm_rate(sample)
        point.update(raw_minilm_sentences_per_s=round(raw_rate, 1), raw_encoded_sentences=len(sample),
                     ingest_vs_raw=round(ingest_rate / raw_rate, 3))
        started = time.perf_counter()
        retriever = HybridRetriever(store, pool=30)  # the pool the Chain uses
        point["retriever_load_s"] = round(time.perf_counter() - started, 2)
        queries = news_queries(SCALE_QUERIES + 1)
        retriever.retrieve(queries[0])  # warm-up, not counted
        times = []
        for query in queries[1:]:
            started = time.perf_counter()
            retriever.retrieve(query)
            times.append((time.perf_counter() - started) * 1000)
        point.update(queries=len(times), retrieval_p50_ms=round(percentile(times, 50) or 0.0, 2),
                     retrieval_p95_ms=round(percentile(times, 95) or 0.0, 2))
    except Exception as exc:  # noqa: BLE001 - recorded in bench.json and the table, not swallowed
        point["error"] = f"{type(exc).__name__}: {exc}"
    point["load_avg_1m"].append(load_avg())
    return point


def stored_texts(store: Store) -> list[str]:
    """Every committed sentence text in the store."""
    return [node.get_content() for node in store.all_nodes()]
