"""The HTTP API (ui/api.py) beside the chat page, against a real uvicorn server on 127.0.0.1 (httpx)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from articles import BAD_FILES, LIGHTHOUSE, LIGHTHOUSE_ANSWER, LIGHTHOUSE_QUESTION, MAX_BYTES

from conftest import SEED_ARTICLE, SEEDS, running_server
from core.record import AnswerRecord
from core.settings import Settings
from index.ingest import ingest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),  # Gradio's own event analytics
]
CALL_SECONDS = 120
SEED_QUESTION = "What does Medvedev say he could hear behind him?"
# the HTTP status for each kind of refusal in articles.BAD_FILES
STATUS = {"UnsupportedDocumentType": 415, "DocumentTooLarge": 413, "BadDocument": 400}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index of the seed article of its own: these tests add and remove documents."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("api") / "index", backend="extractive",
                        max_document_bytes=MAX_BYTES)
    ingest([SEEDS], settings, progress=False)
    return settings


@pytest.fixture(scope="module")
def api(settings: Settings) -> Iterator[httpx.Client]:
    with running_server(settings) as url, httpx.Client(base_url=url, timeout=CALL_SECONDS) as client:
        yield client


def assert_one_line_error(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert words in body["error"]
    assert "\n" not in body["error"] and "Traceback" not in body["error"]


def cited_doc_ids(record: dict) -> set[str]:
    return {citation["doc_id"] for citation in record["citations"]}


def test_answer_is_the_record_of_the_contract(api: httpx.Client) -> None:
    response = api.post("/api/answer", json={"question": SEED_QUESTION})
    assert response.status_code == 200, response.text
    record = response.json()
    AnswerRecord.model_validate(record)
    for field in ("id", "question", "answer", "answerable", "claims", "citations", "unverified", "backend",
                  "timings_ms"):
        assert field in record
    assert record["answerable"] is True and record["backend"] == "extractive"
    assert "dogs" in record["answer"]
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    for citation in record["citations"]:
        assert article[citation["start"]:citation["end"]] == citation["quote"]
        assert f"[{citation['id']}]" in record["answer"]
    assert "reported" in {claim["status"] for claim in record["claims"]}


def test_answer_takes_history_and_a_backend(api: httpx.Client) -> None:
    history = [{"role": "user", "content": "Who is Andrey Medvedev?"},
               {"role": "assistant", "content": "He is a former Wagner Group commander [1]."}]
    response = api.post("/api/answer", json={"question": "How old is he?", "history": history,
                                             "backend": "extractive"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["question"] == "How old is he?"
    assert "26" in record["answer"]  # "he" is Medvedev only through the history


def test_stream_sends_text_pieces_then_the_record(api: httpx.Client) -> None:
    with api.stream("POST", "/api/answer/stream", json={"question": SEED_QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in response.iter_lines() if line]
    *pieces, last = lines
    assert pieces and all(set(piece) == {"text"} for piece in pieces)
    record = AnswerRecord.model_validate(last["record"])
    assert "".join(piece["text"] for piece in pieces) == record.answer  # extractive: the answer, as verified
    assert record.citations and record.timings_ms["total"] > 0


@pytest.mark.parametrize(("path", "body", "words"), [
    ("/api/answer", {"question": "   "}, "The question is empty"),
    ("/api/answer/stream", {"question": "   "}, "The question is empty"),
    ("/api/answer", {"question": "why " * 1001}, "limit is 4,000"),
    ("/api/answer", {}, "question: Field required"),
    ("/api/answer", {"question": "Who?", "backend": "gpt-9"}, "backend"),
    ("/api/answer", {"question": "Who?", "history": [{"role": "system", "content": "x"}]}, "history.0.role"),
    ("/api/answer", "{not json", "Bad request"),
    ("/api/answer", {"question": "Who?", "doc_id": ["a"]}, "doc_id"),
])
def test_a_bad_request_is_a_400_with_one_line(api: httpx.Client, path: str, body: object, words: str) -> None:
    if isinstance(body, str):
        response = api.post(path, content=body, headers={"content-type": "application/json"})
    else:
        response = api.post(path, json=body)
    assert_one_line_error(response, 400, words)


def test_an_added_document_is_cited_and_a_removed_one_no_longer(api: httpx.Client, settings: Settings) -> None:
    before = api.post("/api/answer", json={"question": LIGHTHOUSE_QUESTION}).json()
    assert "lighthouse" not in cited_doc_ids(before)

    added = api.post("/api/documents", files={"file": ("lighthouse.txt", LIGHTHOUSE.encode(), "text/plain")})
    assert added.status_code == 201, added.text
    entry = added.json()
    assert (entry["doc_id"], entry["file_name"], entry["uploaded"]) == ("lighthouse", "lighthouse.txt", True)
    assert entry["size_bytes"] == len(LIGHTHOUSE.encode()) and entry["sentences"] > 0 and entry["added"]
    assert entry in api.get("/api/documents").json()

    record = api.post("/api/answer", json={"question": LIGHTHOUSE_QUESTION}).json()
    assert record["answerable"] is True and LIGHTHOUSE_ANSWER in record["answer"]
    assert cited_doc_ids(record) == {"lighthouse"}
    copy = settings.index_dir / "uploads" / "lighthouse.txt"
    quoted = copy.read_text(encoding="utf-8")
    assert all(quoted[c["start"]:c["end"]] == c["quote"] for c in record["citations"])

    removed = api.delete("/api/documents/lighthouse")
    assert removed.status_code == 200 and removed.json()["doc_id"] == "lighthouse"
    assert "lighthouse" not in {d["doc_id"] for d in api.get("/api/documents").json()}
    assert not copy.exists()
    after = api.post("/api/answer", json={"question": LIGHTHOUSE_QUESTION}).json()
    assert "lighthouse" not in cited_doc_ids(after)
    assert_one_line_error(api.delete("/api/documents/lighthouse"), 404, "No document 'lighthouse'")


def test_an_answer_may_be_asked_of_one_document(api: httpx.Client) -> None:
    added = api.post("/api/documents", files={"file": ("lighthouse.txt", LIGHTHOUSE.encode(), "text/plain")})
    assert added.status_code == 201, added.text
    try:
        record = api.post("/api/answer", json={"question": LIGHTHOUSE_QUESTION, "doc_id": "lighthouse"}).json()
        assert record["scope"] == "lighthouse" and LIGHTHOUSE_ANSWER in record["answer"]
        elsewhere = api.post("/api/answer", json={"question": LIGHTHOUSE_QUESTION, "doc_id": SEED_ARTICLE.stem}).json()
        assert elsewhere["scope"] == SEED_ARTICLE.stem and cited_doc_ids(elsewhere) == {SEED_ARTICLE.stem}
        body = {"question": LIGHTHOUSE_QUESTION, "doc_id": "lighthouse"}
        with api.stream("POST", "/api/answer/stream", json=body) as response:
            last = [json.loads(line) for line in response.iter_lines() if line][-1]
        assert last["record"]["scope"] == "lighthouse" and cited_doc_ids(last["record"]) == {"lighthouse"}
        for path in ("/api/answer", "/api/answer/stream"):
            unknown = api.post(path, json={"question": LIGHTHOUSE_QUESTION, "doc_id": "nope"})
            assert_one_line_error(unknown, 404, "No document 'nope' in the index")
    finally:
        api.delete("/api/documents/lighthouse")


@pytest.mark.parametrize(("name", "data", "kind", "words"), BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_a_bad_upload_is_refused_and_nothing_is_lost(
    api: httpx.Client, settings: Settings, name: str, data: bytes, kind: str, words: str
) -> None:
    uploads = settings.index_dir / "uploads"
    listed, files = api.get("/api/documents").json(), sorted(uploads.glob("*")) if uploads.exists() else []
    response = api.post("/api/documents", files={"file": (name, data, "application/octet-stream")})
    assert_one_line_error(response, STATUS[kind], words)
    assert response.json()["error"].startswith(f"{name}: ")
    assert api.get("/api/documents").json() == listed
    assert (sorted(uploads.glob("*")) if uploads.exists() else []) == files
    record = api.post("/api/answer", json={"question": SEED_QUESTION}).json()
    assert cited_doc_ids(record) == {SEED_ARTICLE.stem}  # the seed article still answers


def test_a_clashing_name_and_a_missing_file_are_refused(api: httpx.Client) -> None:
    clash = api.post("/api/documents", files={"file": (SEED_ARTICLE.name, LIGHTHOUSE.encode(), "text/plain")})
    assert_one_line_error(clash, 409, "is already indexed")
    assert_one_line_error(api.post("/api/documents"), 400, "file: Field required")


def test_openapi_docs_and_the_chat_page_are_served(api: httpx.Client) -> None:
    docs = api.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/api/answer", "/api/answer/stream", "/api/documents", "/api/documents/{doc_id}"} <= set(paths)
    page = api.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert api.get("/config").status_code == 200  # Gradio's own routes, mounted at "/"


def test_without_auth_the_api_is_open(api: httpx.Client) -> None:
    response = api.get("/api/documents")
    assert response.status_code == 200 and "www-authenticate" not in response.headers


@pytest.fixture(scope="module")
def locked_url(settings: Settings) -> Iterator[str]:
    with running_server(settings.model_copy(update={"auth": "reader:s3cret-pass"})) as url:
        yield url


@pytest.mark.parametrize("credentials", [None, ("reader", "wrong"), ("someone", "s3cret-pass")])
def test_with_auth_the_api_asks_for_the_login(locked_url: str, credentials: tuple[str, str] | None) -> None:
    with httpx.Client(base_url=locked_url, auth=credentials, timeout=CALL_SECONDS) as client:
        for response in (client.get("/api/documents"), client.post("/api/answer", json={"question": "Who?"}),
                         client.delete(f"/api/documents/{SEED_ARTICLE.stem}"), client.get("/docs"),
                         client.get("/openapi.json")):
            assert_one_line_error(response, 401, "RAG_AUTH")
            assert response.headers["www-authenticate"].startswith("Basic")
        assert client.get("/config").status_code == 401  # the page keeps Gradio's own login


def test_with_auth_the_right_login_gets_answers(locked_url: str) -> None:
    with httpx.Client(base_url=locked_url, auth=("reader", "s3cret-pass"), timeout=CALL_SECONDS) as client:
        listed = client.get("/api/documents")
        assert listed.status_code == 200 and SEED_ARTICLE.stem in {d["doc_id"] for d in listed.json()}
        answered = client.post("/api/answer", json={"question": "Who runs the Wagner Group?"})
        assert answered.status_code == 200 and "Prigozhin" in answered.json()["answer"]
        assert client.get("/docs").status_code == 200
        assert "/api/answer" in client.get("/openapi.json").json()["paths"]
