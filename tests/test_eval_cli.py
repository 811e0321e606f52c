"""`rag eval` end to end on the seed article with the extractive backend, and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser
from eval.run import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

BARE_QUESTIONS = [
    {"id": "b1", "question": "Who runs the Wagner Group?"},
    {"id": "b2", "question": "What is the name of Medvedev's mother?"},
    {"id": 3, "question": "How old is he?", "history": [
        {"role": "user", "content": "Who is Andrey Medvedev?"},
        {"role": "assistant", "content": "A former Wagner commander."},
    ], "unknown_field": "ignored"},
]


def eval_args(questions: Path, out: Path) -> object:
    return build_parser().parse_args(
        ["eval", "--questions", str(questions), "--out", str(out), "--backend", "extractive", "--docs", str(SEEDS)]
    )


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_answers_and_times_questions_without_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = write_lines(tmp_path / "bare.jsonl", [json.dumps(q) for q in BARE_QUESTIONS])
    out = tmp_path / "out"

    assert main(eval_args(questions, out)) == 0

    results = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["b1", "b2", "3"]
    assert all(r["timings_ms"]["total"] > 0 for r in results)
    assert all(r["backend"] == "extractive" for r in results)
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["questions"] == 3
    assert metrics["ours"]["metrics"]["answer_accuracy"] == {"value": None, "hits": 0, "total": 0}
    assert metrics["ours"]["metrics"]["latency_p50_ms"]["total"] == 3
    report = (out / "report.md").read_text(encoding="utf-8")
    plots = sorted(out.glob("*.png"))
    assert plots
    for plot in plots:
        assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"]({plot.name})" in report
    printed = capsys.readouterr().out
    assert "latency_p50_ms" in printed and "answer_accuracy" in printed


@pytest.mark.parametrize(("lines", "message"), [
    (['{"id": "a", "question": "Who runs Wagner?"}', '{"id": "b", "question": '], ":2: not valid JSON"),
    (['{"id": "a", "question": "Who runs Wagner?"}', '{"question": "no id"}'], ':2: a question needs both "id"'),
    (['{"id": "a", "question": "   "}'], ":1: The question is empty"),
    (['{"id": "a", "question": "One?"}', '{"id": "a", "question": "Two?"}'], ":2: id 'a' is also on line 1"),
])
def test_bad_question_file_returns_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   lines: list[str], message: str) -> None:
    questions = write_lines(tmp_path / "bad.jsonl", lines)

    assert main(eval_args(questions, tmp_path / "out")) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "out" / "results.jsonl").exists()


def test_missing_question_file_returns_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(eval_args(tmp_path / "nowhere.jsonl", tmp_path / "out")) == 2
    assert capsys.readouterr().err == f"rag eval: {tmp_path / 'nowhere.jsonl'}: no such question file\n"


def test_rag_eval_command_reports_a_bad_json_line_without_traceback(tmp_path: Path) -> None:
    questions = write_lines(tmp_path / "bad.jsonl", ['{"id": "a", "question": "Who runs Wagner?"}', "{not json"])
    rag = Path(sys.executable).parent / "rag"

    done = subprocess.run([str(rag), "eval", "--questions", str(questions), "--out", str(tmp_path / "out")],
                          check=False, capture_output=True, text=True, timeout=60)

    assert done.returncode == 2
    assert done.stderr.startswith(f"rag eval: {questions}:2: not valid JSON")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
