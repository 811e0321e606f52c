"""What a person reads after `rag eval`: the summary table, report.md and its plots.

`systems` maps a column name ("ours", "peer") to the output of eval.score.score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval import threshold
from eval.metrics import DEFINITIONS, LATENCY_METRICS, RATE_METRICS, timings
from eval.score import Record, is_correct, pair_up

Scores = Mapping[str, Any]
ACCURACY_PLOT = "accuracy_by_type.png"
LATENCY_PLOT = "latency.png"
THRESHOLD_PLOT = "threshold_curve.png"


def format_metric(entry: Mapping[str, Any] | None) -> str:
    """"85.3% (29/34)" for a rate, "412 ms" for a latency, "n/a" when nothing was scored."""
    if entry is None or entry["value"] is None:
        return "n/a"
    if entry.get("unit") == "f1":
        return f"{entry['value']:.3f} ({entry['total']} scored)"
    if entry["hits"] is None:
        value = entry["value"]
        return f"{value:,.1f} ms" if value < 10 else f"{value:,.0f} ms"
    return f"{entry['value']:.1%} ({entry['hits']}/{entry['total']})"


def metric_rows(systems: Mapping[str, Scores]) -> list[list[str]]:
    """[metric, value per system...] for every metric, in report order."""
    return [
        [name] + [format_metric(scores["metrics"].get(name)) for scores in systems.values()]
        for name in RATE_METRICS + LATENCY_METRICS
    ]


def type_rows(systems: Mapping[str, Scores], field: str = "accuracy_by_type") -> list[list[str]]:
    types = list(dict.fromkeys(t for scores in systems.values() for t in scores.get(field, {})))
    return [[t] + [format_metric(scores.get(field, {}).get(t)) for scores in systems.values()] for t in types]


def summary_table(systems: Mapping[str, Scores]) -> str:
    """Plain-text table for the terminal: one row per metric, one column per system."""
    rows = [["metric", *systems]] + metric_rows(systems) + [["", *([""] * len(systems))]]
    rows += [[f"accuracy: {row[0]}", *row[1:]] for row in type_rows(systems)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def plot_accuracy_by_type(path: Path, systems: Mapping[str, Scores]) -> None:
    """Grouped bars: share correct per question type, one bar per system."""
    from matplotlib.figure import Figure

    types = list(dict.fromkeys(t for scores in systems.values() for t in scores["accuracy_by_type"]))
    figure = Figure(figsize=(max(6.0, 1.1 * len(types) + 2), 4.0), layout="constrained")
    axes = figure.subplots()
    width = 0.8 / max(1, len(systems))
    for n, (name, scores) in enumerate(systems.items()):
        entries = [scores["accuracy_by_type"].get(t) for t in types]
        rates = [(e["value"] or 0.0) if e else 0.0 for e in entries]
        xs = [i + (n - (len(systems) - 1) / 2) * width for i in range(len(types))]
        bars = axes.bar(xs, rates, width=width, label=name)
        axes.bar_label(bars, labels=[f"{e['hits']}/{e['total']}" if e else "" for e in entries], fontsize=8)
    axes.set_xticks(range(len(types)), types, rotation=30, ha="right")
    axes.set_ylim(0, 1.08)
    axes.set_ylabel("share correct")
    axes.set_title("Accuracy per question type (refusal for unanswerable types)")
    if types:
        axes.legend()
    figure.savefig(path, dpi=110)


def plot_latency(path: Path, records: Mapping[str, Sequence[Record]]) -> None:
    """Histogram of timings_ms.total per system, log-scaled when the spread is wide."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(7.0, 4.0), layout="constrained")
    axes = figure.subplots()
    series = {name: timings(recs, "total") for name, recs in records.items()}
    values = [v for vs in series.values() for v in vs if v > 0]
    if values:
        low, high = min(values), max(values)
        wide = high / low > 20
        bins: Any = ([low * (high / low) ** (i / 30) for i in range(31)] if wide else 30)
        for name, vs in series.items():
            axes.hist(vs, bins=bins, alpha=0.6, label=f"{name} (n={len(vs)})")
        if wide:
            axes.set_xscale("log")
        axes.legend()
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("total time per answer (ms)")
    axes.set_ylabel("questions")
    axes.set_title("Latency distribution")
    figure.savefig(path, dpi=110)


def write_plots(out: Path, systems: Mapping[str, Scores], records: Mapping[str, Sequence[Record]],
                curve: Sequence[Mapping[str, float]] = (), chosen: float | None = None) -> list[Path]:
    """The plots of report.md; the reader's threshold curve where the answers carry its score."""
    plots = [out / ACCURACY_PLOT, out / LATENCY_PLOT]
    plot_accuracy_by_type(plots[0], systems)
    plot_latency(plots[1], records)
    if curve and chosen is not None:
        plots.append(out / THRESHOLD_PLOT)
        threshold.plot(plots[-1], curve, chosen)
    return plots


def misses(questions: Sequence[Mapping[str, Any]], records: Sequence[Record], limit: int = 40) -> list[str]:
    """One line per question answered wrongly (or wrongly refused/answered), for whoever tunes the chain."""
    lines = []
    for question, record in pair_up(questions, records):
        if is_correct(question, record) is False:
            answer = " ".join(str(record.get("answer") or "").split())
            answer = answer if len(answer) <= 140 else answer[:137] + "..."
            lines.append(f"- `{question['id']}` ({question.get('type', 'untyped')}) {question['question']} "
                         f"→ {answer}")
    return lines[:limit] + ([f"- ... and {len(lines) - limit} more"] if len(lines) > limit else [])


def write_report(path: Path, meta: Mapping[str, Any], systems: Mapping[str, Scores], plots: Sequence[Path],
                 questions: Sequence[Mapping[str, Any]], records: Sequence[Record]) -> None:
    """report.md: what was run, the metric table with definitions, per-type accuracy, plots, misses."""
    names = list(systems)
    rows = [row + [DEFINITIONS[row[0]]] for row in metric_rows(systems)]
    parts = [
        "# Eval report",
        "",
        f"- questions: `{meta['questions_file']}` ({meta['questions']} asked)",
        f"- documents: {', '.join(f'`{d}`' for d in meta['docs'])}",
        *[f"- {name}: `{backend}`" for name, backend in meta["backends"].items()],
        "",
        "## Metrics",
        "",
        _markdown_table(["metric", *names, "definition"], rows),
        "",
        "Rates show hits/scored; a question without the gold field a metric needs is not scored by it.",
        "",
        "## Accuracy per question type",
        "",
        DEFINITIONS["accuracy_by_type"],
        "",
        _markdown_table(["type", *names], type_rows(systems)),
        "",
        "Per kind: `literal` and `paraphrase` answerable questions (accuracy), and the near misses "
        "(abstention) where the question file gives a `kind`.",
        "",
        _markdown_table(["kind", *names], type_rows(systems, "accuracy_by_kind")),
        "",
        *[f"![{p.stem.replace('_', ' ')}]({p.name})" for p in plots],
        "",
    ]
    if "peer" in systems:
        parts += [
            "## About the peer",
            "",
            ("The peer is llama-index's stock CitationQueryEngine (top 3 chunks of the default splitter, "
             "re-split into 512-token citation chunks). It does not flag attribution, so every claim is "
             "'supported' and its reported-flag recall and false-flag rate are 0 wherever scored; it refuses only "
             "with an empty response; it ignores conversation history; its citations are whole chunks, "
             "so its k is larger than ours."),
            "",
        ]
    miss_lines = misses(questions, records)
    parts += ["## Misses (ours)", "", *(miss_lines or ["None."]), ""]
    path.write_text("\n".join(parts), encoding="utf-8")
