"""The read stage with a learned reader (rag/reader.py) in place of the rules: not the default.

The reader reads each retrieved sentence with its neighbours; its P(answers) ranks them. The
best that gives every name and number the question states (rag/details.py) answers if its
P(answers) reaches the threshold chosen on dev. Where the best passage lacks a detail because it
gives another value in its place ("What did the 2021 review warn?" against the 2022 review), the
answer corrects the premise from it instead of refusing. `RAG_READER=model` (Settings.reader) puts it on
the answer path; the record then carries `answer_score` and the reader's `short_answer`.
"""

from __future__ import annotations

from dataclasses import replace

from rag import thresholds as th
from rag.corpus import Corpus
from rag.details import missing
from rag.premise import first_contrast
from rag.question import Question
from rag.rank import Scored
from rag.read import Found, Reading
from rag.reader import Passage, Reader
from rag.reader import Reading as Said
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
        evidence: list[Scored] = []
        short, score, refused_by = None, 0.0, "reader_below_threshold"
        for part in question.parts:  # "When was it founded, and who runs it?": the best passage for each part
            ranked = self._ranked(part, question.query if part is question else part.text, candidates)
            # The best passage that gives every name and number the part states
            giving = ((s, r) for s, r in ranked if missing(part.details, self.corpus.window(s.candidate.node)) is None)
            best, reading = next(giving, (None, None))
            score = max(score, best.score if best else 0.0)
            if best is None or best.score < self.threshold:
                top = ranked[0][0]
                if top.score >= self.threshold and not evidence and self._corrects(part, top):
                    evidence.append(top)  # a false premise: the answer corrects it first (Chain._contrast)
                    score = max(score, top.score)
                elif top.score >= self.threshold:
                    refused_by = "detail_absent"  # a passage answers, but not about what was asked
                continue
            if all(e.candidate.node is not best.candidate.node for e in evidence):
                evidence.append(best)
                if short is None and reading and reading.span:
                    short = best.candidate.text[reading.span[0]:reading.span[1]]
        if not evidence:
            return replace(Reading.refused(refused_by, closest), score=score)
        return Reading(True, evidence, closest, score=score, short=short)

    def judge(self, question: Question, passages: list[Scored]) -> tuple[float, str | None]:
        """The reader's best P(answers) among the passages another stage cites, and its short answer
        inside that passage: a "why" may be answered by the second passage, which gives the reason."""
        (scored, said), *_ = self._ranked(question, question.query, [p.candidate for p in passages])
        span = said.span
        return scored.score, scored.candidate.text[span[0]:span[1]] if span else None

    def _corrects(self, part: Question, top: Scored) -> bool:
        """Whether the passage gives a value the question states differently ("2022" for "2021"):
        a false premise to correct in the passage's words, rather than a question to refuse."""
        return first_contrast(part.text, top.candidate.text, self.corpus.document_of(top)) is not None

    def _ranked(self, question: Question, query: str, candidates: list[Candidate]) -> list[tuple[Scored, Said]]:
        """Candidates with the reader's P(answers) as their score, best first, each with what the
        reader said of it; a follow-up is read both as asked and with its earlier turn, and keeps
        the better reading."""
        passages = [self._passage(c) for c in candidates]
        readings = self.reader.read(question.text, passages)
        if query != question.text:
            again = self.reader.read(query, passages)
            readings = [max(a, b, key=lambda r: r.answers) for a, b in zip(readings, again)]
        scored = [(Scored(c, 0.0, 0.0, 1.0 if r.span else 0.0, r.answers), r) for c, r in zip(candidates, readings)]
        return sorted(scored, key=lambda pair: pair[0].score, reverse=True)

    def _passage(self, candidate: Candidate) -> Passage:
        return Passage(candidate.text, *self.corpus.neighbours(candidate.node))

