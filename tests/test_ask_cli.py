"""`rag ask --doc DOC_ID`: the answer from one document; an id the index lacks is one line on stderr, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from articles import CAFE, LIGHTHOUSE, LIGHTHOUSE_QUESTION

from app.cli import main


@pytest.fixture
def indexed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, text in (("lighthouse", LIGHTHOUSE), ("cafe", CAFE)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    assert main(["docs", "add", str(tmp_path / "lighthouse.txt"), str(tmp_path / "cafe.txt")]) == 0
    capsys.readouterr()


def ask(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["ask", *argv, "--backend", "extractive"])
    out, err = capsys.readouterr()
    return status, out, err


def test_ask_doc_answers_from_that_document(indexed: None, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = ask(capsys, LIGHTHOUSE_QUESTION, "--json")
    assert status == 0 and {c["doc_id"] for c in json.loads(out)["citations"]} == {"lighthouse"}
    status, out, _ = ask(capsys, LIGHTHOUSE_QUESTION, "--doc", "cafe", "--json")
    record = json.loads(out)
    assert status == 0 and record["scope"] == "cafe"
    assert {c["doc_id"] for c in record["citations"]} == {"cafe"}


def test_ask_prints_resolved_dates_and_who_says_what(indexed: None, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = ask(capsys, "What is this article about?", "--doc", "cafe")
    assert status == 0
    assert "    last Friday → Fri 3 March 2023, from the article's date 7 March 2023" in out.splitlines()
    assert any(line.startswith("  Police say: Police say they have found no evidence") for line in out.splitlines())


def test_ask_with_an_unknown_doc_is_one_line(indexed: None, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = ask(capsys, LIGHTHOUSE_QUESTION, "--doc", "nope")
    assert status == 2 and out == ""
    assert err == "rag: No document 'nope' in the index; `rag docs list` shows the ids.\n"
