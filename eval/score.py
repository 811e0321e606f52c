"""Scores answer records against the question set. Pure functions: no models, no index.

Records are answer records (AnswerRecord or its dict); questions are the dicts of
eval/questions.jsonl. Each metric uses only the questions that carry the gold field it
needs, so a file of bare `{"id", "question"}` lines is still timed and checked for
verbatim quotes, and every other metric reports "0 scored".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from core.citations import without_markers
from core.record import AnswerRecord
from eval.metrics import Rate, Record, percentile, record_dict, timings
from eval.verbatim import quotes_verbatim

Question = Mapping[str, Any]
Pair = tuple[Question, Record]

_TOKEN = re.compile(r"[^\W_]+|[$£%]")  # words and numbers; $ £ % stay as tokens of their own


# --- text matching -------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Lowercase, punctuation dropped (except $ £ %), whitespace collapsed: "$10,000." -> "$ 10 000"."""
    return " ".join(_TOKEN.findall(text.lower()))


def contains_gold(text: str, gold: str) -> bool:
    """Whether normalized `gold` occurs in normalized `text` on token boundaries ("26" is not in "2026")."""
    needle = normalize(gold)
    return bool(needle) and f" {needle} " in f" {normalize(text)} "


def _squash(text: str) -> str:
    return " ".join(text.split())


def overlaps(evidence: str, quote: str) -> bool:
    """An evidence sentence counts as cited if it contains, or is contained in, the quote."""
    evidence, quote = _squash(evidence), _squash(quote)
    return bool(evidence) and bool(quote) and (evidence in quote or quote in evidence)


def gold_parts(question: Question) -> list[list[str]]:
    """Alternatives per part: gold_all for multi-part questions, else one part of `gold`."""
    if question.get("gold_all"):
        return [[part] if isinstance(part, str) else list(part) for part in question["gold_all"]]
    gold = question.get("gold") or []
    return [[gold] if isinstance(gold, str) else list(gold)] if gold else []


def _evidence(question: Question) -> list[str]:
    evidence = question.get("evidence") or []
    return [evidence] if isinstance(evidence, str) else list(evidence)


# --- per-question judgements ---------------------------------------------------------------


def answered(record: Record) -> bool:
    return bool(record.get("answerable"))


def declined(question: Question, record: Record) -> bool:
    """Whether the record does not take the question as asked: a refusal, or an answer that first
    corrects a premise the question states ("The article says “2022”, not “2021”.") with the value
    that the sentence the question nearly matches (its `near`) gives in its place."""
    if not answered(record):
        return True
    premise = record.get("premise") or {}
    return bool(premise) and contains_gold(str(question.get("question") or ""), str(premise.get("asked") or "")) \
        and contains_gold(str(question.get("near") or ""), str(premise.get("said") or ""))


def is_answerable(question: Question) -> bool | None:
    """The gold answerability, or None for a question without gold fields."""
    value = question.get("answerable")
    return None if value is None else bool(value)


def is_correct(question: Question, record: Record) -> bool | None:
    """Correct answer (answerable) or correct refusal (unanswerable); None if it cannot be scored."""
    answerable = is_answerable(question)
    if answerable is None:
        return None
    if not answerable:
        return declined(question, record)
    parts = gold_parts(question)
    if not parts:
        return None
    if not answered(record):
        return False
    text = str(record.get("answer") or "")
    return all(any(contains_gold(text, alt) for alt in part) for part in parts)


def cited_citations(record: Record) -> list[Record]:
    """Citations the answer relies on: those its claims reference, else all; none for a refusal."""
    if not answered(record):
        return []
    citations = list(record.get("citations") or [])
    referenced = {n for claim in record.get("claims") or [] for n in claim.get("citations") or []}
    chosen = [c for c in citations if c.get("id") in referenced]
    return chosen or citations


def claim_statuses(record: Record) -> list[str]:
    return [str(claim.get("status")) for claim in record.get("claims") or []]


# --- metrics -------------------------------------------------------------------------------


def pair_up(questions: Iterable[Question], records: Iterable[Record | AnswerRecord]) -> list[Pair]:
    """(question, record) by id, in question order; questions without a record are left out."""
    by_id = {str(r.get("id")): r for r in map(record_dict, records)}
    return [(q, by_id[str(q["id"])]) for q in questions if str(q["id"]) in by_id]


def answer_accuracy(pairs: Sequence[Pair]) -> Rate:
    judged = [is_correct(q, r) for q, r in pairs if is_answerable(q)]
    scored = [j for j in judged if j is not None]
    return Rate(sum(scored), len(scored))


def citation_recall(pairs: Sequence[Pair]) -> Rate:
    hits = total = 0
    for question, record in pairs:
        evidence = _evidence(question)
        if not is_answerable(question) or not evidence:
            continue
        total += 1
        quotes = [str(c.get("quote") or "") for c in cited_citations(record)]
        covered = all(any(overlaps(e, q) for q in quotes) for e in evidence)
        hits += covered and "unsupported" not in claim_statuses(record)
    return Rate(hits, total)


def citation_precision(pairs: Sequence[Pair]) -> Rate:
    hits = total = 0
    for question, record in pairs:
        evidence = _evidence(question)
        golds = [alt for part in gold_parts(question) for alt in part]
        if not is_answerable(question) or not (evidence or golds):
            continue
        for citation in cited_citations(record):
            quote = str(citation.get("quote") or "")
            total += 1
            hits += any(overlaps(e, quote) for e in evidence) or any(contains_gold(quote, g) for g in golds)
    return Rate(hits, total)


def reported_flag_recall(pairs: Sequence[Pair]) -> Rate:
    flagged = [
        "reported" in claim_statuses(r)
        for q, r in pairs if is_answerable(q) and q.get("status") == "reported" and answered(r)
    ]
    return Rate(sum(flagged), len(flagged))


def false_flag_rate(pairs: Sequence[Pair]) -> Rate:
    flagged = [
        bool({"reported", "unsupported"} & set(claim_statuses(r)))
        for q, r in pairs if q.get("status") == "supported" and answered(r)
    ]
    return Rate(sum(flagged), len(flagged))


def abstention_recall(pairs: Sequence[Pair]) -> Rate:
    """Unanswerable questions refused, or answered only by correcting their premise (`declined`)."""
    refused = [declined(q, r) for q, r in pairs if is_answerable(q) is False]
    return Rate(sum(refused), len(refused))


def refusal_recall(pairs: Sequence[Pair]) -> Rate:
    """Unanswerable questions refused outright: abstention without the premise corrections."""
    refused = [not answered(r) for q, r in pairs if is_answerable(q) is False]
    return Rate(sum(refused), len(refused))


def false_refusal_rate(pairs: Sequence[Pair]) -> Rate:
    refused = [not answered(r) for q, r in pairs if is_answerable(q)]
    return Rate(sum(refused), len(refused))


def retrieval_recall(pairs: Sequence[Pair]) -> Rate:
    found = [
        any(overlaps(e, str(c.get("quote") or "")) for e in _evidence(q) for c in r.get("citations") or [])
        for q, r in pairs if is_answerable(q) and _evidence(q)
    ]
    return Rate(sum(found), len(found))


def overall_correctness(pairs: Sequence[Pair]) -> Rate:
    judged = [j for j in (is_correct(q, r) for q, r in pairs) if j is not None]
    return Rate(sum(judged), len(judged))


def token_f1(predicted: str, gold: str) -> float:
    """SQuAD-style token overlap F1 of two normalised strings (the formula, not the data)."""
    p, g = normalize(predicted).split(), normalize(gold).split()
    common = sum(min(p.count(w), g.count(w)) for w in set(p))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def answer_span_f1(pairs: Sequence[Pair]) -> dict[str, Any]:
    scores = []
    for question, record in pairs:
        golds = [alt for part in gold_parts(question) for alt in part]
        if not is_answerable(question) or not golds:
            continue
        said = record.get("short_answer") or without_markers(str(record.get("answer") or ""), spaced=True)
        scores.append(max(token_f1(said, g) for g in golds) if answered(record) else 0.0)
    return {"value": sum(scores) / len(scores) if scores else None, "hits": None, "total": len(scores),
            "unit": "f1"}


def accuracy_by_type(pairs: Sequence[Pair], field: str = "type") -> dict[str, Rate]:
    """Rate of correct answers (or correct refusals) per question type (or another field such as the
    near-miss `kind`), in order of first appearance."""
    counts: dict[str, list[int]] = {}
    for question, record in pairs:
        correct = is_correct(question, record)
        if correct is None or (field != "type" and not question.get(field)):
            continue
        hits_total = counts.setdefault(str(question.get(field) or "untyped"), [0, 0])
        hits_total[0] += correct
        hits_total[1] += 1
    return {name: Rate(h, t) for name, (h, t) in counts.items()}


def score(questions: Sequence[Question], records: Sequence[Record | AnswerRecord],
          docs: Sequence[Path] = ()) -> dict[str, Any]:
    """Every metric, JSON-ready: {"metrics": {name: {value, hits, total}}, "accuracy_by_type": {...}}."""
    dicts = [record_dict(r) for r in records]
    pairs = pair_up(questions, dicts)
    rates = {
        "overall_correctness": overall_correctness(pairs),
        "answer_accuracy": answer_accuracy(pairs),
        "citation_recall": citation_recall(pairs),
        "citation_precision": citation_precision(pairs),
        "quotes_verbatim": quotes_verbatim(dicts, docs),
        "reported_flag_recall": reported_flag_recall(pairs),
        "false_flag_rate": false_flag_rate(pairs),
        "abstention_recall": abstention_recall(pairs),
        "refusal_recall": refusal_recall(pairs),
        "false_refusal_rate": false_refusal_rate(pairs),
        "retrieval_recall_at_k": retrieval_recall(pairs),
    }
    totals, first = timings(dicts, "total"), timings(dicts, "first_token")
    metrics: dict[str, dict[str, Any]] = {name: rate.as_dict() for name, rate in rates.items()}
    metrics["answer_span_f1"] = answer_span_f1(pairs)
    metrics["latency_p50_ms"] = {"value": percentile(totals, 50), "hits": None, "total": len(totals)}
    metrics["latency_p95_ms"] = {"value": percentile(totals, 95), "hits": None, "total": len(totals)}
    metrics["first_token_p50_ms"] = {"value": percentile(first, 50), "hits": None, "total": len(first)}
    return {
        "records": len(dicts),
        "metrics": metrics,
        "accuracy_by_type": {name: rate.as_dict() for name, rate in accuracy_by_type(pairs).items()},
        "accuracy_by_kind": {name: rate.as_dict() for name, rate in accuracy_by_type(pairs, "kind").items()},
    }
