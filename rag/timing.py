"""Wall-clock timing of the answer path: `with timer.stage("read"):` fills the record's timings_ms."""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Timer:
    """Milliseconds per stage since the timer started, plus `first_token` and `total`."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.ms: dict[str, float] = {}

    def elapsed(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Times the block; a stage entered twice adds up."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = self.ms.get(name, 0.0) + (time.perf_counter() - start) * 1000

    def has_sent(self) -> bool:
        """Whether answer text has gone out yet."""
        return "first_token" in self.ms

    def first_token(self) -> None:
        """Notes when the first answer text goes out (once)."""
        self.ms.setdefault("first_token", self.elapsed())

    def streamed(self, pieces: Generator[str, None, T]) -> Generator[str, None, T]:
        """Passes text pieces on, noting when the first went out; returns what `pieces` returns."""
        while True:
            try:
                piece = next(pieces)
            except StopIteration as done:
                return done.value
            self.first_token()
            yield piece

    def timings(self) -> dict[str, float]:
        """Every stage so far, and the total."""
        return {**self.ms, "total": self.elapsed()}
