"""Answer records made by hand, for the tests of what is done with records (feedback, exports)."""

from __future__ import annotations

from core.record import AnswerRecord, Citation, Claim

SEED_DOC = "000_01ad9004e4fff8d2"
AGE_QUOTE = "Two months earlier, the 26-year-old claims he deserted from the Russian mercenaries, the Wagner Group."
RUNS_QUOTE = "Founded in 2014, the Wagner Group is run by the businessman Yevgeny Prigozhin."


def answered(question: str = "How old is Andrey Medvedev?", answer: str = "He is 26 [1].",
             quote: str = AGE_QUOTE, status: str = "supported", doc_id: str = SEED_DOC) -> AnswerRecord:
    """An answer citing one passage, in one claim with `status`."""
    note = None if status == "supported" else "The article attributes this to him."
    return AnswerRecord(
        question=question, answer=answer, answerable=True,
        claims=[Claim(text=answer.replace(" [1]", ""), status=status, citations=[1], note=note)],  # type: ignore[arg-type]
        citations=[Citation(id=1, doc_id=doc_id, quote=quote, start=454, end=454 + len(quote), score=0.8)],
        unverified=status != "supported", backend="extractive", timings_ms={"total": 12.0},
    )


def refused(question: str = "What is the name of Medvedev's mother?") -> AnswerRecord:
    """"The article does not say", with two closest passages from two documents."""
    return AnswerRecord(
        question=question, answer="The article does not say. The closest passages are shown below.",
        answerable=False,
        citations=[Citation(id=1, doc_id=SEED_DOC, quote=AGE_QUOTE, start=454, end=556, score=0.3),
                   Citation(id=2, doc_id="other_doc", quote="His mother lives in Tomsk.", start=0, end=26, score=0.2)],
        backend="extractive", timings_ms={"total": 9.0},
    )
