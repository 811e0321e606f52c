"""Every backend answers through the same chain: embedded llama.cpp (both GGUFs), a real
OpenAI-compatible server on loopback, and extractive; a dead server falls back visibly."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from conftest import SEED_ARTICLE, free_port
from core.record import AnswerRecord
from rag.chain import Chain
from rag.llm import smollm2_path

pytestmark = pytest.mark.slow
SOURCE = SEED_ARTICLE.read_text(encoding="utf-8")


def _assert_contract(record: AnswerRecord) -> None:
    assert record.timings_ms["total"] > 0
    for citation in record.citations:
        assert SOURCE[citation.start:citation.end] == citation.quote
    for claim in record.claims:
        assert claim.status in {"supported", "reported", "unsupported"}
        assert claim.status == "supported" or claim.note
        assert set(claim.citations) <= {c.id for c in record.citations}
    assert record.unverified == any(c.status != "supported" for c in record.claims)


@pytest.mark.parametrize("backend", ["smollm2", "gemma3"])
def test_embedded_llama_cpp_backends(seed_settings, backend: str) -> None:
    chain = Chain(seed_settings.model_copy(update={"backend": backend}))
    assert chain.backend.startswith("llama.cpp:")
    pieces = list(chain.stream("Who runs the Wagner Group?"))
    record = pieces[-1]
    assert isinstance(record, AnswerRecord) and all(isinstance(p, str) for p in pieces[:-1])
    _assert_contract(record)
    assert record.answerable and "Prigozhin" in record.answer
    assert "generate" in record.timings_ms and record.timings_ms["first_token"] <= record.timings_ms["total"]


def test_in_process_llama_cpp_is_serialised_across_threads(seed_settings) -> None:
    chain = Chain(seed_settings.model_copy(update={"backend": "smollm2"}))
    questions = ["Who runs the Wagner Group?", "When was the Wagner Group founded?",
                 "Where is Medvedev held now?", "Who is Medvedev's lawyer?"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        records = list(pool.map(chain.answer, questions))
    for question, record in zip(questions, records):
        assert record.question == question
        _assert_contract(record)


@pytest.fixture(scope="module")
def llama_server():
    """llama.cpp's own OpenAI-compatible server with the shipped SmolLM2 GGUF, on loopback."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_path()), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "2048", "--chat_format", "chatml", "--model_alias", "smollm2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("llama_cpp.server did not start")
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_openai_compatible_server_backend(seed_settings, llama_server: str) -> None:
    settings = seed_settings.model_copy(update={"backend": "openai", "llm_url": llama_server, "llm_model": "smollm2"})
    chain = Chain(settings)
    assert chain.backend == "openai:smollm2"
    record = chain.answer("Who runs the Wagner Group?")
    _assert_contract(record)
    assert record.answerable and "Prigozhin" in record.answer and record.notice is None
    assert record.timings_ms["generate"] > 0


def test_dead_server_falls_back_to_extractive_with_a_notice(seed_settings) -> None:
    settings = seed_settings.model_copy(update={
        "backend": "openai", "llm_url": f"http://127.0.0.1:{free_port()}/v1", "llm_timeout": 2.0})
    record = Chain(settings).answer("Who runs the Wagner Group?")
    _assert_contract(record)
    assert record.answerable and "Prigozhin" in record.answer
    assert record.notice and "did not answer" in record.notice and "extractive" in record.notice


def test_slow_server_times_out_and_falls_back(seed_settings, tmp_path: Path) -> None:
    port = free_port()
    script = tmp_path / "slow.py"
    script.write_text(
        "import http.server, time\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        "    def do_POST(self):\n"
        "        time.sleep(30)\n"
        f"http.server.HTTPServer(('127.0.0.1', {port}), H).serve_forever()\n",
        encoding="utf-8",
    )
    server = subprocess.Popen([sys.executable, str(script)])
    try:
        time.sleep(1.0)
        settings = seed_settings.model_copy(update={
            "backend": "openai", "llm_url": f"http://127.0.0.1:{port}/v1", "llm_timeout": 1.5})
        started = time.monotonic()
        record = Chain(settings).answer("Who runs the Wagner Group?")
        assert time.monotonic() - started < 25
        assert record.notice and "extractive" in record.notice
        assert "Prigozhin" in record.answer
    finally:
        server.kill()
