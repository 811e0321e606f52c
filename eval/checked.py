"""Choose the checked reader's three thresholds (rag/checked.py) on dev, from two eval runs.

`python -m eval.checked --questions training/corpus/dev.jsonl --checked RUN --model RUN
 [--guard QUESTIONS CHECKED_RUN MODEL_RUN] [--write]`

- RUN of `--checked`: `rag eval` with `RAG_READER=checked` and veto 0, rescue above 1 (the rules'
  decisions, each answer carrying the reader's P(answers) for the rules' passage);
- RUN of `--model`: `rag eval` with `RAG_READER=model` on the same questions (what the reader
  answers where the rules refuse).

Every (veto, rescue, agree) on a grid is replayed from the records as CheckedRead decides, and the
point with the best overall correctness whose false refusals stay within 7% is chosen (as the
reader's own threshold is, training/reader.py). `--guard` names a second dev set (the project's
fixture dev) and its two runs: a point is admissible only if no figure there moves more than 3
points the wrong way from the rules alone, the issue's bar for the project's own sets. `--write` stores it in
models/reader/thresholds.json as `veto`, `rescue` and `agree`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from eval.score import abstention_recall, answer_accuracy, false_refusal_rate, overall_correctness
from rag.checked import FIRM, NEVER
from rag.reader import MODEL_DIR
from rag.understand import understand

Record = Mapping[str, Any]
REFUSED: Record = {"answerable": False, "answer": "", "citations": [], "claims": []}
# 0.0 .. 0.9, finer below 0.1: the reader's P(answers) for the passages it doubts piles up near 0
VETOES = [step / 100 for step in range(10)] + [step / 20 for step in range(2, 19)]
RESCUES = [step / 20 for step in range(6, 21)] + [NEVER]  # 0.3 .. 1.0, and never
# The reader's own best below which it agrees to a veto: 0.05 .. 0.5, and always
AGREES = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, NEVER]
MAX_FALSE_REFUSALS = 0.07  # the bar, as for the reader's own threshold
MAX_LOSS = 0.03  # how far a guard set's figure may move the wrong way from the rules alone


@cache
def _one_part(question: str) -> bool:
    """Whether the question asks one thing (CheckedRead keeps the rules' answer to several parts)."""
    return len(understand(question, None, 100_000).parts) == 1


def decided(question: Record, ruled: Record, modeled: Record, veto: float, rescue: float,
            agree: float = NEVER) -> Record:
    """The record CheckedRead would give, from the rules' record (with the reader's score of their
    passage) and the reader's own record."""
    if ruled.get("answerable"):
        kept = ruled.get("premise") or not _one_part(str(question["question"]))
        if kept or (ruled.get("answer_score") or 0.0) >= veto:
            return ruled
        return REFUSED if (modeled.get("answer_score") or 0.0) < agree else ruled
    if ruled.get("refused_by") in FIRM:
        return ruled
    if modeled.get("answerable") and (modeled.get("answer_score") or 0.0) >= rescue:
        return modeled
    return ruled


def figures(questions: Sequence[Record], records: Sequence[Record]) -> dict[str, float]:
    """The four figures the choice weighs, as eval/score.py counts them."""
    pairs = list(zip(questions, records))
    rates = {"overall": overall_correctness(pairs), "accuracy": answer_accuracy(pairs),
             "abstention": abstention_recall(pairs), "false_refusals": false_refusal_rate(pairs)}
    return {name: rate.value or 0.0 for name, rate in rates.items()}


def replay(questions: Sequence[Record], ruled: Mapping[str, Record], modeled: Mapping[str, Record],
           veto: float, rescue: float, agree: float) -> dict[str, float]:
    """The figures CheckedRead would reach at one point."""
    return figures(questions, [decided(q, ruled[q["id"]], modeled[q["id"]], veto, rescue, agree) for q in questions])


def sweep(questions: Sequence[Record], ruled: Mapping[str, Record], modeled: Mapping[str, Record]) -> list[dict]:
    return [{"veto": veto, "rescue": rescue, "agree": agree,
             **replay(questions, ruled, modeled, veto, rescue, agree)}
            for veto in VETOES for rescue in RESCUES for agree in (AGREES if veto > 0 else [NEVER])]


def guarded(points: Sequence[dict], questions: Sequence[Record], ruled: Mapping[str, Record],
            modeled: Mapping[str, Record]) -> list[dict]:
    """The points under which no figure of a guard set moves more than MAX_LOSS the wrong way
    from the rules alone (false refusals up, the others down)."""
    def at(p: dict) -> dict[str, float]:
        return replay(questions, ruled, modeled, p["veto"], p["rescue"], p["agree"])

    base = at(rules_alone(points))
    kept = []
    for p in points:
        got = at(p)
        if all(got[k] >= base[k] - MAX_LOSS for k in ("overall", "accuracy", "abstention")) \
                and got["false_refusals"] <= base["false_refusals"] + MAX_LOSS:
            kept.append(p)
    return kept


def rules_alone(points: Sequence[dict]) -> dict:
    """The point that keeps every decision of the rules: veto 0, no rescue."""
    return next(p for p in points if p["veto"] == 0.0 and p["rescue"] > 1.0)


def choose(points: Sequence[dict], max_false_refusals: float = MAX_FALSE_REFUSALS) -> dict:
    """The best overall correctness among the points within the false-refusal bar (as for the
    reader's own threshold, training/reader.py); where the rules alone already refuse more than
    the bar, a point may refuse as many as they do, no more."""
    bar = max(max_false_refusals, rules_alone(points)["false_refusals"])
    within = [p for p in points if p["false_refusals"] <= bar]
    return max(within, key=lambda p: (p["overall"], -p["veto"], p["rescue"], -p["agree"]))


def _records(run: Path) -> dict[str, Record]:
    lines = (run / "results.jsonl").read_text(encoding="utf-8").splitlines()
    return {str(r["id"]): r for r in map(json.loads, lines)}


def _run_pair(questions_file: Path, checked: Path, model: Path) -> tuple[list[Record], dict, dict]:
    """A question file's questions that both runs answered, and the two runs' records."""
    ruled, modeled = _records(checked), _records(model)
    lines = questions_file.read_text(encoding="utf-8").splitlines()
    questions = [q for q in map(json.loads, filter(str.strip, lines))
                 if str(q["id"]) in ruled and str(q["id"]) in modeled]
    return questions, ruled, modeled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", required=True, type=Path)
    parser.add_argument("--checked", required=True, type=Path)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--guard", nargs=3, type=Path, metavar=("QUESTIONS", "CHECKED", "MODEL"), action="append",
                        default=[], help="another dev set whose figures may not fall more than 3 points from "
                                         "the rules' (repeatable)")
    parser.add_argument("--write", action="store_true", help="store the chosen point in models/reader/thresholds.json")
    args = parser.parse_args()
    points = sweep(*_run_pair(args.questions, args.checked, args.model))
    admitted = points
    for guard in args.guard:  # the rules alone are always admitted
        admitted = guarded(admitted, *_run_pair(*guard))
    chosen = choose(admitted)
    for name, p in (("rules alone", rules_alone(points)), ("chosen", chosen)):
        print(f"{name}: veto {p['veto']:.2f} rescue {p['rescue']:.2f} agree {p['agree']:.2f} "
              f"overall {p['overall']:.3f} accuracy {p['accuracy']:.3f} abstention {p['abstention']:.3f} "
              f"false refusals {p['false_refusals']:.3f}")
    if args.write:
        path = MODEL_DIR / "thresholds.json"
        stored = json.loads(path.read_text(encoding="utf-8"))
        stored.update({"veto": chosen["veto"], "rescue": chosen["rescue"], "agree": chosen["agree"],
                       "checked_on": str(args.questions), "guarded_by": [str(g[0]) for g in args.guard],
                       "checked_point": chosen})
        path.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
