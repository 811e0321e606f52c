"""The answer record of ../shared/docs/answer-contract.md. Fields are only ever added."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["supported", "reported", "unsupported"]
# The [n] marker in `answer` (it points at the citation whose id is n) has its home in core/citations.py.


class ResolvedDate(BaseModel):
    """A relative date in a quote ("last Friday"), resolved against its article's publication date."""

    text: str  # as the quote says it: "last Friday"
    start: int  # offsets into the source file, like the citation's
    end: int
    date: str  # ISO 8601: "2023-03-03"
    basis: str  # the publication date it was resolved from, ISO 8601: "2023-03-07"


class Citation(BaseModel):
    id: int
    doc_id: str
    quote: str  # verbatim: open(source).read()[start:end] == quote
    start: int
    end: int
    score: float
    source: str | None = None  # path of the document as ingested
    label: str | None = None  # the sentence's factuality label: asserted | reported
    speaker: str | None = None  # of a reported passage: who the article says is talking, if anyone
    caveat: str | None = None  # what the article says about checking this account ("cannot be verified")
    dates: list[ResolvedDate] = Field(default_factory=list)  # its relative dates, where the article is dated


class Claim(BaseModel):
    text: str
    status: Status
    citations: list[int] = Field(default_factory=list)
    note: str | None = None


class Account(BaseModel):
    """What one source says, where the cited passages give several accounts."""

    speaker: str  # "Tom Hale", "police", "the article" (its own voice)
    claims: list[str] = Field(default_factory=list)  # the statements, as the answer gives them
    citations: list[int] = Field(default_factory=list)  # citations[].id of the passages
    caveat: str | None = None  # what the article says about checking this account
    doc_ids: list[str] = Field(default_factory=list)  # the documents it comes from


class Premise(BaseModel):
    """A value the question states that the cited passage gives differently, corrected in the answer."""

    asked: str  # as the question says it: "2021"
    said: str  # as the passage says it, verbatim: "2022"
    citation: int = 1  # citations[].id of the passage that says it


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
    refused_by: str | None = None  # when not answerable, the stage and rule that refused: "read:cosine_floor"
    scope: str | None = None  # the doc_id the answer was limited to; None: all documents
    retrieved: list[Citation] = Field(default_factory=list)  # passages retrieved but not cited (ids of their own)
    accounts: list[Account] = Field(default_factory=list)  # who says what, where the passages give several accounts
    short_answer: str | None = None  # the span of the first cited passage that answers (a name, a number, a date)
    answer_score: float | None = None  # the learned reader's P(answers) for its best passage; None with the rules
    premise: Premise | None = None  # the question's false premise that the answer corrects first, if any

    def to_json(self) -> str:
        return self.model_dump_json()
