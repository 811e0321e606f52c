"""`rag eval`: answer a question file with the chain (and, with --peer, the llama-index baseline), then score.

Writes into --out: results.jsonl (and peer_results.jsonl), metrics.json, report.md and
its plots. The index is rebuilt from --docs under --out/index, so a run never reads or
changes the user's own index and two runs on the same files see the same sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from core.errors import BadDocument, RagError
from core.record import AnswerRecord
from core.settings import Settings, load_settings
from eval import threshold
from eval.metrics import DEFINITIONS
from eval.questions import QuestionFileError, load_questions
from eval.report import summary_table, write_plots, write_report
from eval.score import score
from rag.reader import thresholds as reader_thresholds

if TYPE_CHECKING:
    from index.store import Store

Answerer = Callable[[str, Any, str], AnswerRecord]  # (question, history, id) -> record


def main(args: argparse.Namespace) -> int:
    """Run the eval; a bad question file or setting prints one line on stderr and returns 2."""
    try:
        return run(args)
    except RagError as exc:
        print(f"rag eval: {exc}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    # chroma_url="" keeps the eval index local even when RAG_CHROMA_URL points at a server.
    settings = load_settings(backend=args.backend, index_dir=out / "index", chroma_url="")
    questions_file = Path(args.questions)
    questions = load_questions(questions_file, settings.max_question_chars)
    if args.limit is not None:
        if args.limit < 1:
            raise QuestionFileError("--limit must be at least 1")
        questions = questions[:args.limit]
    if getattr(args, "every", None) is not None:
        if args.every < 1:
            raise QuestionFileError("--every must be at least 1")
        questions = questions[::args.every]
    docs = [Path(d).resolve() for d in (args.docs or [settings.seeds_dir])]
    out.mkdir(parents=True, exist_ok=True)

    from rag.chain import Chain

    chain = Chain(settings, store=build_index(docs, settings))
    records = {"ours": answer_all(chain.answer, questions, "ours")}
    backends = {"ours": chain.backend}
    write_records(out / "results.jsonl", records["ours"])
    if args.peer == "llamaindex":
        from eval.peer import CitationPeer

        peer = CitationPeer(docs, settings.backend)
        records["peer"] = answer_all(peer.answer, questions, "peer")
        backends["peer"] = peer.backend
        write_records(out / "peer_results.jsonl", records["peer"])

    dumped = {name: [r.model_dump() for r in recs] for name, recs in records.items()}
    systems = {name: score(questions, recs, docs) for name, recs in dumped.items()}
    points = threshold.curve(questions, dumped["ours"])
    chosen = reader_thresholds()["answers"] if points else None
    if points:  # the learned reader answered: its threshold, replayed at every value
        systems["ours"]["threshold_curve"] = {"in_use": chosen, "points": points}
    meta = {"questions_file": str(questions_file), "questions": len(questions),
            "docs": [str(d) for d in docs], "backends": backends}
    (out / "metrics.json").write_text(
        json.dumps({**meta, **systems, "definitions": DEFINITIONS}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    plots = write_plots(out, systems, dumped, points, chosen)
    write_report(out / "report.md", meta, systems, plots, questions, dumped["ours"])
    print(summary_table(systems))
    print(f"\nWrote {out / 'results.jsonl'}, {out / 'metrics.json'} and {out / 'report.md'}")
    return 0


def build_index(docs: Sequence[Path], settings: Settings) -> Store:
    """A fresh index of `docs` in settings.index_dir; BadDocument if none could be ingested."""
    from index.ingest import ingest
    from index.store import Store

    store = Store(settings)
    report = ingest(list(docs), settings, store=store, rebuild=True)
    for reason in report.refused:
        print(f"skipped {reason}", file=sys.stderr)
    if report.documents == 0:
        raise BadDocument("No documents to evaluate on: " + "; ".join(report.refused or ["nothing found"]))
    return store


def answer_all(answer: Answerer, questions: Sequence[dict[str, Any]], label: str) -> list[AnswerRecord]:
    """One record per question, in order, with a progress bar on stderr."""
    # disable=False explicitly: `rag` sets TQDM_DISABLE=0, which tqdm reads as "disable".
    bar = tqdm(questions, desc=f"answering ({label})", unit="q", file=sys.stderr, dynamic_ncols=True, disable=False)
    return [answer(q["question"], q.get("history"), q["id"]) for q in bar]


def write_records(path: Path, records: Sequence[AnswerRecord]) -> None:
    path.write_text("".join(record.to_json() + "\n" for record in records), encoding="utf-8")
