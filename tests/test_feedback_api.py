"""POST /api/feedback and POST /api/export against a real uvicorn server on 127.0.0.1 (httpx)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from conftest import SEED_ARTICLE, SEEDS, running_server
from core.feedback import MAX_CORRECTION_CHARS, Feedback
from core.settings import Settings
from index.ingest import ingest
from ui.feedback import FeedbackStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),  # Gradio's own event analytics
]
CALL_SECONDS = 120
LOGIN = ("reader", "s3cret-pass")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index of the seed article of its own, so its feedback file is these tests' alone."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("feedback-api") / "index", backend="extractive",
                        auth=f"{LOGIN[0]}:{LOGIN[1]}")
    ingest([SEEDS], settings, progress=False)
    return settings


@pytest.fixture(scope="module")
def api(settings: Settings) -> Iterator[httpx.Client]:
    with running_server(settings) as url, httpx.Client(base_url=url, auth=LOGIN, timeout=CALL_SECONDS) as client:
        yield client


@pytest.fixture(scope="module")
def record(api: httpx.Client) -> dict:
    response = api.post("/api/answer", json={"question": "Who runs the Wagner Group?"})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def store(settings: Settings) -> FeedbackStore:
    return FeedbackStore.for_settings(settings)


def assert_one_line_error(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    error = response.json()["error"]
    assert words in error and "\n" not in error and "Traceback" not in error


def test_a_vote_on_an_answer_is_stored_with_its_record(api: httpx.Client, record: dict,
                                                       store: FeedbackStore) -> None:
    history = [{"role": "user", "content": "Who is Andrey Medvedev?"},
               {"role": "assistant", "content": "A former Wagner commander."}]
    response = api.post("/api/feedback", json={"record": record, "vote": "down", "correction": " Yevgeny Prigozhin ",
                                               "history": history})
    assert response.status_code == 201, response.text
    given = Feedback.model_validate(response.json())
    assert (given.vote, given.correction, given.question) == ("down", "Yevgeny Prigozhin", record["question"])
    assert given.doc_ids == [SEED_ARTICLE.stem] and given.history == history
    stored = store.get(given.id)
    assert stored == given and stored.record.model_dump(mode="json") == record
    assert given.model_dump(mode="json") in api.get("/api/feedback").json()


def test_a_thumbs_up_needs_only_the_record_and_the_vote(api: httpx.Client, record: dict,
                                                       store: FeedbackStore) -> None:
    response = api.post("/api/feedback", json={"record": record, "vote": "up"})
    assert response.status_code == 201, response.text
    assert store.get(response.json()["id"]).vote == "up"


@pytest.mark.parametrize(("change", "words"), [
    ({"vote": "sideways"}, "Bad request: vote: Input should be 'up' or 'down'."),
    ({"vote": None}, "Bad request: vote:"),
    ({"record": None}, "Bad request: record:"),
    ({"record": {"question": "Who?"}}, "Bad request: record.answer: Field required."),
    ({"vote": "up", "correction": "Prigozhin"}, "A correction goes with a thumbs down (vote \"down\")."),
    ({"correction": "x" * (MAX_CORRECTION_CHARS + 1)}, "Bad request: correction: String should have at most"),
    ({"history": [{"role": "system", "content": "x"}]}, "Bad request: history.0.role"),
])
def test_a_bad_vote_is_a_400_with_one_line_and_nothing_is_stored(api: httpx.Client, record: dict,
                                                                 store: FeedbackStore, change: dict,
                                                                 words: str) -> None:
    before = store.all()
    body = {key: value for key, value in {"record": record, "vote": "down", **change}.items() if value is not None}
    assert_one_line_error(api.post("/api/feedback", json=body), 400, words)
    assert_one_line_error(api.post("/api/feedback", content="{not json", headers={"content-type": "application/json"}),
                          400, "Bad request")
    assert store.all() == before


def test_feedback_asks_for_the_same_login_as_the_rest_of_the_api(api: httpx.Client, record: dict,
                                                                 store: FeedbackStore) -> None:
    before = store.all()
    for credentials in (None, ("reader", "wrong")):
        with httpx.Client(base_url=str(api.base_url), auth=credentials, timeout=CALL_SECONDS) as client:
            for response in (client.post("/api/feedback", json={"record": record, "vote": "up"}),
                             client.get("/api/feedback"), client.post("/api/export", json={"records": [record]})):
                assert_one_line_error(response, 401, "RAG_AUTH")
    assert store.all() == before


def test_export_gives_the_chat_as_markdown_or_json(api: httpx.Client, record: dict) -> None:
    markdown = api.post("/api/export", json={"records": [record, record]})
    assert markdown.status_code == 200, markdown.text
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.headers["content-disposition"] == 'attachment; filename="chat.md"'
    citation = record["citations"][0]
    assert "**A2:** " in markdown.text and "[^2-1]" in markdown.text
    assert (f'[^1-1]: "{citation["quote"]}" (`{citation["doc_id"]}`, characters '
            f'{citation["start"]}–{citation["end"]})') in markdown.text

    as_json = api.post("/api/export", json={"records": [record], "format": "json"})
    assert as_json.status_code == 200 and as_json.headers["content-disposition"].endswith('"chat.json"')
    assert as_json.json() == [record]
    assert_one_line_error(api.post("/api/export", json={"records": [record], "format": "pdf"}), 400,
                          "Bad request: format: Input should be 'markdown' or 'json'.")
    assert_one_line_error(api.post("/api/export", json={"records": [{"answer": "x"}]}), 400,
                          "Bad request: records.0.question: Field required.")


def test_the_openapi_page_lists_feedback_and_export(api: httpx.Client) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths["/api/feedback"]) and "post" in paths["/api/export"]
