"""A retrieved passage as the reader scored it: what the answer path passes from stage to stage."""

from __future__ import annotations

from dataclasses import dataclass

from rag.retrieve import Candidate


@dataclass
class Scored:
    candidate: Candidate
    coverage: float  # kept for the record's shape: share of the question's words in the sentence (unused: 0)
    context_coverage: float  # ... in its paragraph (unused: 0)
    typed: float  # 1 if the reader found a short answer in it, else 0 (0.5 where it was not read)
    score: float  # the reader's probability that it answers the question (the fused rank where not read)
    span: tuple[int, int] | None = None  # the short answer in the sentence, where the reader found one
