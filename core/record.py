"""The answer record of ../shared/docs/answer-contract.md. Fields are only ever added."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["supported", "reported", "unsupported"]
MARKER = re.compile(r"\[(\d+)\]")  # a citation marker in `answer`: [n] points at the citation whose id is n


def strip_markers(answer: str) -> str:
    """The answer as a reader says it: without its [n] markers, whitespace collapsed."""
    return " ".join(re.sub(r"\s*" + MARKER.pattern, "", answer).split())


class Citation(BaseModel):
    id: int
    doc_id: str
    quote: str  # verbatim: open(source).read()[start:end] == quote
    start: int
    end: int
    score: float
    source: str | None = None  # path of the document as ingested
    label: str | None = None  # the sentence's factuality label: asserted | reported


class Claim(BaseModel):
    text: str
    status: Status
    citations: list[int] = Field(default_factory=list)
    note: str | None = None


class AnswerRecord(BaseModel):
    id: str | None = None
    question: str
    answer: str
    answerable: bool
    claims: list[Claim] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    unverified: bool = False
    backend: str
    timings_ms: dict[str, float] = Field(default_factory=dict)
    notice: str | None = None  # e.g. "the LLM server did not answer; extractive answer shown"

    def to_json(self) -> str:
        return self.model_dump_json()
