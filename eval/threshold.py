"""The learned reader's answerability threshold as a curve: abstention against false refusals.

Each answer record of the learned reader carries `answer_score`, the reader's P(answers) for its
best passage that gives the question's names and numbers; the read stage answers when it is at
or above the threshold. Replaying that decision at every threshold gives the curve, and the
point in use is marked (chosen on dev: `models/reader/thresholds.json`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.score import is_answerable, pair_up

Record = Mapping[str, Any]
STEPS = 50


def curve(questions: Sequence[Mapping[str, Any]], records: Sequence[Record]) -> list[dict[str, float]]:
    """(threshold, abstention, false refusals) at each threshold; [] when no record has a score."""
    pairs = [(is_answerable(q), r.get("answer_score")) for q, r in pair_up(questions, records)]
    if not any(score is not None for _, score in pairs):
        return []
    # A refusal before the reader read (an instruction, nothing retrieved) refuses at every threshold.
    answerable = [-1.0 if s is None else s for a, s in pairs if a is True]
    unanswerable = [-1.0 if s is None else s for a, s in pairs if a is False]
    points = []
    for step in range(STEPS + 1):
        t = step / STEPS
        points.append({
            "threshold": t,
            "abstention": sum(s < t for s in unanswerable) / len(unanswerable) if unanswerable else 0.0,
            "false_refusals": sum(s < t for s in answerable) / len(answerable) if answerable else 0.0,
        })
    return points


def at(points: Sequence[Mapping[str, float]], threshold: float) -> Mapping[str, float]:
    """The point of the curve nearest a threshold."""
    return min(points, key=lambda p: abs(p["threshold"] - threshold))


def plot(path: Path, points: Sequence[Mapping[str, float]], chosen: float) -> None:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.0, 4.5), layout="constrained")
    axes = figure.subplots()
    axes.plot([p["false_refusals"] for p in points], [p["abstention"] for p in points], marker=".")
    for p in points[::5]:
        axes.annotate(f"{p['threshold']:.2f}", (p["false_refusals"], p["abstention"]), fontsize=7)
    mark = at(points, chosen)
    axes.scatter([mark["false_refusals"]], [mark["abstention"]], color="red", zorder=3,
                 label=f"in use: {chosen:.2f} (chosen on dev)")
    axes.set_xlabel("false refusals (answerable questions refused)")
    axes.set_ylabel("abstention (unanswerable questions refused)")
    axes.set_title("The reader's answerability threshold")
    axes.legend(loc="lower right")
    figure.savefig(path, dpi=110)
