"""Stage 4, read: which retrieved passages answer the question, best first, or why none does.

`ReadStage` is the interface. `RuleReader` (rag/rules.py) is the implementation on the answer
path: a ranking and a gate of general rules. A learned reader (rag/reader.py, a cross-encoder)
can take its place as another class with the same `read`, passed as `Chain(reader=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from rag.question import Question
from rag.rank import Scored
from rag.retrieve import Candidate

# What each refusal rule means, for a reader of the record ("read:cosine_floor").
REASONS = {
    "no_passages": "nothing was retrieved",
    "instruction": "the question addresses the system",
    "named_but_absent": "the question names something the documents never mention",
    "no_kind": "no passage holds the kind of answer asked for",
    "cosine_floor": "the best passage is not close enough in meaning",
    "overlap": "the best passage shares too few of the question's words",
    "another_one": "the question asks about another of a series than the passage names",
    "unnamed": "the passage speaks of the thing asked about without saying which",
    "not_known": "the article says it is not known",
    "no_part": "no part of the question is answered",
    "check_unrelated": "nothing else the article says bears on the previous answer",
    "no_documents": "no document is indexed",
    "no_caveat": "the article says nothing about checking the account",
    "reader_below_threshold": "the reader found no passage that answers (rag/learned.py)",
    "detail_absent": "the passages that answer do not give a name or number the question states (rag/details.py)",
    "reader_veto": "the reader finds that none of the rules' passages answers what is asked (rag/checked.py)",
}


@dataclass
class Found:
    """What the retrieve stage found: candidates best first, and the query's vector if embedded."""

    candidates: list[Candidate]
    vector: np.ndarray | None = None


@dataclass
class Reading:
    """What the read stage decided."""

    answerable: bool
    evidence: list[Scored]  # what the answer cites, best first
    closest: list[Scored] = field(default_factory=list)  # what to show when it is not answerable
    premise_only: bool = False  # the first passage is cited only to correct the question's premise
    refused_by: str | None = None  # "stage:rule" that refused, when not answerable
    score: float | None = None  # a learned reader's P(answers) for its best passage (None: the rules)
    short: str | None = None  # the short answer inside a cited passage, where the reader gives one
    caution: str | None = None  # what the reader doubts in its own answer, shown with it

    @classmethod
    def refused(cls, rule: str, closest: list[Scored], stage: str = "read") -> Reading:
        return cls(False, [], closest, refused_by=f"{stage}:{rule}")


class ReadStage(Protocol):
    def read(self, question: Question, found: Found) -> Reading:
        """The evidence that answers `question` among `found`, or a refusal naming its rule."""
        ...
