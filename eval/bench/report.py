"""What `rag bench` shows: the targets with pass/fail, the printed table, report.md and scale.png."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Row = tuple[str, str, str, str]  # metric, value, target, pass


@dataclass(frozen=True)
class Target:
    name: str  # key in bench.json "figures"
    label: str
    unit: str
    limit: float
    at_least: bool  # True: the figure must reach the limit; False: stay under it

    def check(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.limit if self.at_least else value <= self.limit

    def describe(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:g}{_space(self.unit)}{self.unit}"


TARGETS = [
    Target("cold_start_s", "cold start to first answer", "s", 8.0, False),
    Target("warm_p50_s", "warm answer p50", "s", 1.0, False),
    Target("warm_p95_s", "warm answer p95", "s", 2.0, False),
    Target("ttft_p50_ms", "time to first token p50", "ms", 300, False),
    Target("peer_speedup", "speed-up over llama-index peer (p50)", "x", 3.0, True),
    Target("ingest_vs_raw", "ingest / raw MiniLM throughput", "", 0.8, True),
    Target("retrieval_p50_ms_10k", "retrieval p50 at 10k chunks", "ms", 20, False),
    Target("retrieval_p50_ms_100k", "retrieval p50 at 100k chunks", "ms", 100, False),
    Target("peak_rss_mib", "peak RSS while answering", "MiB", 1536, False),
    Target("checked_over_rules_p50_ms", "answer p50 added by the learned reader (checked - rules)", "ms", 100, False),
]


DIGITS = {"s": 2, "ms": 1, "x": 1, "": 2, "MiB": 0}


def _space(unit: str) -> str:
    return "" if unit in {"", "x"} else " "


def _fmt(value: float | None, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{_space(unit)}{unit}"


def check_targets(figures: dict[str, float | None], failed: Collection[str] = ()) -> list[dict[str, Any]]:
    """One entry per target: the figure, the limit and whether it passed (None: not measured).

    `failed` names targets whose measurement broke (the scale point has an error): they fail.
    """
    return [
        {"name": t.name, "label": t.label, "value": figures.get(t.name), "unit": t.unit,
         "target": t.describe(), "pass": False if t.name in failed else t.check(figures.get(t.name))}
        for t in TARGETS
    ]


def rows(results: dict[str, Any]) -> list[Row]:
    """The table: every target with pass/fail, then the figures that explain them."""
    out: list[Row] = []
    for t in results["targets"]:
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[t["pass"]]
        out.append((t["label"], _fmt(t["value"], t["unit"], DIGITS[t["unit"]]), t["target"], verdict))
    cold, warm, ttft, ret = results["cold_start"], results["warm"], results["ttft"], results["retrieval"]
    llm, ingest, mem, peer = results["llm"], results["ingest"], results["memory"], results["peer"]
    stages = results["read_stages"]
    loads = {name: phase["load_avg_1m"] for name, phase in results["phases"].items()}
    info = [
        ("  cold: Chain build (index, MiniLM)", _fmt(cold["chain_build_s"], "s")),
        ("  cold: first answer", _fmt(cold["first_answer_s"], "s")),
        ("  imports a new process pays first (the model's process starts loading first)", _fmt(cold["imports_s"], "s")),
        ("`rag ask` in a new process, start to exit: p50 / fastest",
         f"{_fmt(cold['process']['p50_s'], '', 2)} / {_fmt(cold['process']['min_s'], 's')}"),
        ("warm answer mean", _fmt(warm["mean_s"], "s")),
        ("answers drafted by the LLM", f"{warm['llm_answers']} of {warm['questions']}"),
        ("time to first token p50, LLM answers only", _fmt(ttft["llm_p50_ms"], "ms", 0)),
        ("stages before the draft p50 / p95 (timings_ms)", (f"{_fmt(ret['chain_p50_ms'], '', 1)} / "
                                                  f"{_fmt(ret['chain_p95_ms'], 'ms', 1)}")),
        ("HybridRetriever.retrieve p50 / p95", (f"{_fmt(ret['direct_p50_ms'], '', 1)} / "
                                                f"{_fmt(ret['direct_p95_ms'], 'ms', 1)}")),
        ("raw llama.cpp decode", _fmt(llm["decode_tokens_per_s"], "tok/s", 0)),
        ("raw llama.cpp prompt eval", _fmt(llm["prompt_tokens_per_s"], "tok/s", 0)),
        ("raw llama.cpp, same prompt + answer, p50", _fmt(llm["raw_p50_ms"], "ms", 0)),
        ("ours, same questions: generate / answer p50", (f"{_fmt(llm['ours_generate_p50_ms'], '', 0)} / "
                                                       f"{_fmt(llm['ours_answer_p50_ms'], 'ms', 0)}")),
        ("overhead over raw p50 (answer - raw)", _fmt(llm["overhead_p50_ms"], "ms", 0)),
        ("overhead ratio p50 (answer / raw)", _fmt(llm["overhead_ratio_p50"], "x")),
        (f"ingest at {ingest['chunks']:,} chunks", _fmt(ingest["ingest_sentences_per_s"], "sent/s", 0)),
        ("raw MiniLM encode, batch 64", _fmt(ingest["raw_minilm_sentences_per_s"], "sent/s", 0)),
        ("peer p50 / ours p50, same questions", f"{_fmt(peer['p50_s'], '', 2)} / {_fmt(peer['ours_p50_s'], 's')}"),
        (f"read stages, same {stages['questions']} questions in turn: rules / checked p50 (default: "
         f"{stages['default']})", f"{_fmt(stages['p50_ms']['rules'], '', 0)} / "
                                   f"{_fmt(stages['p50_ms']['checked'], 'ms', 0)}"),
        ("ru_maxrss / VmHWM", f"{_fmt(mem['ru_maxrss_mib'], '', 0)} / {_fmt(mem['vm_hwm_mib'], 'MiB', 0)}"),
        ("model process VmHWM (added to the peak)", _fmt(mem.get("model_process_vm_hwm_mib"), "MiB", 0)),
        ("load average (1 min): warm answers / highest",
         f"{loads['warm answers']} / {max(loads.values())} on {results['meta']['cpus']} CPUs"),
    ]
    out += [(label, value, "", "") for label, value in info]
    for p in results["scale"]:
        out.append((f"scale {p['chunks']:,}: ingest, retrieval p50 / p95",
                    f"{_fmt(p['ingest_sentences_per_s'], 'sent/s', 0)}, "
                    f"{_fmt(p['retrieval_p50_ms'], '', 1)} / {_fmt(p['retrieval_p95_ms'], 'ms', 1)}", "", ""))
        if p["error"]:
            out.append((f"scale {p['chunks']:,}: ERROR", p["error"][:160], "", ""))
    return out


def table_text(results: dict[str, Any]) -> str:
    table = rows(results)
    widths = [max(len(r[i]) for r in [("metric", "value", "target", "pass"), *table]) for i in range(4)]
    lines = [("metric", "value", "target", "pass"), *table]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines)


def table_markdown(results: dict[str, Any]) -> str:
    lines = ["| metric | value | target | pass |", "| --- | --- | --- | --- |"]
    lines += [f"| {m.strip()} | {v} | {t} | {p} |" for m, v, t, p in rows(results)]
    return "\n".join(lines)


def write_report(path: Path, results: dict[str, Any], plot: Path) -> None:
    meta = results["meta"]
    loads = ", ".join(f"{name} {p['load_avg_1m']}" for name, p in results["phases"].items())
    scale = [("| chunks | documents | ingest s | ingest sent/s | raw MiniLM sent/s | ratio | retriever load s "
             "| retrieval p50 ms | p95 ms |"), "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    scale += ["| " + " | ".join([f"{p['chunks']:,}", _fmt(p["documents"], "", 0), _fmt(p["ingest_s"], "", 1),
                                 _fmt(p["ingest_sentences_per_s"], "", 0), _fmt(p["raw_minilm_sentences_per_s"], "", 0),
                                 _fmt(p["ingest_vs_raw"]), _fmt(p["retriever_load_s"]),
                                 _fmt(p["retrieval_p50_ms"], "", 1), _fmt(p["retrieval_p95_ms"], "", 1)]) + " |"
              for p in results["scale"]]
    scale += [f"\n**{p['chunks']:,} chunks failed:** `{p['error']}`" for p in results["scale"] if p["error"]]
    per_q = ["| id | type | answer ms | first token ms | retrieve ms | generate ms | direct retrieve ms |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    per_q += [f"| {q['id']} | {q['type']} | {q['latency_ms']:.0f} | {q['first_token_ms']:.0f} | "
              f"{q['retrieve_ms']:.0f} | {_fmt(q['generate_ms'], '', 0)} | {q['direct_retrieve_ms']:.1f} |"
              for q in results["questions"]]
    text = f"""# rag bench

`{meta['command']}`, {meta['started']}, {meta['cpus']} CPUs, backend {meta['backend']}, \
{meta['seconds']:.0f} s in all, OMP_WAIT_POLICY={meta.get('omp_wait_policy') or 'unset'}. One-minute load average
at the end of each phase: {loads}.
The machine may be shared: compare figures taken under similar load.

{table_markdown(results)}

## Scale (synthetic news corpora)

{chr(10).join(scale)}

![ingest throughput and retrieval latency vs corpus size]({plot.name})

## Questions (warm run)

{chr(10).join(per_q)}

## How each figure is taken

{chr(10).join(f"- {line}" for line in METHOD)}
"""
    path.write_text(text, encoding="utf-8")


METHOD = [
    ("Cold start: the seed index is ingested into a fresh temp dir and the cached MiniLM and GGUF are "
     "dropped; the clock runs from before `Chain(settings)` to the end of the first answer. Module imports "
     "are shown apart: a new `rag ask` process pays them first. The model files are in the OS page cache."),
    ("Warm answers: a fixed mix taking each question type of eval/questions.jsonl in turn, with its history; "
     "wall-clock around `Chain.answer`. Time to first token and the stages before the draft (understand, route, "
     "retrieve, read) are the record's timings_ms."),
    "Direct retrieval: `HybridRetriever.retrieve` (query embedding, BM25 + dense, fusion) on the same query.",
    ("Cold start: `rag ask` and `rag chat` start the model's process before their heavy imports, so the "
     "GGUF loads while they import; the bench does the same, and its cold start is then building the Chain "
     "(index, MiniLM) and the first answer. The figure that holds everything is `rag ask` run in a new "
     "process on the seed index, start to exit."),
    ("Raw llama.cpp: each prompt our chain sent is replayed on a llama_cpp.Llama in the bench process, loaded "
     "as the model process loads it (same GGUF, context, threads and batch), with an "
     "empty KV cache (one batched prompt eval), then the draft's tokens are fed one at a time, the forward "
     "passes greedy decoding makes. Our chain reuses the KV prefix the system prompt shares, so it can "
     "beat this figure on the prompt."),
    ("Ingest: `index.ingest.ingest` (parse, label, embed, store) over the synthetic corpus; raw MiniLM is "
     "`SentenceTransformer.encode(batch_size=64)` on up to 10,000 of the same sentences."),
    ("Peak RSS: ru_maxrss covers the whole process up to the end of the warm answers; VmHWM is reset "
     "(/proc/self/clear_refs) before the cold start, so it covers building the Chain and answering. The model "
     "runs in a child process; its VmHWM is added to the peak."),
    ("Peer: eval.peer.CitationPeer (stock CitationQueryEngine, same MiniLM and GGUF) on the first questions "
     "of the mix; its index build and model load are not timed."),
    ("Scale: synthetic articles from seeded templates (random people, places, organisations, numbers, "
     "topics), each size ingested into its own index; retrieval p50/p95 over 50 generated questions after "
     "one warm-up query."),
]


def write_plot(path: Path, scale: list[dict[str, Any]]) -> None:
    """Ingest throughput and retrieval latency against corpus size, log x axis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def series(key: str) -> tuple[list[int], list[float]]:
        measured = [p for p in scale if p[key] is not None]  # a failed size has no figure
        return [p["chunks"] for p in measured], [p[key] for p in measured]

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    left.plot(*series("ingest_sentences_per_s"), "o-", label="rag ingest")
    left.plot(*series("raw_minilm_sentences_per_s"), "s--", label="raw MiniLM encode")
    left.set(xscale="log", xlabel="corpus size (chunks)", ylabel="sentences / s", title="Ingest throughput")
    left.set_ylim(bottom=0)
    right.plot(*series("retrieval_p50_ms"), "o-", label="p50")
    right.plot(*series("retrieval_p95_ms"), "s--", label="p95")
    right.plot([10_000, 100_000], [20, 100], "rx", markersize=10, label="p50 target")
    right.set(xscale="log", xlabel="corpus size (chunks)", ylabel="ms", title="Retrieval latency")
    right.set_ylim(bottom=0)
    for axis in (left, right):
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)
