"""Every test gets its own index directory and no RAG_* variables from the caller."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    from index.ingest import ingest
    from rag.settings import Settings

    settings = Settings(index_dir=tmp_path_factory.mktemp("seed-index"), seeds_dir=SEEDS, backend="extractive")
    ingest([SEEDS], settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def seed_chain(seed_settings):
    """An extractive Chain over the seed article (no LLM), shared by the session."""
    from rag.chain import Chain

    return Chain(seed_settings, use_llm=False)
