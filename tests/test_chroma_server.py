"""The index on a real Chroma server (`chroma run` on loopback) instead of a local directory."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import SEED_ARTICLE, free_port
from core.settings import Settings, load_settings
from index.ingest import ingest
from index.store import Store
from rag.chain import Chain

pytestmark = pytest.mark.slow
CHROMA = Path(sys.executable).with_name("chroma")  # the CLI installed with chromadb in this venv
STARTUP_SECONDS = 30


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    """A Chroma server persisting to a temp dir, up once its heartbeat answers; stopped afterwards."""
    port = free_port()
    log = tmp_path / "chroma.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma run did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def server_settings(chroma_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings that point at the server through RAG_CHROMA_URL, as a user would set it."""
    monkeypatch.setenv("RAG_CHROMA_URL", chroma_url)
    settings = load_settings(backend="extractive")
    assert settings.chroma_url == chroma_url
    return settings


def test_ingest_into_a_server_is_idempotent(server_settings: Settings) -> None:
    first = ingest([SEED_ARTICLE], server_settings, progress=False)
    assert (first.written, first.unchanged, first.refused) == (1, 0, [])
    assert first.chunks > 0
    store = Store(server_settings)
    assert store.count() == first.chunks
    assert store.manifest()[SEED_ARTICLE.stem].source == str(SEED_ARTICLE.resolve())

    second = ingest([SEED_ARTICLE], server_settings, progress=False)
    assert (second.written, second.unchanged, second.removed) == (0, 1, [])
    assert "unchanged" in second.summary()
    assert Store(server_settings).count() == first.chunks
    assert not server_settings.index_dir.exists(), "nothing is written to the local index directory"


def test_chain_answers_from_a_server_with_verbatim_citations(server_settings: Settings) -> None:
    ingest([SEED_ARTICLE], server_settings, progress=False)
    record = Chain(server_settings, use_llm=False).answer("Who runs the Wagner Group?")
    assert record.answerable and "Prigozhin" in record.answer
    assert record.citations
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    for citation in record.citations:
        assert citation.doc_id == SEED_ARTICLE.stem
        assert citation.source == str(SEED_ARTICLE.resolve())
        assert article[citation.start:citation.end] == citation.quote
    assert any("Yevgeny Prigozhin" in citation.quote for citation in record.citations)
