"""Evidence selection: rerank retrieved sentences for a question and decide if it is answerable.

Features are general: dense similarity, how much of the question's (IDF-weighted) content
the sentence and its paragraph cover, and whether the sentence holds the kind of thing
the question asks for (a number, a date, an age, a name, a place).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rag.retrieve import Candidate
from rag.text import content_stems

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
ANSWER_TYPES: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    # (name, question pattern, what a sentence must contain)
    ("age", re.compile(r"\bhow old\b|\bage\b|\baged\b", re.I),
     re.compile(r"\b\d+[- ]year[- ]old\b(?!s)|\baged? \d+|\b\d+ years old\b")),
    ("time", re.compile(r"\bwhen\b|\bwhat (?:year|date|time|day|month)\b|\bwhich (?:year|date|day|month)\b|\bwhat time\b", re.I),
     re.compile(rf"\b(?:1[89]|20)\d\d\b|{_MONTHS}|{_DAYS}|\b\d{{1,2}}\s*(?:am|pm)\b|\b\d{{1,2}}:\d\d\b|\bago\b|\b(?:earlier|later|yesterday|today|tonight|morning|evening|night)\b", re.I)),
    ("quantity", re.compile(r"\bhow (?:many|much|long|far|big|large|often)\b|\bwhat (?:percentage|proportion|share|number|amount|sum)\b", re.I),
     re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|twice|once|several|few)\b", re.I)),
    ("person", re.compile(r"^\s*(?:who|whom|whose)\b|\bwho (?:is|was|are|were|runs|leads|founded)\b", re.I),
     re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")),
    ("place", re.compile(r"\bwhere\b|\bwhich (?:country|city|town|region|village|province|place)\b|\bwhat (?:country|city|town|region|village|province|place)\b", re.I),
     re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")),
]


def answer_type(question: str) -> tuple[str, re.Pattern[str]] | None:
    for name, asks, holds in ANSWER_TYPES:
        if asks.search(question):
            return name, holds
    return None


def holds_answer(wanted: tuple[str, re.Pattern[str]], sentence: str, question: str) -> bool:
    """The sentence has a thing of the asked type that the question does not already name."""
    name, pattern = wanted
    asked = question.lower()
    return any(m.group().lower() not in asked for m in pattern.finditer(sentence)) if name in {"person", "place"} \
        else pattern.search(sentence) is not None


@dataclass
class Scored:
    candidate: Candidate
    coverage: float  # share of the question's IDF weight found in the sentence
    context_coverage: float  # ... in the sentence's paragraph
    typed: float  # 1 if it holds what the question asks for, 0 if not, 0.5 if nothing is asked
    score: float


class EvidenceSelector:
    """Holds corpus statistics (IDF of stems); scores candidates for one question at a time."""

    def __init__(self, sentences: list[str]) -> None:
        df: dict[str, int] = {}
        for text in sentences:
            for term in set(content_stems(text)):
                df[term] = df.get(term, 0) + 1
        self.n = max(1, len(sentences))
        self.idf = {term: math.log(1 + self.n / count) for term, count in df.items()}
        self.unknown_idf = math.log(1 + self.n) + 1.0  # a word the corpus never uses

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def coverage(self, terms: list[str], text: str) -> float:
        if not terms:
            return 0.0
        have = set(content_stems(text))
        total = sum(self.weight(t) for t in set(terms))
        return sum(self.weight(t) for t in set(terms) if t in have) / total

    def unknown_share(self, question: str) -> float:
        """IDF share of the question's terms that the corpus never uses at all."""
        terms = set(content_stems(question))
        if not terms:
            return 1.0
        total = sum(self.weight(t) for t in terms)
        return sum(self.weight(t) for t in terms if t not in self.idf) / total

    def rank(self, question: str, candidates: list[Candidate], paragraphs: dict[str, str]) -> list[Scored]:
        """Candidates, best first. `paragraphs` maps node id to the text of its paragraph."""
        terms = content_stems(question)
        wanted = answer_type(question)
        scored = []
        for cand in candidates:
            cov = self.coverage(terms, cand.text)
            ctx = self.coverage(terms, paragraphs.get(cand.node.node_id, cand.text))
            typed = 0.5 if wanted is None else float(holds_answer(wanted, cand.text, question))
            score = 0.45 * cand.cosine + 0.1 * cov + 0.3 * ctx + 0.15 * typed
            scored.append(Scored(cand, cov, ctx, typed, score))
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored
