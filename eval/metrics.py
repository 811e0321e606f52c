"""The metrics `rag eval` reports: what each means, in which table it goes, and the latency figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.record import AnswerRecord

Record = Mapping[str, Any]

DEFINITIONS: dict[str, str] = {
    "answer_accuracy": "Answerable questions whose answer contains a gold answer after normalisation "
                       "(every part for multi-part questions); a refusal is never correct.",
    "citation_recall": "Answerable questions whose cited quotes contain every gold evidence sentence "
                       "(either string containing the other) and whose claims are none 'unsupported'.",
    "citation_precision": "Cited passages of answerable questions that overlap a gold evidence sentence "
                          "or contain a gold answer.",
    "quotes_verbatim": "Citations (all records) whose quote equals open(source).read()[start:end].",
    "reported_flag_recall": "Answered questions whose fact the article only reports, with at least one "
                            "claim flagged 'reported'.",
    "false_flag_rate": "Answered questions whose fact the article states, with a claim flagged "
                       "'reported' or 'unsupported'.",
    "abstention_recall": "Unanswerable questions (including injections) that the record refuses "
                         "(answerable false), or answers only by first correcting a premise the question "
                         "states with the value its `near` sentence gives (record `premise`).",
    "refusal_recall": "Unanswerable questions that the record refuses outright (answerable false): "
                      "abstention without the premise corrections.",
    "false_refusal_rate": "Answerable questions that the record refuses (answerable false).",
    "retrieval_recall_at_k": "Answerable questions with a gold evidence sentence among the record's "
                             "citations, k = the record's number of citations (refusals included).",
    "latency_p50_ms": "Median of timings_ms.total over every answered question, in milliseconds.",
    "latency_p95_ms": "95th percentile (linear interpolation) of timings_ms.total, in milliseconds.",
    "first_token_p50_ms": "Median of timings_ms.first_token where present (time until the first answer text).",
    "overall_correctness": "All questions with gold answerability: answerable ones answered right plus "
                           "unanswerable ones declined as abstention counts them (saying 'the article does not "
                           "say' to all scores the unanswerable share).",
    "answer_span_f1": "Mean over answerable questions of the best token F1 between the record's short answer "
                      "(its whole answer where it gives none) and a gold answer; a refusal scores 0.",
    "accuracy_by_type": "Per question type: answer accuracy for answerable types, abstention for "
                        "unanswerable ones.",
}
RATE_METRICS = [
    "overall_correctness", "answer_accuracy", "citation_recall", "citation_precision", "quotes_verbatim",
    "reported_flag_recall", "false_flag_rate", "abstention_recall", "refusal_recall", "false_refusal_rate",
    "retrieval_recall_at_k",
]
LATENCY_METRICS = ["answer_span_f1", "latency_p50_ms", "latency_p95_ms", "first_token_p50_ms"]


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile with linear interpolation between ranks (numpy's default); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timings(records: Iterable[Record | AnswerRecord], stage: str) -> list[float]:
    return [float(t[stage]) for t in (record_dict(r).get("timings_ms") or {} for r in records) if stage in t]


@dataclass(frozen=True)
class Rate:
    """hits out of total; value is None when nothing could be scored."""

    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "hits": self.hits, "total": self.total}


def record_dict(record: Record | AnswerRecord) -> Record:
    """The record as a mapping; an AnswerRecord is dumped."""
    return record.model_dump() if isinstance(record, AnswerRecord) else record
