"""A document of one real paragraph is never refused as page chrome, and ingest says what the
cleaner dropped. The 200 paragraphs were written for this test: encyclopedia-style, with
"[citation needed]", a colon before a missing list, reference marks on every sentence, no
final full stop, and words that page chrome is made of."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES
from core.settings import load_settings
from index.document import parse_document
from index.ingest import Cleaned, ingest

PARAGRAPHS = [json.loads(line) for part in sorted((FIXTURES / "paragraphs").glob("*.jsonl"))
              for line in part.read_text(encoding="utf-8").splitlines()]
WRAPS = {".txt": "{}\n", ".md": "{}\n", ".html": "<html><body><p>{}</p></body></html>\n"}


def test_the_fixture_has_every_shape() -> None:
    shapes = {p["shape"] for p in PARAGRAPHS}
    assert len(PARAGRAPHS) == 200
    assert {"citation_needed", "colon_list", "bracket_refs", "no_final_period", "tricky_words"} <= shapes


@pytest.mark.parametrize("suffix", WRAPS)
def test_no_paragraph_is_refused_and_its_text_is_kept(tmp_path: Path, suffix: str) -> None:
    short = []
    for paragraph in PARAGRAPHS:
        path = tmp_path / f"{paragraph['id']}{suffix}"
        path.write_text(WRAPS[suffix].format(paragraph["text"]), encoding="utf-8")
        document = parse_document(path)  # raises BadDocument if refused
        kept = sum(len(s.text) for s in document.sentences)
        if kept < 0.95 * len(paragraph["text"]):
            short.append((paragraph["id"], kept, len(paragraph["text"])))
    assert not short, f"paragraphs that lost text: {short[:5]}"


def test_a_paragraph_with_reference_marks_is_body_between_chrome(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    text = next(p["text"] for p in PARAGRAPHS if p["shape"] == "bracket_refs")
    page.write_text(f"Home\nNews\nSport\n\n{text}\n\nShare this page\nRelated topics\n", encoding="utf-8")
    document = parse_document(page)
    assert " ".join(s.text for s in document.sentences) in text
    assert {b.text for b in document.blocks if b.kind == "chrome"} == {"Home", "News", "Sport", "Share this page",
                                                                        "Related topics"}


def test_ingest_reports_dropped_text_and_warns_when_most_is_lost(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "clean.txt").write_text(PARAGRAPHS[0]["text"] + "\n", encoding="utf-8")
    menu = "\n".join(f"Menu item number {i}" for i in range(40))
    (docs / "mostly_menu.txt").write_text(f"{menu}\n\n{PARAGRAPHS[1]['text']}\n\n{menu}\n", encoding="utf-8")
    report = ingest([docs], load_settings(index_dir=tmp_path / "index", chroma_url=""), progress=False)
    assert report.documents == 2
    assert [Path(c.source).name for c in report.cleaned] == ["mostly_menu.txt"]
    [cleaned] = report.cleaned
    assert cleaned.mostly_dropped and cleaned.line().startswith("warning: ")
    assert not Cleaned("x.txt", 10, 1000).mostly_dropped
    assert "dropped 10 of 1,000 characters" in Cleaned("x.txt", 10, 1000).line()
