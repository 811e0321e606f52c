"""The embedded model runs in a supervised child process: killing it or hanging it costs one
answer (extractive, with a notice), never the app, and the next answer has the model again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from app import cli as rag_cli
from conftest import running_app
from core import settings as settings_module
from core.errors import BackendUnavailable
from core.record import AnswerRecord
from core.settings import load_settings
from rag import llm, model_check
from rag.chain import Chain
from rag.model_process import ModelProcess, describe_exit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*no_silent_downcasting"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
QUESTION = "Who runs the Wagner Group?"  # the model drafts this one from one passage


def _model_pid(settings) -> int:
    """The pid of the model process that Chains with these settings share."""
    return llm.make_generator(settings).process.pid


def _from_the_model(record: AnswerRecord) -> bool:
    return record.backend.startswith("llama.cpp:") and "generate" in record.timings_ms and record.notice is None


def test_a_killed_model_costs_one_answer_and_comes_back(seed_settings) -> None:
    chain = Chain(seed_settings.model_copy(update={"backend": "smollm2"}))
    assert _from_the_model(chain.answer(QUESTION))
    first_pid = _model_pid(chain.settings)
    pieces = []
    for item in chain.stream(QUESTION):
        if isinstance(item, str) and not pieces:
            os.kill(first_pid, signal.SIGKILL)  # mid-answer: the first piece is out, the rest is not
        pieces.append(item)
    record = pieces[-1]
    assert isinstance(record, AnswerRecord) and record.answerable
    assert record.notice and "killed by SIGKILL" in record.notice and "extractive" in record.notice
    assert "Prigozhin" in record.answer and record.citations
    again = chain.answer(QUESTION)
    assert _from_the_model(again) and "Prigozhin" in again.answer
    assert _model_pid(chain.settings) != first_pid


def test_a_hung_model_times_out_and_the_next_answer_has_it_again(seed_settings) -> None:
    chain = Chain(seed_settings.model_copy(update={"backend": "smollm2", "llm_timeout": 15.0}))
    assert _from_the_model(chain.answer(QUESTION))
    hung = _model_pid(chain.settings)
    os.kill(hung, signal.SIGSTOP)
    try:
        record = chain.answer(QUESTION)
    finally:
        try:
            os.kill(hung, signal.SIGCONT)
        except ProcessLookupError:
            pass
    assert record.notice and "did not answer within 15 s" in record.notice
    assert "Prigozhin" in record.answer
    assert _from_the_model(chain.answer(QUESTION))


def test_the_ui_stays_up_while_its_model_is_killed_mid_answer(seed_settings) -> None:
    settings = seed_settings.model_copy(update={"backend": "smollm2"})
    with running_app(settings) as url:
        client = Client(url, verbose=False, download_files=False, analytics_enabled=False)
        ask = lambda: client.submit(QUESTION, "", api_name="/answer").result(timeout=120)  # noqa: E731
        assert ask()["notice"] is None
        pid = _model_pid(settings)
        os.kill(pid, signal.SIGSTOP)  # the next answer waits on the model...
        result: dict = {}
        caller = threading.Thread(target=lambda: result.update(ask()))
        caller.start()
        time.sleep(1.5)
        os.kill(pid, signal.SIGKILL)  # ...which dies while the answer waits for it
        caller.join(120)
        assert "killed by SIGKILL" in result["notice"] and "Prigozhin" in result["answer"]
        assert httpx.get(url + "config", timeout=5).status_code == 200
        again = ask()
        assert again["notice"] is None and "generate" in again["timings_ms"]
        assert _model_pid(settings) != pid
        client.close()


def test_a_model_that_cannot_start_is_given_up_on_with_its_reason(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)  # llama.cpp refuses it; the child exits
    process = ModelProcess(broken, timeout_s=5, max_failures=2)
    with pytest.raises(BackendUnavailable, match="failed 2 times in a row"):
        list(process.stream("Hello", {"max_tokens": 2}))
    with pytest.raises(BackendUnavailable, match="The model is off"):
        list(process.stream("Hello", {"max_tokens": 2}))
    process.close()


def test_exit_codes_are_described() -> None:
    assert describe_exit(-signal.SIGILL) == "killed by SIGILL"
    assert describe_exit(1) == "exit status 1"
    assert describe_exit(None) == "still running"


def test_the_self_check_passes_here_in_a_child_process() -> None:
    ok = subprocess.run([sys.executable, "-m", "rag.model_check"], capture_output=True, text=True, timeout=180)
    assert ok.returncode == 0, ok.stderr
    assert "passed" in ok.stdout


def test_a_failed_self_check_makes_answers_extractive_and_says_why(
        tmp_path: Path, seed_settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    reason = model_check.run_check(broken, timeout_s=10)
    assert reason and "\n" not in reason
    monkeypatch.setattr(settings_module, "MODEL_CHECK_FILE", tmp_path / "model-check.json")
    model_check.write_result(reason)
    monkeypatch.setenv("RAG_INDEX_DIR", str(seed_settings.index_dir))
    settings = load_settings()
    assert settings.backend == "extractive" and reason in (settings.backend_note or "")
    assert load_settings(backend="smollm2").backend == "smollm2"  # asked for by name: tried, not overridden
    assert rag_cli.main(["ask", QUESTION]) == 0
    assert f"note: The model is off on this machine ({reason})" in capsys.readouterr().out
    model_check.write_result(None)
    assert load_settings().backend == "smollm2"


def test_rag_ask_starts_the_model_before_its_heavy_imports() -> None:
    # In a new process, as `rag ask` runs: after the prestart the model's process exists and
    # loads, while the index, MiniLM and torch are not imported yet.
    code = (
        "import sys\n"
        "from app.cli import build_parser, _prestart\n"
        "_prestart(build_parser().parse_args(['ask', '--backend', 'smollm2', 'x']))\n"
        "llm = sys.modules.get('rag.llm')\n"
        "started = llm._embedded.cache_info().currsize if llm else 0\n"
        "heavy = [m for m in ('torch', 'chromadb', 'rag.chain', 'llama_index.core') if m in sys.modules]\n"
        "from core.settings import load_settings\n"
        "from rag.llm import make_generator\n"
        "gen = make_generator(load_settings(backend='smollm2'))\n"
        "print(started, heavy, llm._embedded.cache_info().misses, gen.process.wait_ready(60))\n"
    )
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("RAG_")}, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    # started by the prestart, before the heavy imports; the Chain's generator is that one, loaded
    assert done.stdout.split() == ["1", "[]", "1", "True"], done.stdout
