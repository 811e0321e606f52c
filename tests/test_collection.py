"""The document collection (index/collection.py) on a real Chroma index with MiniLM: add, list,
remove, re-index, PDFs, refusals that change nothing, and manifests written by an older rag."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from articles import BAD_FILES, BAKERY, HTML_WITH_CHROME, LIGHTHOUSE, MAX_BYTES, MILL_PAGES, make_pdf

from conftest import SEED_ARTICLE, SEEDS
from core.errors import BadDocument, DocumentExists, DocumentNotFound, UnsupportedDocumentType
from core.settings import Settings
from index.collection import DocumentCollection, upload_name
from index.document import parse_document
from index.ingest import ingest
from index.store import Store


def snapshot(collection: DocumentCollection) -> tuple[object, ...]:
    """Everything a refused file must leave as it was: the manifest, the stored rows, the uploads folder."""
    uploads = sorted(p.name for p in collection.uploads.iterdir()) if collection.uploads.exists() else []
    return collection.store.manifest(), collection.store.count(), uploads


@pytest.fixture
def collection(tmp_path: Path) -> DocumentCollection:
    return DocumentCollection(Settings(index_dir=tmp_path / "index", max_document_bytes=MAX_BYTES))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> DocumentCollection:
    """A collection holding the seed article and one upload, shared by the refusal tests (which change nothing)."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("seeded") / "index", max_document_bytes=MAX_BYTES)
    ingest([SEEDS], settings, progress=False)
    collection = DocumentCollection(settings)
    collection.add("lighthouse.txt", LIGHTHOUSE.encode())
    return collection


def test_an_added_file_is_copied_listed_and_removed_with_its_copy(collection: DocumentCollection,
                                                                 tmp_path: Path) -> None:
    original = tmp_path / "Harbour Lights.txt"
    original.write_text(LIGHTHOUSE, encoding="utf-8")
    before = datetime.now(UTC) - timedelta(seconds=1)
    info = collection.add_file(original)
    document = parse_document(original)
    copy = collection.uploads / "Harbour_Lights.txt"
    assert copy.read_bytes() == original.read_bytes()
    assert (info.doc_id, info.file_name, info.uploaded) == ("Harbour_Lights", "Harbour_Lights.txt", True)
    assert info.size_bytes == original.stat().st_size
    assert info.sentences == len(document.sentences) == collection.store.count()
    assert (info.dropped_chars, info.text_chars) == (document.dropped_chars, document.text_chars)
    assert info.title == "Volunteers relight the Kessock Point lighthouse after forty years"
    assert info.added is not None and before <= datetime.fromisoformat(info.added) <= datetime.now(UTC)
    assert collection.documents() == [info]
    assert collection.store.manifest()["Harbour_Lights"].source == str(copy.resolve())

    assert collection.remove("Harbour_Lights") == info
    assert collection.documents() == [] and collection.store.count() == 0
    assert not copy.exists()
    assert original.exists()  # the user's own file is never touched


def test_an_html_upload_counts_what_the_cleaner_dropped(collection: DocumentCollection) -> None:
    info = collection.add("ferry.html", HTML_WITH_CHROME.encode())
    assert info.dropped_chars is not None and info.text_chars is not None
    assert 0 < info.dropped_chars < info.text_chars
    nodes = collection.store.all_nodes()
    assert any("Ines Calloway" in node.get_content() for node in nodes)
    assert not any("All rights reserved" in node.get_content() for node in nodes)


@pytest.mark.parametrize(("name", "data", "kind", "words"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_a_bad_file_is_refused_in_one_line_and_nothing_changes(
    seeded: DocumentCollection, name: str, data: bytes, kind: str, words: str
) -> None:
    before = snapshot(seeded)
    with pytest.raises(BadDocument) as refused:
        seeded.add(name, data)
    assert type(refused.value).__name__ == kind
    message = str(refused.value)
    assert message.startswith(f"{name}: ") and words in message and "\n" not in message
    assert snapshot(seeded) == before


def test_a_name_already_indexed_is_refused(seeded: DocumentCollection) -> None:
    before = snapshot(seeded)
    with pytest.raises(DocumentExists, match=r"lighthouse.md: a document with id 'lighthouse' is already indexed"):
        seeded.add("lighthouse.md", BAKERY.encode())
    with pytest.raises(DocumentExists, match=f"from {SEED_ARTICLE.name}"):  # an ingested seed counts too
        seeded.add(f"{SEED_ARTICLE.stem}.txt", BAKERY.encode())
    assert snapshot(seeded) == before
    assert (seeded.uploads / "lighthouse.txt").read_text(encoding="utf-8") == LIGHTHOUSE


def test_a_pdf_is_indexed_from_the_text_beside_it(collection: DocumentCollection) -> None:
    info = collection.add("mill.pdf", make_pdf(MILL_PAGES))
    pdf, text = collection.uploads / "mill.pdf", collection.uploads / "mill.txt"
    assert (info.doc_id, info.file_name) == ("mill", "mill.pdf")
    assert pdf.exists()
    assert text.read_text(encoding="utf-8") == "\n".join(MILL_PAGES[0]) + "\n\n" + MILL_PAGES[1][0] + "\n"
    source = text.read_text(encoding="utf-8")
    for node in collection.store.all_nodes():  # citations quote the .txt verbatim
        assert source[node.metadata["start"]:node.metadata["end"]] == node.get_content()
    assert info.size_bytes == text.stat().st_size
    collection.remove("mill")
    assert not pdf.exists() and not text.exists()


def test_reindex_reads_the_file_again_and_keeps_when_it_was_added(collection: DocumentCollection) -> None:
    first = collection.add("bakery.md", BAKERY.encode())
    copy = collection.uploads / "bakery.md"
    copy.write_text(BAKERY + "\nHe said the prize money of 500 pounds will pay for a second oven in the spring.\n",
                    encoding="utf-8")
    again = collection.reindex("bakery")
    assert again.sentences == first.sentences + 1 == collection.store.count()
    assert again.added == first.added and again.size_bytes == copy.stat().st_size
    copy.unlink()
    with pytest.raises(BadDocument, match="cannot read the file"):
        collection.reindex("bakery")
    assert collection.documents() == [again]  # a failed re-index keeps the document as it was
    with pytest.raises(DocumentNotFound, match="No document 'nope'"):
        collection.remove("nope")


def test_ingest_records_size_and_when_added_and_keeps_it_on_a_rewrite(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text(LIGHTHOUSE, encoding="utf-8")
    settings = Settings(index_dir=tmp_path / "index")
    ingest([folder], settings, progress=False)
    entry = Store(settings).manifest()["story"]
    assert entry.size == story.stat().st_size and entry.added is not None and entry.origin is None
    story.write_text(LIGHTHOUSE + "\nThe tower is open to visitors on Sundays.\n", encoding="utf-8")
    ingest([folder], settings, progress=False)
    rewritten = Store(settings).manifest()["story"]
    assert rewritten.added == entry.added and rewritten.size == story.stat().st_size != entry.size
    assert DocumentCollection(settings).documents()[0].uploaded is False


def test_a_manifest_from_an_older_rag_is_still_listed(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index")
    ingest([SEEDS], settings, progress=False)
    store = Store(settings)
    entry = store.manifest()[SEED_ARTICLE.stem]
    old_row = {"source": entry.source, "sha256": entry.sha256, "title": entry.title or "", "chunks": entry.chunks,
               "format": entry.format}  # the fields rag wrote before this collection existed
    store.documents.delete(ids=[entry.doc_id])  # Chroma merges updated metadata, so the row is written anew
    store.documents.add(ids=[entry.doc_id], embeddings=[[0.0]], documents=[entry.source], metadatas=[old_row])
    [info] = DocumentCollection(settings).documents()
    assert (info.doc_id, info.sentences, info.file_name) == (entry.doc_id, entry.chunks, SEED_ARTICLE.name)
    assert (info.size_bytes, info.added, info.dropped_chars, info.text_chars) == (None, None, None, None)
    assert len(store.all_nodes()) == entry.chunks  # answers still read it


@pytest.mark.parametrize(("given", "stored"), [
    ("story.txt", "story.txt"), ("../../etc/My Story.TXT", "My_Story.txt"), ("C:\\Users\\me\\a b.Html", "a_b.html"),
    ("~pending.md", "pending.md"), ("report.v2.pdf", "report.v2.pdf"),
])
def test_upload_names_are_safe(given: str, stored: str) -> None:
    assert upload_name(given) == stored


def test_an_unsafe_name_is_refused_in_one_line() -> None:
    with pytest.raises(UnsupportedDocumentType) as refused:
        upload_name("evil\nname.exe")
    assert "\n" not in str(refused.value) and "evil?name.exe" in str(refused.value)
    with pytest.raises(BadDocument, match="needs a name"):
        upload_name("...txt")

