"""The read stage with a learned reader (rag/reader.py) in place of the rules: not the default.

The reader reads each retrieved sentence with its neighbours; its P(answers) ranks them and,
against a threshold chosen on dev, decides. Use it with

    chain = Chain(settings)
    chain.context.reader = ModelRead(load_reader(), chain.corpus, thresholds()["answers"])

On the project's own sets it scored well below the rules (README, "The learned reader"), so
the rules stay on the answer path.
"""

from __future__ import annotations

from rag import thresholds as th
from rag.corpus import Corpus
from rag.question import Question
from rag.rank import Scored
from rag.read import Found, Reading
from rag.reader import Passage, Reader
from rag.retrieve import Candidate

READ_TOP = 8  # the retrieved sentences the reader reads


class ModelRead:
    """A `ReadStage` (rag/read.py) that asks a `Reader` which passage answers."""

    def __init__(self, reader: Reader, corpus: Corpus, threshold: float) -> None:
        self.reader, self.corpus, self.threshold = reader, corpus, threshold

    def read(self, question: Question, found: Found) -> Reading:
        candidates = found.candidates[:READ_TOP]
        if not candidates:
            return Reading.refused("no_passages", [])
        closest = [Scored(c, 0.0, 0.0, 0.5, c.fused) for c in candidates[:th.CLOSEST_SHOWN]]
        if question.instruction:
            return Reading.refused("instruction", closest)
        evidence = []
        for part in question.parts:  # "When was it founded, and who runs it?": the best passage for each part
            best = self._ranked(part, question.query if part is question else part.text, candidates)[0]
            if best.score >= self.threshold and all(e.candidate.node is not best.candidate.node for e in evidence):
                evidence.append(best)
        if not evidence:
            return Reading.refused("reader_below_threshold", closest)
        return Reading(True, evidence, closest)

    def _ranked(self, question: Question, query: str, candidates: list[Candidate]) -> list[Scored]:
        """Candidates with the reader's P(answers) as their score, best first; a follow-up is read
        both as asked and with its earlier turn, and keeps the better reading."""
        passages = [self._passage(c) for c in candidates]
        readings = self.reader.read(question.text, passages)
        if query != question.text:
            again = self.reader.read(query, passages)
            readings = [max(a, b, key=lambda r: r.answers) for a, b in zip(readings, again)]
        scored = [Scored(c, 0.0, 0.0, 1.0 if r.span else 0.0, r.answers) for c, r in zip(candidates, readings)]
        return sorted(scored, key=lambda s: s.score, reverse=True)

    def _passage(self, candidate: Candidate) -> Passage:
        before = self.corpus.previous_sentence.get(candidate.node.node_id)
        after = self.corpus.next_sentence.get(candidate.node.node_id)
        return Passage(candidate.text, before.get_content() if before else "", after.get_content() if after else "")

