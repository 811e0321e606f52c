"""The embedded model in a supervised child process (`rag.model_worker`).

A native crash (SIGILL, SIGSEGV), an out-of-memory kill or a hang past the timeout costs
one answer, never the app: `stream` raises BackendUnavailable, the chain shows the
extractive answer with a notice, and a new child starts loading at once so that the next
question has the model again. One request at a time goes to the child; concurrent callers
wait their turn on a lock.
"""

from __future__ import annotations

import itertools
import json
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.errors import BackendUnavailable

START_TIMEOUT_S = 120.0  # loading a GGUF takes well under a second here; a cold disk may be slower
MAX_FAILURES = 3  # starts or answers that fail in a row before the model is given up on


def describe_exit(code: int | None) -> str:
    """'killed by SIGKILL', 'exit status 1', ... for a child's return code."""
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


class _Child:
    """One worker process and the thread that turns its stdout into messages on a queue."""

    def __init__(self, model: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rag.model_worker", str(model)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", bufsize=1,
            start_new_session=True,  # a Ctrl-C in the terminal is the parent's to handle
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.ready = threading.Event()  # set when the model has loaded, or the child has exited
        self.loaded = False
        threading.Thread(target=self._read, name="model-reader", daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            if message.get("ready"):
                self.loaded = True
                self.ready.set()
            else:
                self.messages.put(message)
        self.messages.put({"exit": self.proc.wait()})
        self.ready.set()  # wake anyone waiting for a start that will not come

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, message: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()

    def stop(self) -> None:
        if self.alive:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()  # type: ignore[union-attr]
            except OSError:
                pass


class ModelProcess:
    """Streams completions from a GGUF model held by a supervised child process."""

    def __init__(self, model: Path, timeout_s: float, max_failures: int = MAX_FAILURES) -> None:
        self.model = model
        self.max_failures = max_failures
        self.timeout_s = timeout_s  # longest wait for the next piece of an answer
        self.failure: str | None = None  # set once the model is given up on; the reason
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._failures = 0  # starts or answers that failed in a row
        self._child = _Child(model)

    @property
    def pid(self) -> int:
        return self._child.proc.pid

    def _replace(self, reason: str) -> None:
        """Stop the child and start a new one, which loads while the user reads this answer;
        after `max_failures` failures in a row, give up and leave the reason in `failure`."""
        self._child.stop()
        self._failures += 1
        if self._failures >= self.max_failures:
            self.failure = reason if self.max_failures == 1 else \
                f"the model process failed {self.max_failures} times in a row ({reason})"
        else:
            self._child = _Child(self.model)

    def _ready_child(self) -> _Child:
        """The loaded child; one that died while idle is replaced and waited for."""
        while self.failure is None:
            child = self._child
            child.ready.wait(START_TIMEOUT_S)
            if child.alive and child.loaded:
                return child
            self._replace(describe_exit(child.proc.poll()) if not child.alive else "it did not load in time")
        raise BackendUnavailable(f"The model is off: {self.failure}")

    def stream(self, prompt: str, options: dict[str, Any]) -> Iterator[str]:
        """Pieces of the completion; BackendUnavailable if the child dies, errs or hangs."""
        with self._lock:
            child = self._ready_child()
            rid = next(self._ids)
            try:
                child.send({"id": rid, "prompt": prompt, "options": options})
            except OSError:
                self._replace(describe_exit(child.proc.poll()))
                raise BackendUnavailable("The model process stopped before the answer") from None
            while True:
                try:
                    message = child.messages.get(timeout=self.timeout_s)
                except queue.Empty:
                    self._replace("hung")
                    raise BackendUnavailable(f"The model did not answer within {self.timeout_s:g} s") from None
                if "exit" in message:
                    reason = describe_exit(message["exit"])
                    self._replace(reason)
                    raise BackendUnavailable(f"The model process stopped ({reason})")
                if message.get("id") != rid:
                    continue  # the rest of an answer whose reader went away
                if "piece" in message:
                    yield message["piece"]
                elif "error" in message:
                    raise BackendUnavailable(f"The model failed on this question ({message['error']})")
                else:
                    self._failures = 0
                    return

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> bool:
        """Block until the current child has loaded the model; False if it died or timed out."""
        child = self._child
        return child.ready.wait(timeout_s) and child.alive and child.loaded

    def close(self) -> None:
        self._child.stop()
