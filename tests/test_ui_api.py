"""The chat app's "answer" endpoint, called with gradio_client against a real server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from conftest import running_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),  # Gradio's own event analytics
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
SEED_ARTICLE = Path(__file__).resolve().parent.parent / "seeds" / "000_01ad9004e4fff8d2.txt"
STARTUP_SECONDS = 60
CALL_SECONDS = 60


@pytest.fixture(scope="module")
def app_url(seed_settings) -> Iterator[str]:
    """The app on 127.0.0.1 (extractive backend, seed index), stopped after the module."""
    with running_app(seed_settings, STARTUP_SECONDS) as url:
        yield url


@pytest.fixture(scope="module")
def client(app_url: str) -> Client:
    return Client(app_url, verbose=False, download_files=False, analytics_enabled=False)


def call_answer(client: Client, question: str, history_json: str = "") -> dict:
    return client.submit(question, history_json, api_name="/answer").result(timeout=CALL_SECONDS)


def test_reported_claim_record(client: Client) -> None:
    record = call_answer(client, "What does Medvedev say he could hear behind him?")
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    assert record["answerable"] is True
    assert record["backend"] == "extractive"
    assert "dogs" in record["answer"]
    assert record["citations"], record
    for citation in record["citations"]:
        assert article[citation["start"]:citation["end"]] == citation["quote"]
        assert f"[{citation['id']}]" in record["answer"]
    assert record["claims"]
    statuses = {claim["status"] for claim in record["claims"]}
    assert "reported" in statuses
    for claim in record["claims"]:
        assert claim["citations"]
        if claim["status"] != "supported":
            assert claim["note"]
    assert record["unverified"] is True
    assert record["timings_ms"]["total"] > 0


def test_unanswerable_record_has_closest_passages(client: Client) -> None:
    record = call_answer(client, "What is the capital of Australia?")
    assert record["answerable"] is False
    assert record["claims"] == []
    assert "does not say" in record["answer"]
    assert record["citations"]


def test_history_json_is_accepted(client: Client) -> None:
    history = [
        {"role": "user", "content": "What does Medvedev say he could hear behind him?"},
        {"role": "assistant", "content": "He claims he could hear attack dogs snarling behind him. [1]"},
    ]
    record = call_answer(client, "What could he hear behind him?", json.dumps(history))
    assert record["question"] == "What could he hear behind him?"
    assert "answerable" in record and "citations" in record


@pytest.mark.parametrize(
    ("question", "history_json", "expected"),
    [
        ("   ", "", "The question is empty"),
        ("How old is he?", "{not json", "history_json is not valid JSON"),
        ("How old is he?", '[{"role": "system", "content": "x"}]', "history_json must be a list"),
    ],
)
def test_errors_are_one_line_messages(client: Client, question: str, history_json: str, expected: str) -> None:
    with pytest.raises(AppError) as info:
        call_answer(client, question, history_json)
    message = str(info.value)
    assert expected in message
    assert "Traceback" not in message and "\n" not in message.strip()


def test_answer_is_the_only_api_endpoint(client: Client) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/answer"}
    assert api["unnamed_endpoints"] == {}


def test_only_indexed_documents_are_read(seed_settings) -> None:
    """A citation whose source is not the path the index stores for its doc_id is never opened."""
    from core.record import Citation
    from index.store import Store
    from ui.documents import cited_articles

    manifest = Store(seed_settings).manifest()
    doc_id = SEED_ARTICLE.stem
    real = Citation(id=1, doc_id=doc_id, quote="x", start=0, end=1, score=1.0, source=manifest[doc_id].source)
    forged = [
        real.model_copy(update={"id": 2, "source": "/etc/passwd"}),
        real.model_copy(update={"id": 3, "doc_id": "unknown", "source": str(Path(__file__))}),
    ]
    articles = cited_articles([real, *forged], manifest, seed_settings.max_document_bytes)
    assert articles[real.source].text == SEED_ARTICLE.read_text(encoding="utf-8")
    assert articles["/etc/passwd"].text is None
    assert articles[str(Path(__file__))].text is None
