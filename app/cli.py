"""The `rag` command: ingest, docs, ask, chat, eval, feedback, bench. User errors print one line and exit 2."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from core.citations import marker
from core.errors import BadDocument, RagError
from core.settings import BACKENDS

if TYPE_CHECKING:
    from core.feedback import Feedback
    from core.record import AnswerRecord
    from index.collection import DocumentInfo


def _quiet() -> None:
    """Library chatter (progress bars of model loading, warnings) is not for users."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.WARNING)
    for name in ("chromadb", "httpx", "sentence_transformers", "transformers", "llama_index", "bm25s"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except ImportError:
        pass


def cmd_ingest(args: argparse.Namespace) -> int:
    from core.settings import load_settings
    from index.ingest import ingest

    settings = load_settings()
    paths = [Path(p) for p in args.paths] or [settings.seeds_dir]
    report = ingest(paths, settings, progress=not args.quiet, rebuild=args.rebuild)
    for line in report.refused:
        print(f"skipped {line}", file=sys.stderr)
    for cleaned in report.cleaned:
        print(cleaned.line(), file=sys.stderr)
    print(report.summary())
    return 2 if report.refused and report.documents == 0 else 0


def document_line(info: DocumentInfo) -> str:
    """One line for one document: id, file, size, sentences, when added, what the cleaner dropped, title."""
    size = "? bytes" if info.size_bytes is None else f"{info.size_bytes:,} bytes"
    added = "added ?" if info.added is None else f"added {info.added[:19].replace('T', ' ')} UTC"
    dropped = ("dropped ? chars" if info.dropped_chars is None or info.text_chars is None
               else f"dropped {info.dropped_chars:,} of {info.text_chars:,} chars")
    fields = [info.doc_id, info.file_name, size, f"{info.sentences} sentences", added, dropped]
    if info.published:
        fields.append(f"published {info.published}")
    if info.title:
        fields.append(f"“{' '.join(info.title.split())}”")
    return "  ".join(fields)


def cmd_docs(args: argparse.Namespace) -> int:
    from core.settings import load_settings
    from index.collection import DocumentCollection

    collection = DocumentCollection(load_settings())
    if args.action == "list":
        for info in collection.documents():
            print(document_line(info))
    elif args.action == "add":
        refused = 0
        for path in args.paths:  # each file on its own: one bad file does not stop the others
            try:
                print("added", document_line(collection.add_file(Path(path))))
            except BadDocument as exc:
                print(f"rag: {exc}", file=sys.stderr)
                refused += 1
        return 2 if refused else 0
    elif args.action == "remove":
        print("removed", document_line(collection.remove(args.doc_id)))
    else:
        print("reindexed", document_line(collection.reindex(args.doc_id)))
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from core.settings import load_settings
    from index.ingest import ensure_index
    from rag.ask import ask
    from rag.chain import Chain
    from rag.relative_dates import describe

    settings = load_settings(backend=args.backend, top_k=args.top_k)
    ensure_index(settings)
    record = ask(Chain(settings), args.question, doc_id=args.doc)
    if args.json:
        print(record.to_json())
        return 0
    print(record.answer)
    if record.notice:
        print(f"  note: {record.notice}")
    for claim in record.claims:
        if claim.status != "supported":
            print(f"  [{claim.status}] {claim.note}")
    for line in account_lines(record):
        print(f"  {line}")
    print()
    for c in record.citations:
        print(f"{marker(c.id)} {c.quote}  ({c.doc_id}:{c.start}-{c.end})")
        for resolved in c.dates:
            print(f"    {describe(resolved)}")
    return 0


def account_lines(record: AnswerRecord) -> list[str]:
    """Who says what, one line per speaker: "police say: ... [2] (the article says: "...")"."""
    from rag.accounts import says

    lines = []
    for account in record.accounts:
        cites = "".join(marker(n) for n in account.citations)
        caveat = f' (the article says: "{account.caveat}")' if account.caveat else ""
        lines.append(f"{says(account.speaker)}: {' '.join(account.claims)} {cites}{caveat}")
    return lines


def cmd_chat(args: argparse.Namespace) -> int:
    from ui.server import launch

    launch(host=args.host, port=args.port, backend=args.backend)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from eval.run import main as eval_main

    return eval_main(args)


def feedback_line(feedback: Feedback) -> str:
    """One line for one piece of feedback: id, when, vote, question, the correction or the answer, documents."""
    def shown(text: str, limit: int = 100) -> str:
        text = " ".join(text.split())
        return text if len(text) <= limit else text[:limit - 1] + "…"

    said = (f"correction: {shown(feedback.correction)}" if feedback.correction
            else f"answer: {shown(feedback.record.answer)}")
    when = feedback.time[:19].replace("T", " ") + " UTC"
    return "  ".join([f"fb{feedback.id}", when, feedback.vote, f"“{shown(feedback.question)}”", said,
                      ",".join(feedback.doc_ids) or "-"])


def cmd_feedback(args: argparse.Namespace) -> int:
    from core.errors import FeedbackUnavailable
    from core.settings import load_settings
    from eval.feedback import export_summary, question_from_feedback, questions_jsonl
    from ui.feedback import FeedbackStore

    store = FeedbackStore.for_settings(load_settings())
    feedbacks = store.all()
    if args.action == "list":
        for feedback in feedbacks:
            print(feedback_line(feedback))
        if not feedbacks:
            print(f"No feedback yet in {store.path}.", file=sys.stderr)
        return 0
    if not feedbacks:
        raise FeedbackUnavailable(f"No feedback yet in {store.path}: rate answers in the chat first.")
    questions = [question_from_feedback(feedback) for feedback in feedbacks]
    if args.out is None:
        sys.stdout.write(questions_jsonl(questions))
        return 0
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(questions_jsonl(questions), encoding="utf-8")
    except OSError as exc:
        raise FeedbackUnavailable(f"Cannot write {out} ({exc.strerror or exc}).") from exc
    print(f"Wrote {out}: {export_summary(questions)}. Score it with: rag eval --questions {out}", file=sys.stderr)
    return 0


def add_feedback_parser(sub: argparse._SubParsersAction) -> None:
    """`rag feedback list | export [--out FILE]`."""
    p = sub.add_parser("feedback", help="list the chat's thumbs up/down, or export them as eval questions")
    feedback = p.add_subparsers(dest="action", required=True)
    feedback.add_parser("list", help="one line per piece of feedback, oldest first")
    export = feedback.add_parser("export", help="the feedback as a `rag eval --questions` file (JSONL)")
    export.add_argument("--out", metavar="FILE", help="write here instead of to stdout")
    p.set_defaults(func=cmd_feedback)


def cmd_bench(args: argparse.Namespace) -> int:
    from eval.bench.run import main as bench_main

    return bench_main(args)


def add_docs_parser(sub: argparse._SubParsersAction) -> None:
    """`rag docs list | add PATH... | remove DOC_ID | reindex DOC_ID`."""
    p = sub.add_parser("docs", help="list, add, remove or re-index documents",
                       description="A running `rag chat` sees changes made here after a restart; "
                                   "changes made through its API show at once.")
    docs = p.add_subparsers(dest="action", required=True)
    docs.add_parser("list", help="one line per indexed document")
    add = docs.add_parser("add", help="copy files into the index's uploads folder and index them (.txt .md .html .pdf)")
    add.add_argument("paths", nargs="+", metavar="PATH")
    for action, help_text in (("remove", "drop a document (and its uploaded copy)"),
                              ("reindex", "read a document's file again and rewrite it")):
        docs.add_parser(action, help=help_text).add_argument("doc_id", metavar="DOC_ID")
    p.set_defaults(func=cmd_docs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Answers about news articles, with cited passages.")
    sub = parser.add_subparsers(dest="command", required=True)
    backends = list(BACKENDS)

    p = sub.add_parser("ingest", help="clean, chunk, embed and store documents (default: seeds/)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    add_docs_parser(sub)

    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer record")
    p.add_argument("--backend", choices=backends)
    p.add_argument("--top-k", type=int)
    p.add_argument("--doc", metavar="DOC_ID", help="answer from this document only (`rag docs list` shows the ids)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="start the chat UI and the HTTP API (/docs)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--backend", choices=backends)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", help="answer a question set and score it")
    p.add_argument("--questions", default="eval/questions.jsonl")
    p.add_argument("--out", default="eval/out")
    p.add_argument("--backend", choices=backends)
    p.add_argument("--peer", choices=["llamaindex"], help="also run the stock llama-index peer")
    p.add_argument("--docs", nargs="*", help="documents to index for this eval (default: seeds/)")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--every", type=int, help="only every Nth question (a sample across the whole file)")
    p.set_defaults(func=cmd_eval)

    add_feedback_parser(sub)

    p = sub.add_parser("bench", help="the performance benchmark")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", default="bench/out")
    p.add_argument("--quick", action="store_true", help="tiny corpus, few questions (smoke test)")
    p.add_argument("--profile", action="store_true", help="also write profile.html of the answer path (pyinstrument)")
    p.set_defaults(func=cmd_bench)
    return parser


def _prestart(args: argparse.Namespace) -> None:
    """`rag ask` and `rag chat`: the embedded model starts loading in its own process first, while
    this one imports the index, MiniLM and the UI (seconds); a bad setting is reported later, once."""
    if args.command not in ("ask", "chat"):
        return
    from core.settings import load_settings
    from rag.llm import prestart

    try:
        prestart(load_settings(backend=args.backend))
    except RagError:
        pass


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _prestart(args)
    _quiet()
    try:
        return int(args.func(args) or 0)
    except RagError as exc:
        print(f"rag: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
