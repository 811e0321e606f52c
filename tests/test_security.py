"""The UI binds to loopback by default and asks for a login when RAG_AUTH is set; huge
documents are refused with a reason."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from conftest import free_port
from core.settings import Settings
from index.ingest import ingest

pytestmark = pytest.mark.slow


def test_login_is_required_when_rag_auth_is_set(seed_settings) -> None:
    from ui.app import serve

    port = free_port()
    demo = serve(seed_settings.model_copy(update={"auth": "reader:s3cret-pass"}), port=port, block=False)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                anonymous = httpx.get(f"{url}/config", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the app did not start"
                time.sleep(0.2)
        assert anonymous.status_code == 401
        with httpx.Client(base_url=url, timeout=10) as session:
            assert session.post("/login", data={"username": "reader", "password": "wrong"}).status_code >= 400
            assert session.post("/login", data={"username": "reader", "password": "s3cret-pass"}).status_code == 200
            assert session.get("/config").status_code == 200
        client = Client(url + "/", auth=("reader", "s3cret-pass"), verbose=False, analytics_enabled=False)
        record = client.submit("Who runs the Wagner Group?", "", api_name="/answer").result(timeout=60)
        assert "Prigozhin" in record["answer"]
    finally:
        demo.close()


def test_default_host_is_loopback() -> None:
    import inspect

    from app.cli import build_parser
    from ui import app, server

    for function in (app.serve, server.serve, server.launch):
        assert inspect.signature(function).parameters["host"].default == "127.0.0.1", function.__qualname__
    assert build_parser().parse_args(["chat"]).host == "127.0.0.1"


def test_huge_document_is_refused_with_its_size(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "huge.txt").write_text("The council met again today to discuss the budget. " * 50_000, encoding="utf-8")
    report = ingest([folder], Settings(index_dir=tmp_path / "index", max_document_bytes=1_000_000), progress=False)
    assert report.documents == 0
    assert any("huge.txt" in line and "over the 1,000,000-byte limit" in line for line in report.refused)
