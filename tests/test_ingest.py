"""Ingest into Chroma: verbatim offsets, idempotence, replacement without orphans, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from llama_index.core import VectorStoreIndex

from conftest import FIXTURES, SEEDS
from core.errors import IndexNotBuilt
from core.settings import Settings
from index.document import parse_document
from index.embed import encode_texts, load_embedder
from index.ingest import ingest
from index.store import Store, sentence_node


def _settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index")


def _ingested_story(tmp_path: Path) -> tuple[Settings, Path, Path]:
    """The second article, copied into a folder of its own and ingested: (settings, folder, file)."""
    settings = _settings(tmp_path)
    folder = tmp_path / "docs"
    folder.mkdir()
    article = folder / "story.txt"
    shutil.copy(FIXTURES / "second_article" / "article.txt", article)
    ingest([folder], settings, progress=False)
    return settings, folder, article


def test_ingest_twice_writes_nothing_the_second_time(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    first = ingest([SEEDS], settings, progress=False)
    count = Store(settings).count()
    second = ingest([SEEDS], settings, progress=False)
    assert first.written == 1 and first.chunks == count > 40
    assert second.written == 0 and second.unchanged == 1
    assert "unchanged" in second.summary()
    assert Store(settings).count() == count


def test_every_stored_sentence_is_verbatim(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    ingest([SEEDS, FIXTURES / "pages"], settings, progress=False)
    nodes = Store(settings).all_nodes()
    assert len({n.metadata["doc_id"] for n in nodes}) == 3
    for node in nodes:
        with open(node.metadata["source"], encoding="utf-8") as handle:
            text = handle.read()
        assert text[node.metadata["start"]:node.metadata["end"]] == node.get_content()
        assert node.metadata["label"] in {"asserted", "reported"}


def test_changed_document_replaces_its_chunks(tmp_path: Path) -> None:
    settings, folder, article = _ingested_story(tmp_path)
    before = {n.node_id for n in Store(settings).all_nodes()}
    text = article.read_text(encoding="utf-8")
    cut = text.index("She resigned")
    article.write_text(text[:cut] + "A new paragraph was added here by an editor to change the story. " + text[cut:],
                       encoding="utf-8")
    report = ingest([folder], settings, progress=False)
    nodes = Store(settings).all_nodes()
    assert report.written == 1
    assert len(nodes) == report.chunks
    assert any("added here by an editor" in n.get_content() for n in nodes)
    assert before - {n.node_id for n in nodes}, "ids are content hashes: shifted sentences get new ids"
    article.unlink()
    report = ingest([folder], settings, progress=False)
    assert report.removed == ["story"] and Store(settings).count() == 0


def test_unsupported_and_bad_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    latin1 = "Caf\xe9 society, said the mayor, is back in town again today."
    (folder / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    shutil.copy(FIXTURES / "pages" / "blog_post.md", folder / "post.md")
    report = ingest([folder], _settings(tmp_path), progress=False)
    reasons = "\n".join(report.refused)
    assert report.documents == 1
    assert "notes.pdf: only .txt, .md and .html" in reasons
    assert "empty.txt: the document is empty" in reasons
    assert "latin1.txt: is not UTF-8" in reasons
    assert "binary.txt: looks like a binary file" in reasons


def test_rows_a_killed_ingest_left_are_removed_by_the_next(tmp_path: Path) -> None:
    """Replay what a kill leaves: new-version rows written, manifest not yet committed."""
    settings, folder, article = _ingested_story(tmp_path)
    store = Store(settings)
    committed = store.count()
    article.write_text(article.read_text(encoding="utf-8").replace("She resigned", "She quit"), encoding="utf-8")
    changed = parse_document(article)
    store.mark_pending([changed.doc_id])
    nodes = [sentence_node(s, changed) for s in changed.sentences]
    for node, vector in zip(nodes, encode_texts([n.get_content() for n in nodes])):
        node.embedding = vector.tolist()
    store._write(nodes)  # the kill lands here, before the commit
    assert store.count() > committed
    assert {n.metadata["version"] for n in store.all_nodes()} == {store.manifest()["story"].sha256}

    assert store.recover() > 0
    assert store.count() == committed and store.recover() == 0
    report = ingest([folder], settings, progress=False)
    assert report.written == 1 and Store(settings).count() == report.chunks


def test_an_index_from_an_older_version_asks_for_ingest_and_ingest_updates_it(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    ingest([SEEDS], settings, progress=False)
    store = Store(settings)
    doc_id, entry = next(iter(store.manifest().items()))
    store.documents.update(ids=[doc_id], metadatas=[{"format": entry.format - 1}])
    with pytest.raises(IndexNotBuilt, match="rag ingest"):
        Store(settings).all_nodes()
    assert ingest([SEEDS], settings, progress=False).written == 1
    assert len(Store(settings).all_nodes()) == entry.chunks


def test_llama_index_reads_the_stored_rows_as_the_same_nodes(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    ingest([SEEDS], settings, progress=False)
    store = Store(settings)
    ours = {node.node_id: node for node in store.all_nodes()}
    retriever = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=load_embedder()).as_retriever(
        similarity_top_k=5)
    found = retriever.retrieve("Who runs the Wagner Group?")
    assert len(found) == 5
    for hit in found:
        mine = ours[hit.node.node_id]
        assert hit.node.get_content() == mine.get_content() != ""
        assert hit.node.metadata == mine.metadata
