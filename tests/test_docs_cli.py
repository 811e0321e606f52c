"""`rag docs list | add PATH... | remove DOC_ID | reindex DOC_ID`: one line per document, one-line errors, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from articles import BAKERY, LIGHTHOUSE, MAX_BYTES

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    """(exit status, stdout lines, stderr lines) of `rag ARGV` in this process (the index of RAG_INDEX_DIR)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


@pytest.fixture
def articles(tmp_path: Path) -> tuple[Path, Path]:
    lighthouse, bakery = tmp_path / "lighthouse.txt", tmp_path / "bakery.md"
    lighthouse.write_text(LIGHTHOUSE, encoding="utf-8")
    bakery.write_text(BAKERY, encoding="utf-8")
    return lighthouse, bakery


def test_add_list_and_remove(capsys: pytest.CaptureFixture[str], articles: tuple[Path, Path]) -> None:
    lighthouse, bakery = articles
    status, out, err = run(capsys, "docs", "add", str(lighthouse), str(bakery))
    assert (status, err) == (0, [])
    assert [line.split()[:3] for line in out] == [["added", "lighthouse", "lighthouse.txt"],
                                                  ["added", "bakery", "bakery.md"]]
    status, out, _ = run(capsys, "docs", "list")
    assert status == 0 and [line.split()[0] for line in out] == ["bakery", "lighthouse"]
    line = out[1]
    assert f"{lighthouse.stat().st_size:,} bytes" in line and " sentences" in line and " UTC" in line
    assert "dropped " in line and "“Volunteers relight the Kessock Point lighthouse after forty years”" in line

    status, out, err = run(capsys, "docs", "remove", "lighthouse")
    assert (status, err) == (0, []) and out[0].startswith("removed lighthouse ")
    assert [line.split()[0] for line in run(capsys, "docs", "list")[1]] == ["bakery"]


def test_a_bad_file_is_one_line_on_stderr_and_exit_2_while_the_good_one_is_added(
    capsys: pytest.CaptureFixture[str], articles: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAG_MAX_DOCUMENT_BYTES", str(MAX_BYTES))
    picture, huge = tmp_path / "picture.png", tmp_path / "huge.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    huge.write_text("The council met to discuss the budget. " * 3000, encoding="utf-8")
    status, out, err = run(capsys, "docs", "add", str(picture), str(articles[0]), str(huge), str(tmp_path / "gone.txt"))
    assert status == 2
    assert err == ["rag: picture.png: only .txt, .md, .html and .pdf documents can be added",
                   "rag: huge.txt: 117,000 bytes is over the 100,000-byte limit (RAG_MAX_DOCUMENT_BYTES)",
                   f"rag: {tmp_path / 'gone.txt'}: no such file"]
    assert [line.split()[1] for line in out] == ["lighthouse"]
    status, out, err = run(capsys, "docs", "add", str(articles[0]))
    assert status == 2 and out == []
    assert err == ["rag: lighthouse.txt: a document with id 'lighthouse' is already indexed (from lighthouse.txt); "
                   "remove it first or rename the file"]
    assert [line.split()[0] for line in run(capsys, "docs", "list")[1]] == ["lighthouse"]


def test_removing_or_reindexing_an_unknown_id_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for action in ("remove", "reindex"):
        status, out, err = run(capsys, "docs", action, "nope")
        assert (status, out) == (2, [])
        assert err == ["rag: No document 'nope' in the index; `rag docs list` shows the ids."]


def test_reindex_reads_the_uploaded_copy_again(capsys: pytest.CaptureFixture[str], articles: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    run(capsys, "docs", "add", str(articles[1]))
    copy = tmp_path / "index" / "uploads" / "bakery.md"
    before = int(run(capsys, "docs", "list")[1][0].split()[4])  # "bakery bakery.md N bytes S sentences ..."
    copy.write_text(BAKERY + "\nHe said the prize money of 500 pounds will pay for a second oven in the spring.\n",
                    encoding="utf-8")
    status, out, _ = run(capsys, "docs", "reindex", "bakery")
    assert status == 0 and out[0].startswith("reindexed bakery ")
    assert int(out[0].split()[5]) == before + 1


def test_ingest_rebuild_keeps_the_uploaded_documents(articles: tuple[Path, Path], tmp_path: Path) -> None:
    # Each command in its own process, as a user runs them: a rebuild deletes the index under Chroma.
    env = {**os.environ, "RAG_INDEX_DIR": str(tmp_path / "index"), "HF_HUB_OFFLINE": "1"}

    def rag(*argv: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "app.cli", *argv], env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.splitlines()

    lighthouse, _ = articles
    rag("ingest", "--quiet")
    rag("docs", "add", str(lighthouse))
    before = [line.split()[:4] for line in rag("docs", "list")]
    rag("ingest", "--quiet", "--rebuild")
    assert [line.split()[:4] for line in rag("docs", "list")] == before
    assert "lighthouse" in [row[0] for row in before]
    assert (tmp_path / "index" / "uploads" / "lighthouse.txt").read_text(encoding="utf-8") == LIGHTHOUSE
