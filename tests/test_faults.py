"""Faults: an ingest killed half-way, and a corrupted index directory."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chromadb.api.shared_system_client import SharedSystemClient

from conftest import ROOT, SEEDS
from core.settings import Settings
from index.store import Store

pytestmark = pytest.mark.slow
TOPICS = ["harbour", "railway", "school", "hospital", "market", "museum", "bridge", "stadium", "library", "factory"]
NAMES = ["Ana Ruiz", "Tom Baker", "Lena Vogel", "Omar Haddad", "Mei Lin", "Jon Eriksen", "Sara Costa", "Ivan Petrov"]


def _write_corpus(folder: Path, version: str, documents: int = 12, sentences: int = 120) -> None:
    rng = random.Random(7)
    for d in range(documents):
        lines = []
        for i in range(sentences):
            topic, name = rng.choice(TOPICS), rng.choice(NAMES)
            lines.append(f"In version {version}, the {topic} project number {d * 1000 + i} was reviewed by {name}, "
                         f"who said it would cost {rng.randint(2, 900)} thousand pounds to finish this year.")
        (folder / f"doc{d:02}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def _env(index_dir: Path) -> dict[str, str]:
    return {**os.environ, "RAG_INDEX_DIR": str(index_dir), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def test_ingest_killed_half_way_leaves_old_or_new_never_a_mix(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    _write_corpus(corpus, "A")
    run = [sys.executable, "-m", "app.cli", "ingest", "--quiet", str(corpus)]
    subprocess.run(run, check=True, env=_env(index_dir), capture_output=True, timeout=600)
    settings = Settings(index_dir=index_dir)

    _write_corpus(corpus, "B")
    process = subprocess.Popen(run[:4] + run[5:], env=_env(index_dir), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    progress, deadline = b"", time.monotonic() + 300
    while time.monotonic() < deadline:  # the progress bar tells when the new version is part-written
        chunk = os.read(process.stderr.fileno(), 4096)  # type: ignore[union-attr]
        progress += chunk
        done = [int(p) for p in re.findall(rb"(\d+)%\|", progress)]
        if not chunk or (done and 30 <= done[-1] < 90):
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert done and done[-1] < 100, "the ingest finished before it could be killed"
    SharedSystemClient.clear_system_cache()  # read the index as a new process would

    store = Store(settings)
    manifest = store.manifest()
    nodes = store.all_nodes()
    versions_seen = set()
    for doc_id in manifest:
        texts = [n.get_content() for n in nodes if n.metadata["doc_id"] == doc_id]
        kinds = {t.split()[2] for t in texts}  # "In version A, ..." -> "A,"
        assert len(kinds) == 1, f"{doc_id} mixes versions: {kinds}"
        versions_seen |= kinds
        assert len(texts) == manifest[doc_id].chunks
    assert "A," in versions_seen  # at least one document was still on the old version

    subprocess.run(run, check=True, env=_env(index_dir), capture_output=True, timeout=600)
    SharedSystemClient.clear_system_cache()
    store = Store(settings)
    nodes = store.all_nodes()
    assert {n.get_content().split()[2] for n in nodes} == {"B,"}
    assert store.sentences.count() == len(nodes) == sum(e.chunks for e in store.manifest().values())


def test_corrupted_index_gives_one_line_and_rebuild_mends_it(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    env = {**_env(index_dir), "RAG_BACKEND": "extractive"}
    subprocess.run([sys.executable, "-m", "app.cli", "ingest", "--quiet", str(SEEDS)], check=True, env=env,
                   capture_output=True, timeout=300)
    (index_dir / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    ask = [sys.executable, "-m", "app.cli", "ask", "Who runs the Wagner Group?"]
    broken = subprocess.run(ask, env=env, capture_output=True, text=True, timeout=300)
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr
    assert "rag ingest --rebuild" in broken.stderr and broken.stderr.strip().count("\n") == 0

    rebuilt = subprocess.run([sys.executable, "-m", "app.cli", "ingest", "--rebuild", "--quiet", str(SEEDS)], env=env,
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    answered = subprocess.run(ask, env=env, capture_output=True, text=True, timeout=300)
    assert answered.returncode == 0 and "Prigozhin" in answered.stdout
