"""Reading a question file: JSONL lines with at least `id` and `question`; other fields are kept as given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.errors import RagError


class QuestionFileError(RagError):
    """The question file is missing, unreadable, or has a line that cannot be asked."""


def parse_line(line: str, where: str) -> dict[str, Any]:
    """One question from one JSONL line; `where` ("file:line") starts every error message."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise QuestionFileError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise QuestionFileError(f"{where}: each line must be a JSON object with \"id\" and \"question\"")
    if "id" not in item or "question" not in item:
        raise QuestionFileError(f"{where}: a question needs both \"id\" and \"question\"")
    qid = item["id"]
    if isinstance(qid, bool) or not isinstance(qid, str | int) or not str(qid).strip():
        raise QuestionFileError(f"{where}: \"id\" must be a non-empty string or a number")
    if not isinstance(item["question"], str):
        raise QuestionFileError(f"{where}: \"question\" must be text")
    history = item.get("history")
    if history is not None and not (
        isinstance(history, list)
        and all(isinstance(m, dict) and isinstance(m.get("role"), str) for m in history)
    ):
        raise QuestionFileError(f"{where}: \"history\" must be a list of {{\"role\", \"content\"}} messages")
    return {**item, "id": str(qid)}


def load_questions(path: Path, max_question_chars: int | None = None) -> list[dict[str, Any]]:
    """Every question of `path`, in file order; blank lines are skipped.

    With `max_question_chars`, each question is also checked as the chain would check it,
    so a bad question stops the run before any model loads.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise QuestionFileError(f"{path}: no such question file") from exc
    except UnicodeDecodeError as exc:
        raise QuestionFileError(f"{path}: is not UTF-8 text") from exc
    except OSError as exc:
        raise QuestionFileError(f"{path}: cannot read the question file ({exc.strerror})") from exc
    questions: list[dict[str, Any]] = []
    lines_by_id: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        question = parse_line(line, where)
        if question["id"] in lines_by_id:
            raise QuestionFileError(f"{where}: id {question['id']!r} is also on line {lines_by_id[question['id']]}")
        lines_by_id[question["id"]] = number
        questions.append(question)
    if not questions:
        raise QuestionFileError(f"{path}: the file has no questions")
    if max_question_chars is not None:
        # Imported here: rag.chain loads chromadb and torch, which a malformed file should not wait for.
        from rag.understand import clean_question

        for question in questions:
            try:
                clean_question(question["question"], max_question_chars)
            except RagError as exc:
                raise QuestionFileError(f"{path}:{lines_by_id[question['id']]}: {exc}") from exc
    return questions
