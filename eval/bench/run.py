"""`rag bench`: cold start, warm latency, the raw llama.cpp and MiniLM limits, the peer, and scale.

One process, one run, in this order: imports, seed index, cold start, warm answers (peak
RSS is read here), raw llama.cpp replay, the llama-index peer, synthetic corpora. Writes
DIR/bench.json, DIR/report.md and DIR/scale.png; prints the table, or the JSON with --json.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import ConfigError, RagError
from eval.bench.figures import FULL, QUICK, AnswerRun, Plan, rounded, summarise
from eval.bench.measure import (
    RecordingGenerator,
    load_avg,
    load_llama,
    percentile,
    process_cold_start,
    raw_llama,
    reset_peak_rss,
    ru_maxrss_mib,
    scale_point,
    vm_hwm_mib,
)
from eval.bench.report import table_text, write_plot, write_report

if TYPE_CHECKING:
    from core.settings import Settings
    from rag.chain import Chain

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "eval" / "questions.jsonl"
HEAVY_MODULES = ("rag.chain", "index.ingest")  # what `rag ask` imports before it builds a Chain
READ_STAGES = ("rules", "checked")  # compared in one run: the learned reader's cost on the answer path


def main(args: argparse.Namespace) -> int:
    """Run the benchmark; a setting or file problem prints one line and returns 2."""
    out = Path(args.out)
    # A killed run still removes its temp corpora and indexes (about 1 GB at 100k chunks).
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        results = run(out, QUICK if args.quick else FULL, profile=getattr(args, "profile", False))
    except RagError as exc:
        print(f"rag bench: {exc}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(table_text(results))
        print(f"\nWrote {out / 'bench.json'}, {out / 'report.md'} and {out / 'scale.png'}")
    return 0


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the `with` blocks that clean up


def progress(message: str) -> None:
    """One line per phase on stderr: the full run takes many minutes."""
    print(f"rag bench: {message}", file=sys.stderr, flush=True)


class Phases:
    """Seconds and the load average at the end of each phase, to judge how noisy a figure is."""

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, float]] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        progress(f"{name}...")
        started = time.perf_counter()
        yield
        self.seen[name] = {"seconds": round(time.perf_counter() - started, 2), "load_avg_1m": load_avg()}


def select_questions(questions: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """`count` questions taking each type in turn, in file order: the same mix of every kind each run."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for question in questions:
        by_type.setdefault(str(question.get("type", "other")), []).append(question)
    picked: list[dict[str, Any]] = []
    for rank in range(max(len(group) for group in by_type.values())):
        picked += [group[rank] for group in by_type.values() if rank < len(group)]
    return picked[:count]


def run(out: Path, plan: Plan, profile: bool = False) -> dict[str, Any]:
    started_at, started = datetime.now(UTC), time.perf_counter()
    phases = Phases()
    with phases("imports"):
        cold_imports = not any(name in sys.modules for name in HEAVY_MODULES)
        imports_started = time.perf_counter()
        prestart_model()  # as `rag ask` and `rag chat` do: the model's process loads during the imports
        for name in HEAVY_MODULES:
            importlib.import_module(name)
        imports_s = time.perf_counter() - imports_started
    from core.settings import load_settings
    from eval.questions import load_questions
    from index.ingest import ingest

    questions = select_questions(load_questions(QUESTIONS), plan.questions)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rag-bench-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        settings = load_settings(index_dir=work / "seed-index", chroma_url="", backend="smollm2")
        with phases("seed index"):
            ingest([SEEDS], settings, progress=False)
        with phases("cold start"):
            chain, cold = cold_start(settings, questions[0])
        cold["imports_s"], cold["imports_were_cold"] = round(imports_s, 3), cold_imports
        with phases("rag ask in a new process"):
            cold["process"] = process_cold_start(settings.index_dir, questions[0]["question"], plan.process_runs)
        with phases("warm answers"):
            answers = warm_answers(chain, questions)
        memory = {"ru_maxrss_mib": round(ru_maxrss_mib(), 1), "vm_hwm_mib": round(vm_hwm_mib(), 1),
                  "model_process_vm_hwm_mib": round(model_process_hwm(chain), 1),
                  "vm_hwm_reset_before_cold_start": cold.pop("vm_hwm_reset")}
        if profile:
            with phases("profile"):
                write_profile(chain, questions, out / "profile.html")
        with phases("read stages"):
            stages = read_stage_latency(chain, questions[:plan.stage_questions])
        with phases("raw llama.cpp"):
            llm = llm_limits(chain, answers)
        with phases("peer"):
            peer = peer_latency(answers[:plan.peer_questions])
        del chain
        gc.collect()
        scale = []
        for size in plan.scale:
            with phases(f"scale {size:,}"):
                scale.append(scale_point(size, work / f"scale-{size}"))
    results = summarise(plan, cold, answers, memory, llm, peer, scale, stages)
    results["phases"] = phases.seen
    results["meta"] = _meta(plan, started_at, time.perf_counter() - started, cold["backend"])
    (out / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_plot(out / "scale.png", scale)
    write_report(out / "report.md", results, out / "scale.png")
    return results


def _meta(plan: Plan, started_at: datetime, seconds: float, backend: str) -> dict[str, Any]:
    return {
        "command": "rag bench" + ("" if plan == FULL else " --quick"),
        "started": started_at.isoformat(timespec="seconds"), "seconds": round(seconds, 1), "cpus": os.cpu_count(),
        "backend": backend,
        "questions_file": str(QUESTIONS), "python": sys.version.split()[0],
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),  # PASSIVE changes llama.cpp latency under load
    }


def cold_start(settings: Settings, question: dict[str, Any]) -> tuple[Chain, dict[str, Any]]:
    """Build the Chain and answer one question, MiniLM loading inside the clock. The model's process
    was started with the imports, as `rag ask` and `rag chat` start it; `process_cold_start` times
    the whole of a new process."""
    from index.embed import load_embedder
    from rag.chain import Chain

    load_embedder.cache_clear()  # ingest loaded MiniLM; a fresh process would not have it yet
    gc.collect()
    hwm_reset = reset_peak_rss()
    started = time.perf_counter()
    chain = Chain(settings)
    built = time.perf_counter()
    record = chain.answer(question["question"], question.get("history"), question["id"])
    done = time.perf_counter()
    return chain, {"seconds": round(done - started, 3), "chain_build_s": round(built - started, 3),
                   "first_answer_s": round(done - built, 3), "question": question["id"], "backend": chain.backend,
                   "first_answer_timings_ms": {k: round(v, 1) for k, v in record.timings_ms.items()},
                   "vm_hwm_reset": hwm_reset}


def prestart_model() -> None:
    from core.settings import load_settings
    from rag.llm import prestart

    prestart(load_settings(backend="smollm2"))


def warm_answers(chain: Chain, questions: list[dict[str, Any]]) -> list[AnswerRun]:
    """Answer each question once, timed, then time the bare retriever on the same query."""
    from rag.understand import clean_question, retrieval_query

    recorder = RecordingGenerator(chain.generator)  # type: ignore[arg-type]
    chain.generator = recorder
    runs = []
    try:
        for question in questions:
            calls = len(recorder.calls)
            started = time.perf_counter()
            record = chain.answer(question["question"], question.get("history"), question["id"])
            latency = (time.perf_counter() - started) * 1000
            query = retrieval_query(clean_question(question["question"], chain.settings.max_question_chars),
                                    question.get("history"))
            started = time.perf_counter()
            chain.retriever.retrieve(query)
            direct = (time.perf_counter() - started) * 1000
            call = recorder.calls[-1] if len(recorder.calls) > calls else None
            runs.append(AnswerRun(question, latency, dict(record.timings_ms), direct, call))
    finally:
        chain.generator = recorder.inner
    return runs


def write_profile(chain: Chain, questions: list[dict[str, Any]], path: Path) -> None:
    """The answer path under pyinstrument, after the timed run so it does not skew the figures."""
    try:
        from pyinstrument import Profiler
    except ImportError as exc:
        raise ConfigError("--profile needs pyinstrument: pip install pyinstrument") from exc
    with Profiler() as profiler:
        for question in questions:
            chain.answer(question["question"], question.get("history"), question["id"])
    path.write_text(profiler.output_html(), encoding="utf-8")


def read_stage_latency(chain: Chain, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The median answer time of each read stage (rules, and the rules checked by the learned
    reader) on the same questions in this run, and what the checked stage adds. They take turns per
    question, first one then the other first, so that neither always pays the shared caches."""
    default = chain.context.reader
    stages = {kind: default if kind == chain.settings.reader else chain.read_stage(kind) for kind in READ_STAGES}
    times: dict[str, list[float]] = {kind: [] for kind in stages}
    try:
        for turn, question in enumerate(questions):
            for kind in READ_STAGES if turn % 2 == 0 else READ_STAGES[::-1]:
                chain.context.reader = stages[kind]
                started = time.perf_counter()
                chain.answer(question["question"], question.get("history"), question["id"])
                times[kind].append((time.perf_counter() - started) * 1000)
    finally:
        chain.context.reader = default
    p50 = {kind: rounded(percentile(values, 50), 1) for kind, values in times.items()}
    added = p50["checked"] - p50["rules"] if p50["checked"] is not None and p50["rules"] is not None else None
    return {"questions": len(questions), "default": chain.settings.reader, "p50_ms": p50,
            "checked_over_rules_p50_ms": rounded(added, 1)}


def model_process_hwm(chain: Chain) -> float:
    """Peak resident set of the model's child process (0 when no model runs)."""
    process = getattr(chain.generator, "process", None)
    try:
        return vm_hwm_mib(process.pid) if process is not None else 0.0
    except OSError:
        return 0.0


def llm_limits(chain: Chain, answers: list[AnswerRun]) -> dict[str, Any]:
    """Tokens per second of llama.cpp alone on our prompts, and what our answer costs beyond it."""
    drafted = [a for a in answers if a.call is not None]
    llama = load_llama(chain.generator)  # type: ignore[arg-type]
    raw = raw_llama(llama, [a.call for a in drafted if a.call])
    prompt_s = sum(r.prompt_ms for r in raw) / 1000
    decode_s = sum(r.decode_ms for r in raw) / 1000
    return {
        "model": Path(llama.model_path).name, "n_threads": llama.n_threads, "n_batch": llama.n_batch,
        "calls": len(raw),
        "prompt_tokens_mean": rounded(sum(r.prompt_tokens for r in raw) / len(raw) if raw else None, 1),
        "answer_tokens_mean": rounded(sum(r.answer_tokens for r in raw) / len(raw) if raw else None, 1),
        "prompt_tokens_per_s": rounded(sum(r.prompt_tokens for r in raw) / prompt_s if prompt_s else None, 1),
        "decode_tokens_per_s": rounded(sum(r.answer_tokens for r in raw) / decode_s if decode_s else None, 1),
        "raw_p50_ms": rounded(percentile([r.total_ms for r in raw], 50), 1),
        "ours_generate_p50_ms": rounded(percentile([a.timings_ms["generate"] for a in drafted], 50), 1),
        "ours_answer_p50_ms": rounded(percentile([a.latency_ms for a in drafted], 50), 1),
        "overhead_p50_ms": rounded(percentile([a.latency_ms - r.total_ms for a, r in zip(drafted, raw)], 50), 1),
        "overhead_ratio_p50": rounded(percentile([a.latency_ms / r.total_ms for a, r in zip(drafted, raw)], 50), 3),
        "per_call": [{"id": a.question["id"], "prompt_tokens": r.prompt_tokens, "answer_tokens": r.answer_tokens,
                      "raw_prompt_ms": round(r.prompt_ms, 1), "raw_decode_ms": round(r.decode_ms, 1),
                      "ours_generate_ms": round(a.timings_ms["generate"], 1), "ours_answer_ms": round(a.latency_ms, 1)}
                     for a, r in zip(drafted, raw)],
    }


def peer_latency(answers: list[AnswerRun]) -> dict[str, Any]:
    """The stock llama-index CitationQueryEngine on the same questions; its build is not timed."""
    from eval.peer import CitationPeer

    started = time.perf_counter()
    peer = CitationPeer([SEEDS], backend="smollm2")
    build_s = time.perf_counter() - started
    times = []
    for run in answers:
        question = run.question
        started = time.perf_counter()
        peer.answer(question["question"], question.get("history"), question["id"])
        times.append(time.perf_counter() - started)
    peer_p50 = percentile(times, 50)
    ours_p50 = percentile([a.latency_ms / 1000 for a in answers], 50)
    return {
        "backend": peer.backend, "questions": [a.question["id"] for a in answers], "build_s": round(build_s, 2),
        "p50_s": rounded(peer_p50, 3), "ours_p50_s": rounded(ours_p50, 3),
        "ratio_ours_over_peer": rounded(ours_p50 / peer_p50 if ours_p50 is not None and peer_p50 else None, 3),
        "speedup": rounded(peer_p50 / ours_p50 if peer_p50 is not None and ours_p50 else None, 2),
        "seconds": [round(t, 3) for t in times],
    }


