"""The figures of a bench run: the plan, what each answer measured, and the bench.json summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eval.bench.measure import LlmCall, percentile
from eval.bench.report import check_targets


@dataclass(frozen=True)
class Plan:
    questions: int
    peer_questions: int
    scale: tuple[int, ...]  # synthetic corpus sizes, in chunks
    process_runs: int = 3  # `rag ask` run in a new process, start to exit
    stage_questions: int = 20  # answered by each read stage in turn


FULL = Plan(questions=20, peer_questions=5, scale=(1_000, 10_000, 100_000))
QUICK = Plan(questions=3, peer_questions=1, scale=(300,), process_runs=1, stage_questions=2)


@dataclass
class AnswerRun:
    question: dict[str, Any]
    latency_ms: float  # wall clock around Chain.answer
    timings_ms: dict[str, float]
    direct_retrieve_ms: float
    call: LlmCall | None  # the prompt and draft, when the LLM was asked


def summarise(plan: Plan, cold: dict[str, Any], answers: list[AnswerRun], memory: dict[str, Any],
              llm: dict[str, Any], peer: dict[str, Any], scale: list[dict[str, Any]],
              stages: dict[str, Any]) -> dict[str, Any]:
    """bench.json: the headline figures, the targets, and the detail behind them."""
    latencies = [a.latency_ms / 1000 for a in answers]
    drafted = [a for a in answers if a.call is not None]
    by_size = {point["chunks"]: point for point in scale}
    # The ingest headline comes from the largest corpus whose sentences were all encoded raw too.
    measured = [p for p in scale if p["ingest_vs_raw"] is not None]
    fully_raw = [p for p in measured if p["raw_encoded_sentences"] == p["chunks"]] or measured or scale
    ingest = max(fully_raw, key=lambda p: p["chunks"])
    memory["peak_mib"] = max(memory["ru_maxrss_mib"], memory["vm_hwm_mib"]) + memory["model_process_vm_hwm_mib"]
    failed = {f"retrieval_p50_ms_{label}" for size, label in ((10_000, "10k"), (100_000, "100k"))
              if by_size.get(size, {}).get("error")}
    figures = {
        "cold_start_s": cold["seconds"],
        "process_cold_start_s": cold["process"]["p50_s"],
        "warm_p50_s": rounded(percentile(latencies, 50), 3),
        "warm_p95_s": rounded(percentile(latencies, 95), 3),
        "ttft_p50_ms": rounded(percentile([a.timings_ms["first_token"] for a in answers], 50), 1),
        "peer_speedup": peer["speedup"],
        "ingest_vs_raw": ingest["ingest_vs_raw"],
        "retrieval_p50_ms_10k": by_size.get(10_000, {}).get("retrieval_p50_ms"),
        "retrieval_p50_ms_100k": by_size.get(100_000, {}).get("retrieval_p50_ms"),
        "peak_rss_mib": memory["peak_mib"],
        "checked_over_rules_p50_ms": stages["checked_over_rules_p50_ms"],
    }
    return {
        "figures": figures,
        "targets": check_targets(figures, failed),
        "cold_start": cold,
        "warm": {"questions": len(answers), "llm_answers": len(drafted), "p50_s": figures["warm_p50_s"],
                 "p95_s": figures["warm_p95_s"], "mean_s": rounded(sum(latencies) / len(latencies), 3)},
        "ttft": {"p50_ms": figures["ttft_p50_ms"],
                 "p95_ms": rounded(percentile([a.timings_ms["first_token"] for a in answers], 95), 1),
                 "llm_p50_ms": rounded(percentile([a.timings_ms["first_token"] for a in drafted], 50), 1)},
        "retrieval": {
            "chain_p50_ms": rounded(percentile([before_draft(a.timings_ms) for a in answers], 50), 2),
            "chain_p95_ms": rounded(percentile([before_draft(a.timings_ms) for a in answers], 95), 2),
            "direct_p50_ms": rounded(percentile([a.direct_retrieve_ms for a in answers], 50), 2),
            "direct_p95_ms": rounded(percentile([a.direct_retrieve_ms for a in answers], 95), 2),
        },
        "llm": llm,
        "ingest": {key: ingest[key] for key in ("chunks", "ingest_sentences_per_s", "raw_minilm_sentences_per_s",
                                                "ingest_vs_raw")},
        "memory": memory,
        "peer": peer,
        "read_stages": stages,
        "scale": scale,
        "questions": [_question_row(a) for a in answers],
        "plan": {"questions": plan.questions, "peer_questions": plan.peer_questions, "scale": list(plan.scale)},
    }


def before_draft(timings: dict[str, float]) -> float:
    """The answer path's time before the draft: understand, route, retrieve and read."""
    return sum(timings.get(stage, 0.0) for stage in ("understand", "route", "retrieve", "read"))


def _question_row(run: AnswerRun) -> dict[str, Any]:
    t = run.timings_ms
    return {"id": run.question["id"], "type": run.question.get("type"), "latency_ms": round(run.latency_ms, 1),
            "first_token_ms": round(t["first_token"], 1), "retrieve_ms": round(before_draft(t), 1),
            "generate_ms": rounded(t.get("generate"), 1), "direct_retrieve_ms": round(run.direct_retrieve_ms, 2),
            "llm": run.call is not None}


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
