"""Ablate the rule reader: switch off one named rule at a time and score a question set again.

`python -m eval.ablate --questions Q --docs D [D ...] [--rules a,b] [--out FILE]`

The index is built once and the chain answers every question with all rules on, then once more
per rule with that rule off (its function replaced by one that never fires, or its threshold
by one that never refuses). What each costs or gains is printed as a table: the headline rates,
and per question type or near-miss kind, the questions that turn wrong. A rule that stays on
the answer path earns its place here on dev; one whose removal costs nothing is deleted.
Answers are extractive, whatever the configured backend; `RAG_READER` picks the read stage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.settings import load_settings
from eval.questions import load_questions
from eval.run import build_index
from eval.score import score


@dataclass(frozen=True)
class Rule:
    """One rule of the rule reader, and how to switch it off: `attribute` of `owner` ("module" or
    "module:Class") becomes `off`."""

    name: str
    owner: str
    attribute: str
    off: Any
    what: str


def _never(*_: object, **__: object) -> None:
    return None


def _no(*_: object, **__: object) -> bool:
    return False


RULES = (
    Rule("answer_kinds", "rag.question", "answer_kind", _never,
         "the kind of answer a question asks for (rag/asked.py), and so whether a sentence holds one (rag/kinds.py)"),
    Rule("named_but_absent", "rag.rules", "named_but_absent", _never,
         "refuse what the question names that the documents never use"),
    Rule("detail_absent", "rag.rules", "_number_absent", _never,
         "refuse a passage whose context lacks a number the question states"),
    Rule("not_known", "rag.rules", "says_it_is_not_known", _no, "refuse where the passage says it is not known"),
    Rule("premise_correction", "rag.rules", "first_contrast", _never,
         "answer a refused question by correcting its premise from the passage"),
    Rule("second_passage", "rag.rules", "second_passage", _never, "cite a second passage that adds a missing word"),
    Rule("dated", "rag.rules:RuleReader", "_dated", _never, "prefer a close passage giving the date kind asked"),
    Rule("typed", "rag.rules:RuleReader", "_typed", lambda self, question, ranked: ranked[0],
         "prefer a close runner-up holding the asked kind"),
    Rule("own_closeness", "rag.rules:RuleReader", "_own_closeness", _never,
         "let the question alone, or one clause, stand in for the passage's cosine"),
    Rule("another_one", "rag.gate", "names_another_one", _no, "refuse an ordinal the paragraph never names"),
    Rule("unnamed", "rag.gate", "leaves_unnamed", _no, "refuse \"which X\" where the sentence never says which"),
    Rule("cosine_floor", "rag.thresholds", "COSINE_FLOOR", -1.0, "refuse below a dense closeness"),
    Rule("overlap", "rag.thresholds", "WORD_MATCH_COVERAGE", 0.0, "refuse without enough word overlap"),
)


def _owner(path: str) -> object:
    """The module, or the class inside one, that "module" or "module:Class" names."""
    module, _, cls = path.partition(":")
    found = importlib.import_module(module)
    return getattr(found, cls) if cls else found


@contextmanager
def switched_off(rule: Rule) -> Iterator[None]:
    target = _owner(rule.owner)
    before = getattr(target, rule.attribute)
    setattr(target, rule.attribute, rule.off)
    try:
        yield
    finally:
        setattr(target, rule.attribute, before)


RATES = ("overall_correctness", "answer_accuracy", "abstention_recall", "false_refusal_rate",
         "reported_flag_recall", "false_flag_rate")


def _rates(scored: dict[str, Any]) -> dict[str, float]:
    return {name: scored["metrics"][name]["value"] or 0.0 for name in RATES}


def _groups(scored: dict[str, Any]) -> dict[str, int]:
    """Questions right per question type and near-miss kind (eval/score.py's counts)."""
    return {f"{field}:{name}": rate["hits"] for field in ("type", "kind")
            for name, rate in scored[f"accuracy_by_{field}"].items() if name != "untyped"}


def ablate(answer: Callable[[dict], dict], questions: Sequence[dict], rules: Sequence[Rule],
           docs: Sequence[Path] = ()) -> list[dict[str, Any]]:
    """One row for all rules on, then one per rule off: its rates and the groups that lose questions."""
    def run() -> tuple[dict[str, float], dict[str, int]]:
        scored = score(questions, [answer(q) for q in questions], docs)
        return _rates(scored), _groups(scored)

    base, base_groups = run()
    rows = [{"rule": "all on", **base, "lost": {}}]
    for rule in rules:
        with switched_off(rule):
            rates, groups = run()
        lost = {g: n - groups.get(g, 0) for g, n in base_groups.items() if n - groups.get(g, 0) > 0}
        rows.append({"rule": rule.name, **rates, "lost": lost})
    return rows


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = ["rule", "overall", "accuracy", "abstention", "false refusals", "reported recall", "false flags",
            "lost (group: questions)"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    base = rows[0]
    for row in rows:
        cells = []
        for name in RATES:
            value = 100 * row[name]
            delta = value - 100 * base[name]
            cells.append(f"{value:.1f}" if row is base else f"{value:.1f} ({delta:+.1f})")
        lost = ", ".join(f"{g} {n}" for g, n in sorted(row["lost"].items(), key=lambda kv: -kv[1]))
        lines.append(f"| {row['rule']} | " + " | ".join(cells) + f" | {lost} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", required=True, type=Path)
    parser.add_argument("--docs", required=True, nargs="+", type=Path)
    parser.add_argument("--rules", help="comma-separated rule names (default: every rule)")
    parser.add_argument("--out", type=Path, help="also write the table here")
    args = parser.parse_args()
    chosen = RULES
    if args.rules:
        wanted = set(args.rules.split(","))
        unknown = wanted - {r.name for r in RULES}
        if unknown:
            print(f"rag ablate: unknown rules {sorted(unknown)}; known: {[r.name for r in RULES]}", file=sys.stderr)
            return 2
        chosen = tuple(r for r in RULES if r.name in wanted)
    from rag.chain import Chain

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(backend="extractive", index_dir=Path(tmp), chroma_url="")
        questions = load_questions(args.questions, settings.max_question_chars)
        docs = [d.resolve() for d in args.docs]
        chain = Chain(settings, store=build_index(docs, settings))
        rows = ablate(lambda q: chain.answer(q["question"], q.get("history"), q["id"]).model_dump(),
                      questions, chosen, docs)
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
