"""Fakes for logic tests: they behave, deterministically, instead of asserting calls (no mocks).

- FakeReader: a reader by word overlap. A passage "answers" in proportion to the share of the
  question's content words it holds; the span is the first word of the sentence the question lacks.
- FakeGenerator: answers from a queue of scripted drafts and records every prompt it was given.
- FakeEmbedder: a deterministic embedding from hashed words, so different texts get different vectors.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import numpy as np

from rag.reader import Passage, Reading

_WORD = re.compile(r"[A-Za-z0-9]+")
_SMALL = frozenset("a an the of to in on at for by with is was are were did does do what who when where why how "
                   "which and or it its he she they his her their this that".split())


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in _SMALL}


class FakeReader:
    """Answers = share of the question's content words in the sentence; records what it read
    (the questions, and the passages with their neighbours)."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.passages: list[Passage] = []

    def read(self, question: str, passages: list[Passage]) -> list[Reading]:
        self.questions.append(question)
        self.passages += passages
        asked = content_words(question)
        readings = []
        for passage in passages:
            have = content_words(passage.text)
            share = len(asked & have) / len(asked) if asked else 0.0
            new = [m for m in _WORD.finditer(passage.text) if m.group().lower() not in asked | _SMALL]
            span = (new[0].start(), new[0].end()) if new and share else None
            readings.append(Reading(answers=share, related=1.0 - share, span=span))
        return readings

    def judge(self, claim: str, passages: list[Passage]) -> list[dict[str, float]]:
        asked = content_words(claim)
        out = []
        for passage in passages:
            share = len(asked & content_words(passage.text)) / len(asked) if asked else 0.0
            out.append({"entailed": share, "contradicted": 0.0, "not_given": 1.0 - share})
        return out

    def voice(self, passages: list[Passage]) -> list[float]:
        return [1.0 if re.search(r"\b(?:says|said|claims?|according)\b", p.text) else 0.0 for p in passages]


class FakeGenerator:
    """Drafts from a queue (the last one repeats); every (question, passages) prompt is recorded."""

    name = "fake"

    def __init__(self, drafts: list[str], strict: bool = False, fail: Exception | None = None) -> None:
        self.drafts = list(drafts)
        self.strict = strict  # a tiny model's drafts are held to the passage's own words
        self.fail = fail  # raised after the first piece, as a model that dies mid-answer
        self.prompts: list[tuple[str, list[tuple[int, str]]]] = []

    def stream(self, question: str, passages: list[tuple[int, str]]) -> Iterator[str]:
        self.prompts.append((question, passages))
        draft = self.drafts.pop(0) if len(self.drafts) > 1 else self.drafts[0]
        words = draft.split(" ")
        for i, word in enumerate(words):
            yield word if i == len(words) - 1 else word + " "
            if self.fail is not None:
                raise self.fail


class FakeEmbedder:
    """Unit vectors from hashed words: texts sharing words are close, different texts differ."""

    def __init__(self, dims: int = 64) -> None:
        self.dims = dims

    def __call__(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in content_words(text) or {text}:
                digest = hashlib.sha256(word.encode()).digest()
                out[row, digest[0] % self.dims] += 1.0 if digest[1] % 2 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out
