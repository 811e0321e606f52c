"""Many chat sessions at once through the app's "/answer" API, each with its own history.

Half the sessions ask about Yevgeny Prigozhin and half about Medvedev's lawyer Brynjulf
Risnes, with the same follow-up wording in both halves. The extractive chain resolves
"he" in those follow-ups from the last turn of the history it is given (without history
none of them names either man), so an answer naming the other group's man means the
server mixed one session's history or record into another's.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from gradio_client import Client

from conftest import SEED_ARTICLE, running_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),  # Gradio's own event analytics
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
ARTICLE = SEED_ARTICLE.read_text(encoding="utf-8")
STARTUP_SECONDS = 60
CALL_SECONDS = 120  # a generous bound for one call that may queue behind every other session

SESSIONS = 16
# Checked by hand against the extractive chain: every opening below names its man, and
# so does every follow-up after it, in either order used by `session_questions`.
OPENINGS = {
    "Prigozhin": ["Who runs the Wagner Group?", "Who is the Wagner chief?", "Who leads the Wagner Group?",
                  "Which businessman runs the Wagner Group?"],
    "Risnes": ["Who is Medvedev's lawyer in Norway?", "Who is Medvedev's lawyer?",
               "Who represents Medvedev in Norway?", "Who is the lawyer of Medvedev?"],
}
FOLLOW_UPS = ["What did he claim about Medvedev?", "What did he say about Medvedev?",
              "What did he say Medvedev is?", "What did he say about Medvedev's citizenship?"]
OTHER = {"Prigozhin": "Risnes", "Risnes": "Prigozhin"}


def new_client(url: str) -> Client:
    return Client(url, verbose=False, download_files=False, analytics_enabled=False)


def call_answer(client: Client, question: str, history_json: str = "") -> dict:
    return client.submit(question, history_json, api_name="/answer").result(timeout=CALL_SECONDS)


def session_questions(i: int) -> tuple[str, list[str]]:
    """Session i's man and its five questions: one of four openings, follow-ups in one of two orders."""
    man = "Prigozhin" if i % 2 == 0 else "Risnes"
    opening = OPENINGS[man][(i // 2) % 4]
    shift = 2 * (i // 8)
    return man, [opening, *FOLLOW_UPS[shift:], *FOLLOW_UPS[:shift]]


@dataclass
class Session:
    index: int
    man: str
    questions: list[str]
    turns: list[tuple[str, dict]] = field(default_factory=list)  # (question sent, record received)
    seconds: list[float] = field(default_factory=list)  # wall time of each call
    error: str | None = None


def run_session(url: str, session: Session, start: threading.Barrier) -> Session:
    """One chat: each question is sent with this session's own earlier questions and answers."""
    client = None
    try:
        client = new_client(url)
        start.wait(timeout=STARTUP_SECONDS)
        history: list[dict[str, str]] = []
        for question in session.questions:
            began = time.perf_counter()
            record = call_answer(client, question, json.dumps(history))
            session.seconds.append(time.perf_counter() - began)
            session.turns.append((question, record))
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": record["answer"]}]
    except Exception as exc:  # noqa: BLE001 - reported as this session's error, asserted below
        session.error = f"session {session.index}: {type(exc).__name__}: {exc}"
        start.abort()  # the other sessions stop waiting for this one
    finally:
        if client is not None:
            client.close()
    return session


def record_problems(session: Session, question: str, record: dict) -> list[str]:
    """What is wrong with one record for this session: empty when it is its own, correct answer."""
    where = f"session {session.index} ({session.man}), {question!r}"
    problems = []
    if record["question"] != question:
        problems.append(f"{where}: record is for {record['question']!r}")
    if not record["answerable"] or session.man not in record["answer"] or OTHER[session.man] in record["answer"]:
        problems.append(f"{where}: answer {record['answer']!r}")
    if not record["citations"]:
        problems.append(f"{where}: no citations")
    for citation in record["citations"]:
        if ARTICLE[citation["start"]:citation["end"]] != citation["quote"] or session.man not in citation["quote"]:
            problems.append(f"{where}: citation {citation['quote']!r}")
    return problems


def test_sixteen_sessions_keep_their_own_history(seed_settings, capsys: pytest.CaptureFixture[str]) -> None:
    sessions = [Session(i, *session_questions(i)) for i in range(SESSIONS)]
    with running_app(seed_settings) as url:
        warm = new_client(url)
        try:
            assert call_answer(warm, "Who runs the Wagner Group?")["answerable"]  # the Chain is built, untimed
        finally:
            warm.close()
        start = threading.Barrier(SESSIONS)
        with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
            done = list(pool.map(lambda s: run_session(url, s, start), sessions))

    assert [s.error for s in done if s.error] == []
    turns = [(s, question, record) for s in done for question, record in s.turns]
    assert len(turns) == SESSIONS * 5
    assert [p for s, question, record in turns for p in record_problems(s, question, record)] == []

    seconds = [t for s in done for t in s.seconds]
    percentiles = statistics.quantiles(seconds, n=100, method="inclusive")
    chain_ms = statistics.median(record["timings_ms"]["total"] for _, _, record in turns)  # server-side
    with capsys.disabled():
        print(f"\n/answer under {SESSIONS} sessions: {len(seconds)} calls, "
              f"p50 {percentiles[49] * 1000:.0f} ms, p95 {percentiles[94] * 1000:.0f} ms, "
              f"max {max(seconds) * 1000:.0f} ms (chain alone: median {chain_ms:.0f} ms)")


def test_embedded_llama_cpp_answers_concurrent_api_calls(seed_settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight /answer calls at once reach one in-process llama.cpp model; every record is whole and its own.

    Gradio runs one call of an event at a time unless told otherwise, which would queue the
    calls before they reach the model; the limit is raised here so they meet at its lock.
    """
    questions = ["Who runs the Wagner Group?", "When was the Wagner Group founded?",
                 "Where is Medvedev held now?", "Who is Medvedev's lawyer?"] * 2
    monkeypatch.setenv("GRADIO_DEFAULT_CONCURRENCY_LIMIT", str(len(questions)))
    with running_app(seed_settings.model_copy(update={"backend": "smollm2"})) as url:
        clients = [new_client(url) for _ in questions]
        try:
            with ThreadPoolExecutor(max_workers=len(questions)) as pool:
                records = list(pool.map(call_answer, clients, questions))
        finally:
            for client in clients:
                client.close()

    for question, record in zip(questions, records):
        assert record["question"] == question
        assert record["backend"].startswith("llama.cpp:")
        assert record["timings_ms"]["total"] > 0
        assert record["citations"]
        for citation in record["citations"]:
            assert ARTICLE[citation["start"]:citation["end"]] == citation["quote"]
        for claim in record["claims"]:
            assert claim["status"] in {"supported", "reported", "unsupported"}
            assert claim["status"] == "supported" or claim["note"]
            assert set(claim["citations"]) <= {c["id"] for c in record["citations"]}
        assert record["unverified"] == any(c["status"] != "supported" for c in record["claims"])
    assert "Prigozhin" in records[0]["answer"] and "Prigozhin" in records[4]["answer"]
