"""Feedback and export in headless Chromium: thumbs up and down (with a correction) on chat answers become,
through `rag feedback export`, a question set `rag eval` scores; the chat downloads as Markdown and JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import BROWSER_MARKS, ask, screenshot

from app.cli import main
from conftest import SEED_ARTICLE, SEEDS, running_app
from core.citations import strip_markers
from core.record import AnswerRecord
from core.settings import Settings
from index.ingest import ingest
from ui.feedback import FeedbackStore

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = BROWSER_MARKS

AGE_QUESTION = "How old is Andrey Medvedev?"
RUNS_QUESTION = "Who runs the Wagner Group?"


@pytest.fixture(scope="module")
def feedback_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """An index of the seed article of its own: its feedback file holds only these tests' votes."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("feedback-ui") / "index", backend="extractive")
    ingest([SEEDS], settings, progress=False)
    return settings


@pytest.fixture(scope="module")
def app_url(feedback_settings: Settings) -> Iterator[str]:
    with running_app(feedback_settings) as url:
        yield url


def thumb(page, turn: int, label: str):
    """The thumb under answer `turn` (0 first): "Like" / "Dislike", or "Liked" / "Disliked" once given."""
    return page.locator("#chat .message-buttons").nth(turn).locator(f'button[aria-label="{label}"]')


def feedback_status(page):
    return page.locator("#feedback-status")


def test_votes_in_the_chat_become_questions_rag_eval_scores(page, feedback_settings: Settings, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first = ask(page, AGE_QUESTION).locator(".rag-answer").inner_text()
    assert "26" in first
    thumb(page, 0, "Like").click()
    expect(feedback_status(page)).to_have_text(f"Thanks: thumbs up saved for “{AGE_QUESTION}”.")
    expect(page.locator("#correction-row")).to_be_hidden()

    ask(page, RUNS_QUESTION)
    thumb(page, 1, "Dislike").click()
    expect(feedback_status(page)).to_contain_text(f"Thanks: thumbs down saved for “{RUNS_QUESTION}”.")
    page.fill("#correction textarea", "Yevgeny Prigozhin")
    page.click("#save-correction")
    expect(feedback_status(page)).to_have_text(f"Correction saved for “{RUNS_QUESTION}”.")
    expect(page.locator("#correction-row")).to_be_hidden()
    expect(thumb(page, 0, "Liked")).to_be_visible()  # the second answer did not clear the first one's thumb
    expect(thumb(page, 1, "Disliked")).to_be_visible()
    screenshot(page, "feedback")

    monkeypatch.setenv("RAG_INDEX_DIR", str(feedback_settings.index_dir))  # the store the chat wrote
    export = tmp_path / "feedback.jsonl"
    assert main(["feedback", "export", "--out", str(export)]) == 0
    questions = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert [(q["question"], q["answerable"], q["gold"]) for q in questions] == [
        (AGE_QUESTION, True, [strip_markers(first)]), (RUNS_QUESTION, True, ["Yevgeny Prigozhin"])]
    assert questions[0]["evidence"] and questions[0]["evidence"][0] in SEED_ARTICLE.read_text(encoding="utf-8")
    assert questions[1]["history"][0] == {"role": "user", "content": AGE_QUESTION}

    out = tmp_path / "eval"
    assert main(["eval", "--questions", str(export), "--out", str(out), "--backend", "extractive",
                 "--docs", str(SEEDS)]) == 0
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["questions"] == 2
    scored = metrics["ours"]["metrics"]
    assert scored["answer_accuracy"] == {"value": 1.0, "hits": 2, "total": 2}
    assert scored["overall_correctness"]["total"] == 2
    assert scored["citation_recall"] == {"value": 1.0, "hits": 1, "total": 1}
    assert scored["latency_p50_ms"]["total"] == 2


def test_a_vote_can_be_taken_back_and_the_chat_downloads(page, feedback_settings: Settings) -> None:
    store = FeedbackStore.for_settings(feedback_settings)
    before = store.all()
    expect(page.locator("#download-md")).to_be_disabled()
    reply = ask(page, RUNS_QUESTION)
    thumb(page, 0, "Like").click()
    expect(feedback_status(page)).to_have_text(f"Thanks: thumbs up saved for “{RUNS_QUESTION}”.")
    assert len(store.all()) == len(before) + 1
    thumb(page, 0, "Liked").click()
    expect(feedback_status(page)).to_have_text(f"Vote taken back for “{RUNS_QUESTION}”.")
    assert store.all() == before

    with page.expect_download() as markdown:
        page.click("#download-md")
    assert markdown.value.suggested_filename == "chat.md"
    text = Path(markdown.value.path()).read_text(encoding="utf-8")
    assert f"**Q1:** {RUNS_QUESTION}" in text
    assert re.search(r'^\[\^1-1\]: "Founded in 2014, .+" \(`000_01ad9004e4fff8d2`, characters \d+–\d+\)$', text, re.M)
    with page.expect_download() as as_json:
        page.click("#download-json")
    records = [AnswerRecord.model_validate(item) for item in json.loads(Path(as_json.value.path()).read_text())]
    assert [r.question for r in records] == [RUNS_QUESTION]
    assert records[0].answer.startswith("Founded in 2014") and "Prigozhin" in reply.inner_text()

    page.click("#new-chat")
    expect(page.locator("#download-md")).to_be_disabled()
