"""Stage 7, record: the answer record of the answer contract (core/record.py), and what it cites."""

from __future__ import annotations

from core.citations import cite
from core.record import AnswerRecord, Citation, Claim, Premise
from index.store import parse_frame
from rag.corpus import Corpus
from rag.rank import Scored
from rag.read import Reading
from rag.verify import Passage

NOT_SAID = "The article does not say. The closest passages are shown below."


def passages(evidence: list[Scored], corpus: Corpus) -> dict[int, Passage]:
    """The evidence numbered from 1, as the draft cites it and the verifier reads it."""
    return {n: passage(n, scored, corpus) for n, scored in enumerate(evidence, start=1)}


def passage(n: int, scored: Scored, corpus: Corpus) -> Passage:
    meta = scored.candidate.meta
    return Passage(
        id=n, text=scored.candidate.text, context=corpus.paragraphs.get(scored.candidate.node.node_id, ""),
        label=meta["label"], speaker=meta.get("speaker") or None, cue=meta.get("cue") or None,
        caveat=meta.get("caveat_text") or None, frame=parse_frame(meta.get("frame") or ""),
    )


def citations(items: list[Scored]) -> list[Citation]:
    return [
        Citation(
            id=i + 1, doc_id=s.candidate.meta["doc_id"], quote=s.candidate.text,
            start=s.candidate.meta["start"], end=s.candidate.meta["end"], score=round(s.score, 4),
            source=s.candidate.meta.get("source"), label=s.candidate.meta.get("label"),
        )
        for i, s in enumerate(items)
    ]


def refusal(said: str, reading: Reading, backend: str, notice: str | None, qid: str | None) -> AnswerRecord:
    """"The article does not say", with the closest passages and the rule that refused."""
    return AnswerRecord(id=qid, question=said, answer=NOT_SAID, answerable=False, citations=citations(reading.closest),
                        backend=backend, notice=notice, refused_by=reading.refused_by,
                        answer_score=_rounded(reading.score))


def answer(said: str, claims: list[Claim], reading: Reading, backend: str, notice: str | None,
           qid: str | None, premise: Premise | None = None) -> AnswerRecord:
    """An answer: its text is the claims, each with the markers it was verified with; `retrieved`
    holds the reading's closest passages that it does not cite (numbered from 1 on their own)."""
    evidence = reading.evidence
    return AnswerRecord(
        id=qid, question=said, answer=answer_text(claims), answerable=True, claims=claims,
        citations=citations(evidence), unverified=any(c.status != "supported" for c in claims), backend=backend,
        notice=notice, retrieved=citations(not_cited(reading.closest, evidence)), short_answer=reading.short,
        answer_score=_rounded(reading.score), premise=premise,
    )


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(score, 4)


def not_cited(closest: list[Scored], evidence: list[Scored]) -> list[Scored]:
    """The passages of `closest` that are not among the evidence."""
    cited = {s.candidate.node.node_id for s in evidence}
    return [s for s in closest if s.candidate.node.node_id not in cited]


def answer_text(claims: list[Claim]) -> str:
    return " ".join(cite(c.text, *c.citations) for c in claims)
