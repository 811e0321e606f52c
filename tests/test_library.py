"""The Documents tab's handlers (ui/library.py) on a real index: what they list, add, remove and re-index,
the one-line refusals, and that every change drops the cached Chains and renews the example questions."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest
from articles import LIGHTHOUSE, MAX_BYTES

from conftest import SEED_ARTICLE, SEEDS
from core.settings import Settings
from index.collection import DocumentCollection, DocumentInfo
from index.ingest import ingest
from rag.chains import ChainCache
from ui.examples import EXAMPLE_SLOTS
from ui.library import HEADERS, LibraryHandlers, added_text, dropped_text, size_text


@pytest.fixture
def library(tmp_path: Path) -> LibraryHandlers:
    settings = Settings(index_dir=tmp_path / "index", backend="extractive", max_document_bytes=MAX_BYTES)
    ingest([SEEDS], settings, progress=False)
    return LibraryHandlers(DocumentCollection(settings), ChainCache(settings))


def upload_files(tmp_path: Path, files: dict[str, bytes]) -> list[str]:
    """The files as Gradio hands them over: paths in its upload cache, under the names the user gave them."""
    paths = []
    for name, data in files.items():
        folder = tmp_path / "gradio" / str(len(paths))
        folder.mkdir(parents=True)
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
    return paths


def test_an_upload_is_listed_reported_and_seen_by_the_next_answer(library: LibraryHandlers, tmp_path: Path) -> None:
    chains = library.chains
    chains.default()
    files = upload_files(tmp_path, {"Harbour Lights.txt": LIGHTHOUSE.encode(), "photo.png": b"\x89PNG\x00"})
    table, doc_ids, choice, status, *examples = library.upload(files)
    assert list(table.columns) == HEADERS and doc_ids == [SEED_ARTICLE.stem, "Harbour_Lights"]
    assert table.iloc[1].tolist()[:4] == ["Volunteers relight the Kessock Point lighthouse after forty years",
                                          "Harbour_Lights.txt", f"{len(LIGHTHOUSE.encode())} B", "4"]
    assert "Added Volunteers relight the Kessock Point lighthouse after forty years (Harbour_Lights.txt): 4 " \
           "sentences." in status
    assert '<li class="library-error">⚠ photo.png: only .txt, .md, .html and .pdf documents can be added</li>' in status
    assert choice["choices"][1] == ("Volunteers relight the Kessock Point lighthouse after forty years "
                                    "(Harbour_Lights.txt)", "Harbour_Lights") and choice["value"] is None
    assert len(examples) == EXAMPLE_SLOTS and examples[1]["value"] == "Who is Maren Dahl?"  # the newest first
    assert not chains.is_ready(chains.settings.backend, chains.settings.top_k)  # the next answer reads the index anew
    assert "Maren Dahl" in chains.default().answer("Who led the restoration of the lighthouse?").answer


def test_a_refused_upload_changes_nothing(library: LibraryHandlers, tmp_path: Path) -> None:
    chains = library.chains
    chains.default()
    before = library.show()
    _, doc_ids, _, status, *_ = library.upload(upload_files(tmp_path, {"empty.txt": b""}))
    assert doc_ids == before[1] and status.count("<li") == 1 and "empty.txt: the document is empty" in status
    assert chains.is_ready(chains.settings.backend, chains.settings.top_k)  # nothing changed: the Chain is kept


def test_remove_and_reindex_take_the_chosen_document(library: LibraryHandlers, tmp_path: Path) -> None:
    library.upload(upload_files(tmp_path, {"lighthouse.md": LIGHTHOUSE.encode()}))
    assert "Choose a document to remove first." in library.remove(None)[3]
    assert "⚠ No document &#x27;nope&#x27; in the index" in library.reindex("nope")[3]
    assert "Re-indexed" in library.reindex("lighthouse")[3]
    library.chains.default()
    _, doc_ids, _, status, *examples = library.remove("lighthouse")
    assert doc_ids == [SEED_ARTICLE.stem] and "Removed Volunteers relight" in status
    assert not any("Maren Dahl" in str(update.get("value")) for update in examples)
    assert not library.chains.is_ready(library.chains.settings.backend, library.chains.settings.top_k)


def test_a_row_click_chooses_its_document() -> None:
    event = gr.SelectData(None, {"index": [1, 3], "value": "58"})
    assert LibraryHandlers.pick(["a", "b"], event) == "b"
    assert LibraryHandlers.pick(["a"], event) == gr.skip()  # a row gone since the table was drawn: no change


def test_the_table_cells() -> None:
    assert [size_text(n) for n in (None, 812, 12_345, 3_400_000)] == ["—", "812 B", "12.3 kB", "3.4 MB"]
    assert added_text("2026-11-29T18:26:03+00:00") == "2026-11-29 18:26" and added_text(None) == "—"
    info = DocumentInfo(doc_id="a", title=None, file_name="a.txt", size_bytes=10, sentences=1, added=None,
                        dropped_chars=340, text_chars=2811, uploaded=False)
    assert dropped_text(info) == "12% (340 of 2,811 characters)"
    assert dropped_text(info.model_copy(update={"dropped_chars": None})) == "—"
