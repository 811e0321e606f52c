"""Every test gets its own index directory and no RAG_* variables from the caller."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from core.settings import ReaderKind

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_ARTICLE = SEEDS / "000_01ad9004e4fff8d2.txt"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for key in list(os.environ):
        if key.startswith("RAG_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    import rag

    rag.reset_chain()
    yield
    rag.reset_chain()


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory):
    """Settings whose index holds the seed article, built once per test session."""
    from core.settings import Settings
    from index.ingest import ingest

    settings = Settings(index_dir=tmp_path_factory.mktemp("seed-index"), seeds_dir=SEEDS, backend="extractive")
    ingest([SEEDS], settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def seed_chain(seed_settings):
    """An extractive Chain over the seed article (no LLM), shared by the session."""
    from rag.chain import Chain

    return Chain(seed_settings, use_llm=False)


def story_chain(tmp_path_factory: pytest.TempPathFactory, name: str, text: str,
                reader: ReaderKind | None = None):
    """An extractive Chain over one made-up document, ingested into a fresh folder, reading with
    `reader` (default: the configured read stage; "rules" for a test of the rules' own mechanism)."""
    from core.settings import Settings
    from index.ingest import ingest
    from rag.chain import Chain

    folder = tmp_path_factory.mktemp(name)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    settings = Settings(index_dir=folder / "index", backend="extractive", **({"reader": reader} if reader else {}))
    ingest([folder], settings, progress=False)
    return Chain(settings, use_llm=False)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(settings, startup_seconds: float = 60) -> Iterator[str]:
    """The chat app for `settings` on 127.0.0.1; yields its URL and stops it afterwards."""
    from ui.app import serve

    port = free_port()
    demo = serve(settings, port=port, block=False)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + startup_seconds
        while httpx.get(url + "config", timeout=5).status_code != 200:
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.2)
        yield url
    finally:
        demo.close()


@contextmanager
def running_server(settings) -> Iterator[str]:
    """The chat page and the HTTP API (ui/server.py) for `settings` on 127.0.0.1, by uvicorn on a
    thread; yields its base URL ("http://127.0.0.1:PORT") and stops it afterwards."""
    from ui.server import serve

    server = serve(settings, port=free_port(), block=False)
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per browser test module (tests/browser.py; skips without Debian's chromium)."""
    from browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, app_url: str):
    """A fresh tab on the chat page of the module's `app_url` (each browser test module serves its own
    app); downloads are accepted, for the chat's exports."""
    from browser import open_tab

    with open_tab(browser, app_url, accept_downloads=True) as tab:
        yield tab
